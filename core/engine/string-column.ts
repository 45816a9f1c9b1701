// A column of strings stored as ONE string plus start offsets (the stored fleet image keeps a million ids this way:
// structured cloning and IndexedDB copy one string and one buffer instead of a million small strings).
// Strings are joined with NUL when none holds one, so the whole column splits natively in one call; else unjoined.
import { packStarts, unpackStarts, type PackedInts } from './packed-ints';

export interface StringColumn {
  /** The strings, joined (with `sep` = 1: NUL between them; 0: nothing between them). */
  text: string;
  sep: 0 | 1;
  /** starts[i] = where string i begins; starts[n] = text.length + sep. */
  starts: Int32Array;
}

export function toStringColumn(items: readonly string[]): StringColumn {
  const n = items.length;
  const starts = new Int32Array(n + 1);
  let at = 0;
  let nul = false;
  for (let i = 0; i < n; i++) {
    const s = items[i];
    starts[i] = at + i; // as if NUL-joined; shifted below when a string holds a NUL
    at += s.length;
    if (!nul && s.indexOf('\u0000') !== -1) nul = true;
  }
  starts[n] = at + n;
  if (!nul) return { text: items.join('\u0000'), sep: 1, starts };
  for (let i = 0; i <= n; i++) starts[i] -= i;
  return { text: items.join(''), sep: 0, starts };
}

export const columnLength = (c: StringColumn): number => c.starts.length - 1;

export function stringAt(c: StringColumn, i: number): string {
  return c.text.slice(c.starts[i], c.starts[i + 1] - c.sep);
}

/** Item i equals `s` (no string is built). */
export function stringEquals(c: StringColumn, i: number, s: string): boolean {
  const from = c.starts[i];
  return c.starts[i + 1] - c.sep - from === s.length && c.text.startsWith(s, from);
}

/** Every string of the column as an array (one native split when the column is NUL-joined). */
export function columnStrings(c: StringColumn): string[] {
  const n = columnLength(c);
  if (n === 0) return [];
  if (c.sep === 1) return c.text.split('\u0000');
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = stringAt(c, i);
  return out;
}

/** Id → first position, built from a column (first wins, as compileFleet's indexes do). */
export function firstIndexMap(ids: readonly string[], count = ids.length): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < count; i++) if (!m.has(ids[i])) m.set(ids[i], i);
  return m;
}

/** A string column as the fleet image stores it: its offsets as lengths in the narrowest array they fit. */
export interface StoredColumn {
  text: string;
  sep: 0 | 1;
  lengths: PackedInts;
}

export function storeColumn(c: StringColumn): StoredColumn {
  return { text: c.text, sep: c.sep, lengths: packStarts(c.starts) };
}

/**
 * The column with its offsets widened on first use (a loaded fleet reads most columns only for a few ids), and its
 * text read on first use (a decoded image turns the stored bytes into text then: core/engine/fleet-image-bytes.ts).
 */
export function loadColumn(c: StoredColumn): StringColumn {
  let starts: Int32Array | null = null;
  let text: string | null = null;
  return {
    get text() {
      return (text ??= c.text);
    },
    sep: c.sep,
    get starts() {
      return (starts ??= unpackStarts(c.lengths));
    },
  };
}
