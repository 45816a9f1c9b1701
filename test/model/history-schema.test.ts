// Issue 18: the shape of one change and of a history (core/model/history.ts), shared by snapshot, API and cache.
import { describe, expect, it } from 'vitest';
import { ChangeSchema, HistoryGoneSchema, HistoryPageSchema } from '../../core/api/contract';
import { HistoryEntrySchema, HistorySchema } from '../../core/model/history';

const entry = (over: object = {}) => ({
  collection: 'users',
  key: 'u-1',
  at: '2026-11-28T14:02:00Z',
  author: 'u-admin',
  before: null,
  after: { id: 'u-1' },
  ...over,
});
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('history entry', () => {
  it('takes a creation, an edit and a deletion, with or without an author', () => {
    expect(HistoryEntrySchema.safeParse(entry()).success).toBe(true);
    expect(HistoryEntrySchema.safeParse(entry({ before: { id: 'u-1' }, author: null })).success).toBe(true);
    expect(HistoryEntrySchema.safeParse(entry({ before: { id: 'u-1' }, after: null })).success).toBe(true);
  });

  it('refuses a change that is none, a missing before, an unknown collection and a time without zone', () => {
    expect(messages(HistoryEntrySchema.safeParse(entry({ after: null })))).toEqual([
      'after: before and after are both null: that is no change',
    ]);
    const { before: _b, ...noBefore } = entry();
    expect(messages(HistoryEntrySchema.safeParse(noBefore))[0]).toMatch(/^before:/);
    expect(messages(HistoryEntrySchema.safeParse(entry({ collection: 'secrets' })))[0]).toMatch(/^collection:/);
    expect(messages(HistoryEntrySchema.safeParse(entry({ at: '2026-11-28 14:02' })))[0]).toMatch(/^at:/);
  });
});

describe('history', () => {
  it('names an entry that is out of time order or before since, and a gap that ends before it starts', () => {
    const r = HistorySchema.safeParse({
      since: '2026-11-01T00:00:00Z',
      entries: [entry({ at: '2026-11-02T00:00:00Z' }), entry({ at: '2026-11-01T12:00:00Z' }), entry({ at: '2026-10-31T00:00:00Z' })],
      gaps: [{ from: '2026-11-03T00:00:00Z', to: '2026-11-02T00:00:00Z', reason: 'x' }],
    });
    expect(messages(r)).toEqual([
      'gaps.0.to: a gap ends before it starts',
      'entries.1.at: change at 2026-11-01T12:00:00Z is earlier than entries[0] (entries must be ordered by time)',
      "entries.2.at: change at 2026-10-31T00:00:00Z is before the history's since (2026-11-01T00:00:00Z)",
    ]);
  });

  it('orders by instant, not by text: an offset time equal to a Z time is in order, and gaps default to none', () => {
    const r = HistorySchema.parse({
      since: '2026-11-01T00:00:00Z',
      entries: [entry({ at: '2026-11-02T02:00:00+02:00' }), entry({ at: '2026-11-02T00:00:00Z' })],
    });
    expect(r.gaps).toEqual([]);
  });
});

describe('contract additions', () => {
  it('a feed change may carry its time and author; older servers send neither', () => {
    expect(ChangeSchema.parse({ op: 'delete', key: 'a', at: '2026-11-28T14:02:00Z', author: null })).toMatchObject({
      at: '2026-11-28T14:02:00Z',
      author: null,
    });
    expect(ChangeSchema.safeParse({ op: 'put', key: 'a', record: {} }).success).toBe(true);
    // An unreadable time or author never refuses the change: they read as absent (the history marks a gap).
    expect(ChangeSchema.parse({ op: 'put', key: 'a', record: {}, at: 'yesterday', author: 'x'.repeat(201) })).toEqual({
      op: 'put',
      key: 'a',
      record: {},
    });
  });

  it('a history page and its 410 answer', () => {
    expect(
      HistoryPageSchema.safeParse({
        entries: [entry()],
        cursor: 'c',
        hasMore: false,
        since: '2026-11-01T00:00:00Z',
        serverTime: '2026-12-01T00:00:00Z',
      }).success,
    ).toBe(true);
    expect(HistoryGoneSchema.parse({ error: { code: 'gone', message: 'too old' }, since: '2026-11-01T00:00:00Z' }).since).toBe(
      '2026-11-01T00:00:00Z',
    );
  });
});
