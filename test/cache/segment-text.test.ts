// A segment's puts as stored text (core/cache/db.ts encodePuts/decodePuts): records of one shape by column, anything
// else as one array, and both read back exactly as the records' JSON would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePuts, encodePuts, type Segment } from '../../core/cache/db';
import { generateFleet } from '../../core/generate/fleet';

const segmentOf = (puts: string): Segment => ({ id: 1, puts, deletes: [] });
const roundTrip = (records: readonly unknown[]) => decodePuts(segmentOf(encodePuts(records)));

describe('a segment’s stored records', () => {
  const fleet = generateFleet({ seed: 3, assets: 300 });

  it.each(['assets', 'tickets', 'memberships'] as const)(
    'a page of %s is stored by column, in fewer bytes than an array of records, and reads back field for field',
    (collection) => {
      const records = fleet[collection];
      const text = encodePuts(records);
      expect(text.startsWith('{"fields":')).toBe(true);
      expect(text.length).toBeLessThan(JSON.stringify(records).length * 0.85);
      expect(JSON.stringify(roundTrip(records))).toBe(JSON.stringify(records));
    },
  );

  it('records of different shapes, or with a field JSON would drop, are stored as one array', () => {
    for (const records of [
      [
        { id: 'a', name: 'x' },
        { name: 'y', id: 'b' },
      ],
      [{ id: 'a' }, { id: 'b', extra: 1 }],
      [{ id: 'a', gone: undefined }],
      [{ id: 'a', run: () => 1 }],
      [{ id: 'a' }, null],
      [['a']],
      [JSON.parse('{"__proto__": {"polluted": true}, "id": "a"}') as unknown],
    ]) {
      const text = encodePuts(records);
      expect(text).toBe(JSON.stringify(records));
      expect(decodePuts(segmentOf(text))).toEqual(JSON.parse(text));
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a segment written before (one JSON array) reads as it always did', () => {
    const records = fleet.assets.slice(0, 3);
    expect(decodePuts(segmentOf(JSON.stringify(records)))).toEqual(records);
  });

  it('a segment whose text is neither an array nor columns is refused with its id, not read as records', () => {
    for (const puts of ['{}', '{"fields":["id"],"columns":[["a"],["b"]]}', '{"fields":["__proto__"],"columns":[[{}]]}', '"text"'])
      expect(() => decodePuts({ id: 7, puts, deletes: [] })).toThrow(/cached segment 7: .*neither a JSON array nor columns/);
  });

  it('reads back any records as their JSON would (property)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.constant(undefined),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
    );
    const field = fc.constantFrom('id', 'name', 'tags', '0', '10', '__proto__', 'toJSON', 'x');
    // Mostly records of one shape (the column path), some of mixed shapes (the array path).
    const sameShape = fc.uniqueArray(field, { minLength: 1, maxLength: 4 }).chain((fields) =>
      fc.array(
        fc.tuple(...fields.map(() => value)).map((vs) => Object.fromEntries(fields.map((f, i) => [f, vs[i]]))),
        { maxLength: 5 },
      ),
    );
    const anyShape = fc.array(fc.dictionary(field, value, { maxKeys: 4 }), { maxLength: 5 });
    fc.assert(
      fc.property(fc.oneof(sameShape, anyShape), (records) => {
        const expected = JSON.parse(JSON.stringify(records)) as unknown[];
        const got = roundTrip(records);
        expect(got).toEqual(expected);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
        for (const r of got) if (r !== null && typeof r === 'object') expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      }),
      { numRuns: 500 },
    );
  });
});
