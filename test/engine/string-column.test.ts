import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packStarts, unpackStarts } from '../../core/engine/packed-ints';
import {
  columnLength,
  columnStrings,
  loadColumn,
  stringAt,
  stringEquals,
  storeColumn,
  toStringColumn,
  type StringColumn,
} from '../../core/engine/string-column';

/** A column as a loaded fleet reads it: stored, copied as IndexedDB would, loaded. */
const stored = (items: readonly string[]): StringColumn => loadColumn(structuredClone(storeColumn(toStringColumn(items))));

// ASCII, Latin-1 (one UTF-16 unit, two UTF-8 bytes), "·" as in generated names, CJK (three bytes), astral (a surrogate
// pair, four bytes), NUL, and the empty string
const piece = fc.constantFrom('a', 'Z9', 'é', 'Ã©', '·', '水', '🙂', '\u0000', '', '-', 'ł');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }).filter((s) => s.isWellFormed()),
  fc.array(piece, { maxLength: 5 }).map((p) => p.join('')),
);

/** Both kinds give the same answer for every function, item and probe. */
function sameAnswers(items: readonly string[], probes: readonly string[]): void {
  const plain = toStringColumn(items);
  const bytes = stored(items);
  expect('bytes' in bytes).toBe(true);
  expect(columnLength(bytes)).toBe(columnLength(plain));
  expect(columnStrings(bytes)).toEqual(columnStrings(plain));
  expect(columnStrings(bytes)).toEqual(items);
  items.forEach((item, i) => {
    expect(stringAt(bytes, i)).toBe(item);
    for (const p of [item, ...probes]) expect(stringEquals(bytes, i, p), `${i}: ${JSON.stringify(p)}`).toBe(stringEquals(plain, i, p));
  });
}

describe('a string column read from its UTF-8 bytes', () => {
  it('answers stringAt, stringEquals, columnStrings and columnLength exactly as the text column does', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), fc.array(text, { maxLength: 4 }), (items, probes) => sameAnswers(items, probes)),
      { numRuns: 400 },
    );
  });

  it('finds every row past the checkpoints: equal lengths, varied lengths, long rows, NUL inside', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 60, maxLength: 300 }), (items) => sameAnswers(items, ['', 'a', '🙂'])),
      { numRuns: 30 },
    );
    const equal = Array.from({ length: 1000 }, (_, i) => `ast-${String(i).padStart(7, '0')}`);
    const varied = equal.map((id, i) => `${id} · ${'水'.repeat(i % 7)}${i % 13 === 0 ? '🙂' : ''}`);
    const long = equal.map((id, i) => id.repeat(i % 50 === 0 ? 300 : 1));
    const withNul = varied.map((s, i) => (i % 97 === 0 ? `${s}\u0000x` : s));
    for (const items of [equal, varied, long, withNul]) sameAnswers(items, [equal[500], varied[999]]);
    // an id column of equal lengths keeps no lengths and no checkpoints: the start is computed
    const ids = storeColumn(toStringColumn(equal));
    expect('bytes' in ids && ids.lengths.data === null && ids.marks === null).toBe(true);
  });

  it('does not take a Latin-1 probe for the UTF-8 bytes of another character', () => {
    const c = stored(['é', 'Ã©', 'Ã', '\u00c3\u00a9']);
    expect([0, 1, 2, 3].map((i) => stringEquals(c, i, 'Ã©'))).toEqual([false, true, false, true]);
    expect([0, 1, 2, 3].map((i) => stringEquals(c, i, 'é'))).toEqual([true, false, false, false]);
  });

  it('keeps the empty column, a column of one empty string, and a lone surrogate (kept as text, UTF-8 cannot hold it)', () => {
    for (const items of [[], [''], ['', ''], ['\u0000']]) sameAnswers(items, ['', 'x']);
    const lone = ['ok', 'half \ud83d pair', ''];
    const c = loadColumn(structuredClone(storeColumn(toStringColumn(lone))));
    expect('bytes' in c).toBe(false);
    expect(columnStrings(c)).toEqual(lone);
    lone.forEach((s, i) => expect([stringAt(c, i), stringEquals(c, i, s)]).toEqual([s, true]));
  });

  it('widens stored start offsets of every array type (bytes, 16 bits, 32 bits, all equal) back exactly', () => {
    for (const step of [
      [3, 200],
      [3, 60_000],
      [1, 2 ** 20],
      [7, 7],
    ]) {
      const starts = new Int32Array(500);
      starts[0] = 5;
      for (let i = 1; i < starts.length; i++) starts[i] = starts[i - 1] + step[i % 2];
      const packed = packStarts(starts);
      expect(unpackStarts(structuredClone(packed))).toEqual(starts);
    }
  });
});
