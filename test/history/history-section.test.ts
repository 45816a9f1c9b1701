// Issue 18: the snapshot's optional history section (validation naming paths) and the timeline's exports.
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { userTimeline } from '../../core/history/timeline';
import type { History, HistoryEntry } from '../../core/model/history';
import { formatProblem, parseSnapshot } from '../../core/model/validate';
import { timelineCsv, timelineMarkdown } from '../../core/wording/history-export';
import { replay } from './support';

const base = generateFleet({ seed: 5, assets: 200 });
const user = base.users.find((u) => u.id === 'u-tara-tech')!;
const disable = (at: string, author: string | null = 'u-gina-admin'): HistoryEntry => ({
  collection: 'users',
  key: user.id,
  at,
  author,
  before: user,
  after: { ...user, status: 'disabled' },
});

describe('snapshot history section', () => {
  it('is optional: the same snapshot without it parses to the same collections', () => {
    const plain = parseSnapshot(base);
    const withHistory = parseSnapshot({ ...base, history: { since: '2026-11-01T00:00:00Z', entries: [] } });
    expect(plain.ok && withHistory.ok).toBe(true);
    if (plain.ok && withHistory.ok) {
      expect(plain.value.history).toBeUndefined();
      expect(withHistory.value.history).toEqual({ since: '2026-11-01T00:00:00Z', entries: [], gaps: [] });
      expect({ ...withHistory.value, history: undefined }).toEqual({ ...plain.value, history: undefined });
    }
  });

  it('refuses entries out of time order, naming the entry', () => {
    const r = parseSnapshot({
      ...base,
      history: { since: '2026-11-01T00:00:00Z', entries: [disable('2026-11-03T00:00:00Z'), disable('2026-11-02T00:00:00Z')] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map(formatProblem)).toEqual([
        'history.entries[1].at: change at 2026-11-02T00:00:00Z is earlier than entries[0] (entries must be ordered by time)',
      ]);
  });

  it("holds each entry to a record's size bounds, naming it", () => {
    const huge = { ...user, name: 'x'.repeat(20_000) };
    const r = parseSnapshot({
      ...base,
      history: { since: '2026-11-01T00:00:00Z', entries: [{ ...disable('2026-11-03T00:00:00Z'), after: huge }] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map(formatProblem)).toEqual([
        'history.entries[0].after.name: a text of 20000 characters is longer than the limit of 10000',
      ]);
  });
});

describe('timeline exports', () => {
  const entry = disable('2026-11-05T10:00:00Z', '=HYPERLINK("http://evil")');
  const history: History = { since: '2026-11-01T00:00:00Z', entries: [entry], gaps: [] };
  const now = replay(base, [entry]);
  const t = userTimeline(now, history, user.id);

  it('writes one CSV row per group, with the formula guard on platform text', () => {
    const csv = timelineCsv(t, history);
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + t.events[0].groups.length);
    expect(rows[1]).toContain(`"user «${user.name}»: status active → disabled"`);
    expect(rows[1]).toContain('"\'=HYPERLINK(""http://evil"")"');
  });

  it('writes Markdown for a ticket with the time, the change and the assets lost', () => {
    const md = timelineMarkdown(t, history);
    expect(md).toContain(`- **2026-11-05T10:00:00Z** — user «${user.name}»: status active → disabled`);
    expect(md).toMatch(/→ \d+ assets? hidden/);
    // platform text cannot open a link or a code span in the ticket
    expect(md).toContain('(by =HYPERLINK\\("http://evil"\\))');
  });
});
