// The assets' segments replayed into columns give what replaySegments gives (core/cache/segments.ts): the same
// records in the same order, whatever the puts, deletes and re-puts; anything else stored gives null, not a guess.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AssetColumnsReplay } from '../../core/cache/asset-columns-replay';
import { encodePuts, type Segment } from '../../core/cache/db';
import { replaySegments } from '../../core/cache/segments';
import type { Asset } from '../../core/model/snapshot';
import type { AssetColumns } from '../../core/engine/compile-columns';
import { buildIdHash, lookupId } from '../../core/engine/id-hash';
import { columnStrings, storeColumn, toStringColumn } from '../../core/engine/string-column';

const IDS = ['a1', 'a2', 'a3', 'é1', 'a\u0000'] as const;

const assetArb: fc.Arbitrary<Asset> = fc.record({
  id: fc.constantFrom(...IDS),
  name: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('Pump · 7', 'Ã©', 'é', 'a\u0000b')),
  siteId: fc.constantFrom('s1', 's2'),
  projectId: fc.constantFrom('p1', 'p2'),
  tags: fc.array(fc.constantFrom('north', 'pump', 'vsd', 'a\u0000b'), { maxLength: 3 }),
});

/** Segments as a sync writes them: puts by column (encodePuts), or as a plain array as older caches hold them. */
const segmentsArb: fc.Arbitrary<Segment[]> = fc
  .array(
    fc.record({
      puts: fc.array(assetArb, { maxLength: 4 }),
      deletes: fc.uniqueArray(fc.constantFrom(...IDS, 'gone'), { maxLength: 2 }),
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
  const { ids, names } = strings(c);
  return ids.map((id, i) => ({
    id,
    name: names[i],
    projectId: c.projectIds[i],
    siteId: c.siteIds[i],
    tags: 'list' in c.tags ? c.tags.list.slice(c.tags.start[i], c.tags.start[i] + c.tags.count[i]) : [...c.tags.lists[i]],
  }));
}

function strings(c: AssetColumns): { ids: readonly string[]; names: readonly string[] } {
  return 'bytes' in c ? { ids: columnStrings(c.bytes.ids), names: columnStrings(c.bytes.names) } : c;
}

/** The byte columns and id table are what the stored image makes of the same ids and names (fleet-image.ts). */
function expectImageColumns(c: AssetColumns): void {
  if (!('bytes' in c)) throw new Error('the replay gave no byte columns');
  const { ids, names } = strings(c);
  const idText = toStringColumn(ids);
  expect(c.bytes.ids).toEqual(storeColumn(idText));
  expect(c.bytes.names).toEqual(storeColumn(toStringColumn(names)));
  expect(c.bytes.hash).toEqual(buildIdHash(ids, idText));
}

/** 9,000 assets over three segments, some deleted and one put again: more than one chunk of every store. */
function manySegments(): Segment[] {
  const many = (from: number, to: number, name: string) =>
    Array.from({ length: to - from }, (_, k) => ({
      id: `asset-${from + k}`,
      name: `${name} ${from + k}`,
      siteId: 's1',
      projectId: 'p1',
      tags: [],
    }));
  return [
    { id: 1, puts: encodePuts(many(0, 6000, 'Pump')), deletes: [] },
    { id: 2, puts: encodePuts(many(3000, 9000, 'Fan')), deletes: ['asset-10', 'asset-11'] },
    { id: 3, puts: encodePuts(many(10, 11, 'Back')), deletes: ['asset-12'] },
  ];
}

describe('the assets replayed into columns', () => {
  it('hold the records replaySegments gives, in its order, with each id indexed to its row', () => {
    fc.assert(
      fc.property(segmentsArb, (segments) => {
        const columns = replayed(segments)!;
        const records = [...replaySegments('assets', segments).values()] as Asset[];
        expect(rows(columns)).toEqual(records);
        expectImageColumns(columns);
        if ('bytes' in columns)
          for (const [i, r] of records.entries()) expect(lookupId(columns.bytes.hash, columns.bytes.ids, r.id)).toBe(i);
      }),
      { numRuns: 200 },
    );
  });

  it('grow past their first capacity, with deleted ids put again going last', () => {
    const segments = manySegments();
    const columns = replayed(segments)!;
    const records = [...replaySegments('assets', segments).values()] as Asset[];
    expect(rows(columns)).toEqual(records);
    expect(records.at(-1)).toMatchObject({ id: 'asset-10', name: 'Back 10' });
    expectImageColumns(columns);
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
    // no UTF-8 for it: the image keeps such a column as text, which the records' compile makes
    ['a name with a lone surrogate', encodePuts([{ id: 'a1', name: 'A\ud800', siteId: 's1', projectId: 'p1', tags: [] }])],
  ])('give null for a segment holding %s', (_, puts) => {
    expect(replayed([{ id: 1, puts, deletes: [] }])).toBeNull();
  });
});

describe("the replay's stores", () => {
  it('are given back once the replay is finished, and the columns it gave stay whole', () => {
    // Node 20 has no ArrayBuffer transfer: detach the buffer as Chromium's transfer(0) does, by moving it away
    const released: ArrayBuffer[] = [];
    const proto = ArrayBuffer.prototype as { transfer?: unknown };
    const native = Object.getOwnPropertyDescriptor(proto, 'transfer');
    Object.defineProperty(proto, 'transfer', {
      configurable: true,
      value(this: ArrayBuffer, length: number) {
        released.push(this);
        structuredClone(this, { transfer: [this] });
        return new ArrayBuffer(length);
      },
    });
    try {
      const segments = manySegments();
      const columns = replayed(segments)!;
      expect(rows(columns)).toEqual([...replaySegments('assets', segments).values()]);
      expectImageColumns(columns);
      expect(released.length).toBeGreaterThan(10);
      expect(released.every((b) => b.byteLength === 0)).toBe(true);
    } finally {
      if (native) Object.defineProperty(proto, 'transfer', native);
      else delete proto.transfer;
    }
  });

  it('take no segment once the replay is finished', () => {
    const replay = new AssetColumnsReplay();
    replay.finish();
    expect(() => replay.add({ id: 1, puts: encodePuts([]), deletes: [] })).toThrow(/finished/);
    expect(() => replay.finish()).toThrow(/finished/);
  });
});
