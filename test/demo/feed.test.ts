// The change feed under any interleaving of writes, deletes and page reads: a reader that applies every page and
// resumes from each page's position ends with exactly the live records — including across log compaction.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CollectionFeed } from '../../demo/feed';

type Op = { kind: 'put'; key: number; v: number } | { kind: 'del'; key: number } | { kind: 'read'; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: fc.integer({ min: 0, max: 40 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('del' as const), key: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('read' as const), limit: fc.integer({ min: 1, max: 7 }) }),
);

function live(feed: CollectionFeed): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of feed.records()) out.set(String((r as { k: string }).k), r);
  return out;
}

/** Reads everything after `from`, page by page; returns the new position. */
function drain(feed: CollectionFeed, replica: Map<string, unknown>, from: number, limit: number, fromStart: boolean): number {
  let pos = from;
  for (;;) {
    const page = feed.page(pos, limit, !fromStart);
    const keys = page.changes.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length); // each key at most once per page
    for (const c of page.changes) c.record === null ? replica.delete(c.key) : replica.set(c.key, c.record);
    pos = page.hasMore ? page.lastExamined : Math.max(pos, feed.lastSeq);
    if (!page.hasMore) return pos;
  }
}

describe('collection feed', () => {
  it('brings a resuming reader to exactly the live state, whatever happens between its pages', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), fc.integer({ min: 1, max: 9 }), (ops, finalLimit) => {
        const feed = new CollectionFeed();
        const replica = new Map<string, unknown>();
        let seq = 0;
        let pos = 0;
        let started = false;
        for (const o of ops) {
          if (o.kind === 'put') feed.write(String(o.key), { k: String(o.key), v: o.v }, ++seq);
          else if (o.kind === 'del') {
            if (feed.get(String(o.key)) !== undefined) feed.write(String(o.key), null, ++seq);
          } else {
            // One page only: the rest of the feed keeps changing before the next read.
            const page = feed.page(pos, o.limit, started);
            for (const c of page.changes) c.record === null ? replica.delete(c.key) : replica.set(c.key, c.record);
            pos = page.hasMore ? page.lastExamined : Math.max(pos, feed.lastSeq);
            started = true;
          }
        }
        drain(feed, replica, pos, finalLimit, !started);
        expect(replica).toEqual(live(feed));
      }),
      { numRuns: 200 },
    );
  });

  it('stays correct after compacting a log full of stale entries', () => {
    const feed = new CollectionFeed();
    let seq = 0;
    for (let i = 0; i < 50; i++) feed.write(`k${i}`, { k: `k${i}`, v: 0 }, ++seq);
    const replica = new Map<string, unknown>();
    const pos = drain(feed, replica, 0, 10, true);
    // 3,000 rewrites of a few keys: far past the compaction threshold.
    for (let i = 0; i < 3000; i++) feed.write(`k${i % 5}`, { k: `k${i % 5}`, v: i }, ++seq);
    feed.write('k7', null, ++seq);
    drain(feed, replica, pos, 3, false);
    expect(replica).toEqual(live(feed));
    expect(feed.size).toBe(49);
    expect(feed.tombstones).toBe(1);
  });

  it('starts a fresh reader without tombstones', () => {
    const feed = new CollectionFeed();
    feed.write('a', { k: 'a' }, 1);
    feed.write('b', { k: 'b' }, 2);
    feed.write('a', null, 3);
    expect(feed.page(0, 10, false).changes.map((c) => c.key)).toEqual(['b']);
    expect(feed.page(0, 10, true).changes.map((c) => [c.key, c.record === null])).toEqual([
      ['b', false],
      ['a', true],
    ]);
  });
});
