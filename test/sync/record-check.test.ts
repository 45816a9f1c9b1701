// The sync's record check (core/sync/record-check.ts): its fast path for assets, tickets and memberships must take
// valid records and give back exactly what parseRecord gives, and leave every malformed or hostile record to
// parseRecord, so the verdict and the problems (what the quarantine shows) stay the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { RECORD_LIMITS } from '../../core/model/limits';
import type { CollectionName } from '../../core/model/snapshot';
import { parseRecord } from '../../core/model/validate';
import { checkRecord, fastRecord } from '../../core/sync/record-check';

const fleet = generateFleet({ seed: 7, assets: 400 });
const long = 'x'.repeat(RECORD_LIMITS.maxStringLength + 1);
const justLong = 'x'.repeat(RECORD_LIMITS.maxStringLength);

/** Variants of a valid record: each field missing, null, a number, empty, over the text bound; extra and forbidden keys. */
function variants(valid: Record<string, unknown>): unknown[] {
  const out: unknown[] = [null, 'text', 7, [], [valid], { ...valid, extra: 1 }, { ...valid, extra: long }];
  out.push(JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`) as unknown);
  out.push(JSON.parse(`${JSON.stringify(valid).slice(0, -1)}, "constructor": 1}`) as unknown);
  for (const field of Object.keys(valid)) {
    const without = { ...valid };
    delete without[field];
    out.push(without);
    for (const bad of [null, undefined, 0, true, '', ' ', justLong, long, [], {}, ['a'], [''], ['a', 3], ['a|b']])
      out.push({ ...valid, [field]: bad });
  }
  out.push({ ...valid, tags: new Array(RECORD_LIMITS.maxEntries + 1).fill('t') });
  out.push({ ...valid, tags: new Array(RECORD_LIMITS.maxEntries).fill('t') });
  out.push({ ...valid, userId: 'a|b' });
  return out;
}

const hot: Array<[CollectionName, Record<string, unknown>[]]> = [
  ['assets', fleet.assets],
  ['tickets', fleet.tickets],
  ['memberships', fleet.memberships],
];

describe('the sync record check', () => {
  it.each(hot)(
    'takes every valid generated %s record by the fast path, as parseRecord returns it (same fields, same order)',
    (collection, records) => {
      expect(records.length).toBeGreaterThan(10);
      for (const record of records) {
        const fast = fastRecord(collection, JSON.parse(JSON.stringify(record)));
        expect(fast).not.toBeNull();
        const zod = parseRecord(collection, record);
        expect(zod.ok).toBe(true);
        // JSON text, not toEqual: the segment stores the text, so the fields' order counts too.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.ok && zod.value));
      }
    },
  );

  it.each(hot)('gives the same verdict, value and problems as parseRecord for malformed and hostile %s records', (collection, records) => {
    let refused = 0;
    for (const input of variants(records[0])) {
      const got = checkRecord(collection, input);
      const expected = parseRecord(collection, input);
      expect(got).toEqual(expected);
      if (expected.ok) expect(JSON.stringify(got.ok && got.value)).toBe(JSON.stringify(expected.value));
      else {
        refused++;
        expect(fastRecord(collection, input)).toBeNull();
      }
    }
    expect(refused).toBeGreaterThan(20);
  });

  it.each(hot)('takes a valid %s record in the schema’s field order as it is, and rebuilds one in another order', (collection, records) => {
    const input = JSON.parse(JSON.stringify(records[0])) as Record<string, unknown>;
    expect(fastRecord(collection, input)).toBe(input);
    const reversed = Object.fromEntries(Object.entries(input).reverse());
    const rebuilt = fastRecord(collection, reversed);
    expect(rebuilt).not.toBe(reversed);
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(input));
  });

  it.each(hot)('names each of many %s records refused the same way by its own id, with zod’s problems', (collection, records) => {
    // the refusal of a kind of record is zod's once, then reused: every record still gets its own name in it
    // fields that do not name the record (a membership is named by its user and project)
    const [number, empty] = collection === 'memberships' ? ['projectRoleId', 'projectRoleId'] : [Object.keys(records[0])[1], 'projectId'];
    const broken = records.slice(0, 30).map((r, i) => ({ ...r, [i % 2 ? number : empty]: i % 2 ? 42 : '' }));
    const got = broken.map((r) => checkRecord(collection, r));
    expect(got).toEqual(broken.map((r) => parseRecord(collection, r)));
    const ids = got.map((g) => (g.ok ? null : g.problems[0].recordId));
    expect(new Set(ids).size).toBe(broken.length);
  });

  it('leaves the other collections to parseRecord', () => {
    expect(fastRecord('users', fleet.users[0])).toBeNull();
    expect(checkRecord('users', fleet.users[0])).toEqual(parseRecord('users', fleet.users[0]));
  });
});

describe('the sync record check, for any record (property)', () => {
  // Field values a record may carry: near misses of every kind the schemas check.
  const nearMiss = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', ' ', 'a|b', justLong, long, null, undefined, 0, 7, true, {}, [], ['t'], [''], ['a', 3]),
    fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constant(''), fc.integer()), { maxLength: 4 }),
  );
  /** A generated record of the collection with some fields replaced, dropped, or one extra field. */
  const recordOf = (records: Record<string, unknown>[]) =>
    fc
      .tuple(
        fc.constantFrom(...records),
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(records[0]), 'extra'), fc.option(nearMiss)), { maxLength: 3 }),
      )
      .map(([valid, edits]) => {
        const r: Record<string, unknown> = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
        for (const [key, value] of edits)
          if (value === null) delete r[key];
          else r[key] = value;
        return r;
      });

  it.each(hot)('gives parseRecord’s verdict, value and field order for random %s records', (collection, records) => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(recordOf(records), (input) => {
        const got = checkRecord(collection, input);
        const expected = parseRecord(collection, input);
        expect(got).toEqual(expected);
        if (expected.ok) {
          accepted++;
          expect(JSON.stringify(got.ok && got.value)).toBe(JSON.stringify(expected.value));
        } else {
          refused++;
          expect(fastRecord(collection, input)).toBeNull();
        }
      }),
      { numRuns: 1500 },
    );
    // both sides were tried often (fast-check's own shrinking runs are counted too)
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
