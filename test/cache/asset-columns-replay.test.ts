// The assets' segments replayed into columns give what replaySegments gives (core/cache/segments.ts): the same
// records in the same order, whatever the puts, deletes and re-puts; anything else stored gives null, not a guess.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AssetColumnsReplay } from '../../core/cache/asset-columns-replay';
import { encodePuts, type Segment } from '../../core/cache/db';
import { replaySegments } from '../../core/cache/segments';
import type { Asset } from '../../core/model/snapshot';

const assetArb: fc.Arbitrary<Asset> = fc.record({
  id: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'),
  name: fc.string({ maxLength: 4 }),
  siteId: fc.constantFrom('s1', 's2'),
  projectId: fc.constantFrom('p1', 'p2'),
  tags: fc.array(fc.constantFrom('north', 'pump', 'vsd', 'a\u0000b'), { maxLength: 3 }),
});

/** Segments as a sync writes them: puts by column (encodePuts), or as a plain array as older caches hold them. */
const segmentsArb: fc.Arbitrary<Segment[]> = fc
  .array(
    fc.record({
      puts: fc.array(assetArb, { maxLength: 4 }),
      deletes: fc.uniqueArray(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'gone'), { maxLength: 2 }),
      plain: fc.boolean(),
    }),
    { maxLength: 6 },
  )
  .map((pages) => pages.map((p, i) => ({ id: i + 1, puts: p.plain ? JSON.stringify(p.puts) : encodePuts(p.puts), deletes: p.deletes })));

function replayed(segments: readonly Segment[]) {
  const replay = new AssetColumnsReplay();
  for (const s of segments) replay.add(s);
  return replay.finish();
}

/** The columns read back as records, row by row. */
function rows(c: NonNullable<ReturnType<typeof replayed>>): Asset[] {
  return c.ids.map((id, i) => ({
    id,
    name: c.names[i],
    projectId: c.projectIds[i],
    siteId: c.siteIds[i],
    tags: 'list' in c.tags ? c.tags.list.slice(c.tags.start[i], c.tags.start[i] + c.tags.count[i]) : [...c.tags.lists[i]],
  }));
}

describe('the assets replayed into columns', () => {
  it('hold the records replaySegments gives, in its order, with each id indexed to its row', () => {
    fc.assert(
      fc.property(segmentsArb, (segments) => {
        const columns = replayed(segments)!;
        const records = [...replaySegments('assets', segments).values()] as Asset[];
        expect(rows(columns)).toEqual(records);
        expect([...columns.index!]).toEqual(records.map((r, i) => [r.id, i]));
      }),
      { numRuns: 200 },
    );
  });

  it('keep a repeated site id, project id or tag once', () => {
    const columns = replayed([
      { id: 1, puts: encodePuts([{ id: 'a1', name: 'A', siteId: 's1', projectId: 'p1', tags: ['north'] }]), deletes: [] },
      { id: 2, puts: encodePuts([{ id: 'a2', name: 'B', siteId: 's1', projectId: 'p1', tags: ['north'] }]), deletes: [] },
    ])!;
    expect(columns.siteIds).toEqual(['s1', 's1']);
    expect(new Set('list' in columns.tags ? columns.tags.list : []).size).toBe(1);
  });

  it.each([
    ['a record without its tags', encodePuts([{ id: 'a1', name: 'A', siteId: 's1', projectId: 'p1' }])],
    ['a tag that is not text', JSON.stringify([{ id: 'a1', name: 'A', siteId: 's1', projectId: 'p1', tags: [7] }])],
    ['an id that is not text', JSON.stringify([{ id: 1, name: 'A', siteId: 's1', projectId: 'p1', tags: [] }])],
    ['neither records nor columns', JSON.stringify({ fields: ['id'] })],
  ])('give null for a segment holding %s', (_, puts) => {
    expect(replayed([{ id: 1, puts, deletes: [] }])).toBeNull();
  });
});
