// A column of strings stored as ONE text plus start offsets (the stored fleet image keeps a million ids this way:
// structured cloning and IndexedDB copy one buffer instead of a million small strings).
// Strings are joined with NUL when none holds one, so the whole column splits natively in one call; else unjoined.
// Two kinds behind the same functions (stringAt, stringEquals, columnStrings, columnLength):
// - a text column (toStringColumn: a compiled fleet's, in memory): a JS string with UTF-16 offsets;
// - a byte column (storeColumn: what the image holds, and a loaded fleet reads in place): the text's UTF-8 bytes with
//   byte offsets kept as lengths plus a checkpoint every 64 rows. A loaded fleet asks for a page of 200 names or one
//   asset's id, so one item is decoded from its bytes, never the whole text (23.9 MB of names at 1M assets, whose
//   "·" sends TextDecoder down its non-ASCII path: 170–330 ms), and no million-row offset sum is built.
import { packStarts, unpackStarts, type PackedInts } from './packed-ints';
import { byteRange, wholeBytes, type Bytes } from './part-bytes';

/** An in-memory column: the strings joined into one JS string. */
export interface TextColumn {
  /** The strings, joined (with `sep` = 1: NUL between them; 0: nothing between them). */
  text: string;
  sep: 0 | 1;
  /** starts[i] = where string i begins (UTF-16 units); starts[n] = text.length + sep. */
  starts: Int32Array;
}

/** A column as UTF-8 bytes: string i is bytes [start(i), start(i + 1) - sep). */
export interface ByteColumn {
  /** In memory, or read a range at a time from a stored image (core/engine/part-bytes.ts). */
  bytes: Bytes;
  sep: 0 | 1;
  /** Bytes of each string with its separator; data null when all are equal: start(i) = first + i * bias. */
  lengths: PackedInts;
  /** marks[k] = start(k * MARK_EVERY); null when the lengths are all equal. */
  marks: Int32Array | null;
}

export type StringColumn = TextColumn | ByteColumn;

/** A string column as the fleet image stores it: as bytes, or as text when a string cannot be UTF-8 (a lone surrogate). */
export type StoredColumn = ByteColumn | { text: string; sep: 0 | 1; lengths: PackedInts };

/** Rows between two stored start offsets: a lookup adds at most 63 lengths; 4 bytes per 64 rows (62 KB at 1M). */
const MARK_EVERY = 64;
const MARK_SHIFT = 6;

export function toStringColumn(items: readonly string[]): TextColumn {
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

export const isBytes = (c: StringColumn): c is ByteColumn => 'bytes' in c;

export const columnLength = (c: StringColumn): number => (isBytes(c) ? c.lengths.length : c.starts.length - 1);

/** Where byte string i begins: its checkpoint plus at most 63 lengths after it. */
function byteStart(c: ByteColumn, i: number): number {
  const { data, bias } = c.lengths;
  if (data === null) return (c.lengths.first ?? 0) + i * bias;
  const from = (i >>> MARK_SHIFT) << MARK_SHIFT;
  let at = c.marks![i >>> MARK_SHIFT] + (i - from) * bias;
  for (let k = from; k < i; k++) at += data[k];
  return at;
}

const byteLength = (c: ByteColumn, i: number): number => (c.lengths.data === null ? 0 : c.lengths.data[i]) + c.lengths.bias - c.sep;

// not fatal: storeColumn wrote well-formed UTF-8 (the bytes are trusted as the image's arrays are). One decode per
// item, ASCII or not: in node it beat String.fromCharCode over the bytes for 11-byte ids (0.22–0.35 µs against
// 0.5–0.7 µs each, first call 30–50 µs against ~100 µs), and a page reads 200 items.
const decoder = new TextDecoder();

export function stringAt(c: StringColumn, i: number): string {
  if (!isBytes(c)) return c.text.slice(c.starts[i], c.starts[i + 1] - c.sep);
  const s = byteStart(c, i);
  return decoder.decode(byteRange(c.bytes, s, s + byteLength(c, i)));
}

/** Item i equals `s` (no string is built unless both hold non-ASCII text). */
export function stringEquals(c: StringColumn, i: number, s: string): boolean {
  if (!isBytes(c)) {
    const from = c.starts[i];
    return c.starts[i + 1] - c.sep - from === s.length && c.text.startsWith(s, from);
  }
  const n = byteLength(c, i);
  // lengths that cannot match decide before the bytes are asked for (a loaded image's may not be read yet)
  if (n < s.length || n > 3 * s.length) return false;
  const at = byteStart(c, i);
  return utf8Equals(byteRange(c.bytes, at, at + n), 0, n, s);
}

/** The `n` bytes of `bytes` from `from` are `s`'s UTF-8 (no string is built unless both hold non-ASCII text). */
export function utf8Equals(bytes: Uint8Array, from: number, n: number, s: string): boolean {
  // UTF-8 takes one byte per UTF-16 unit for ASCII and more for anything else: equal counts mean ASCII on both sides
  if (n === s.length) {
    for (let k = 0; k < n; k++) {
      const u = s.charCodeAt(k);
      // a byte ≥ 0x80 may equal a Latin-1 char code ("Ã©" against the bytes of "é"): only ASCII compares here
      if (u >= 0x80 || bytes[from + k] !== u) return false;
    }
    return true;
  }
  if (n < s.length || n > 3 * s.length) return false;
  return decoder.decode(bytes.subarray(from, from + n)) === s;
}

/** Every string of the column as an array (one decode and one native split when the column is NUL-joined). */
export function columnStrings(c: StringColumn): string[] {
  const n = columnLength(c);
  if (n === 0) return [];
  if (c.sep === 1) return (isBytes(c) ? decoder.decode(wholeBytes(c.bytes)) : c.text).split('\u0000');
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

/** String.prototype.isWellFormed (ES2024) where the runtime has it; a lone surrogate would not survive UTF-8. */
export function wellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (native) return native.call(s);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** The UTF-8 byte offsets of a well-formed text's UTF-16 offsets (one pass over the text). */
function byteOffsets(text: string, starts: Int32Array, sep: 0 | 1): Int32Array {
  const out = new Int32Array(starts.length);
  let unit = 0;
  let at = 0;
  const end = text.length;
  for (let i = 0; i < starts.length; i++) {
    const to = Math.min(starts[i], end);
    for (; unit < to; unit++) {
      const u = text.charCodeAt(unit);
      // a surrogate pair is 4 bytes: 2 for each half
      at += u < 0x80 ? 1 : u < 0x800 || (u >= 0xd800 && u < 0xe000) ? 2 : 3;
    }
    out[i] = starts[i] > end ? at + sep : at;
  }
  return out;
}

/** The column as the image stores it: its UTF-8 bytes, byte offsets as lengths, a checkpoint every 64 rows. */
export function storeColumn(c: StringColumn): StoredColumn {
  if (isBytes(c)) return c;
  if (!wellFormed(c.text)) return { text: c.text, sep: c.sep, lengths: packStarts(c.starts) };
  const bytes = new TextEncoder().encode(c.text);
  // as many bytes as UTF-16 units: every character is ASCII, the offsets are the same
  return byteColumn(bytes, bytes.length === c.text.length ? c.starts : byteOffsets(c.text, c.starts, c.sep), c.sep);
}

/**
 * The byte column of UTF-8 `bytes` where string i is bytes [starts[i], starts[i + 1] - sep) (starts[n] = the bytes'
 * length + sep): its lengths packed, a checkpoint every 64 rows.
 */
export function byteColumn(bytes: Uint8Array<ArrayBuffer>, starts: Int32Array, sep: 0 | 1): ByteColumn {
  const lengths = packStarts(starts);
  let marks: Int32Array | null = null;
  if (lengths.data !== null) {
    marks = new Int32Array(((starts.length - 1) >>> MARK_SHIFT) + 1);
    for (let k = 0; k < marks.length; k++) marks[k] = starts[k * MARK_EVERY];
  }
  return { bytes, sep, lengths, marks };
}

/**
 * The column a stored one reads as: a byte column is read in place (one string decoded per stringAt); a text one
 * (a lone surrogate kept it out of UTF-8) widens its offsets on first use.
 */
export function loadColumn(c: StoredColumn): StringColumn {
  if ('bytes' in c) return c;
  let starts: Int32Array | null = null;
  return {
    text: c.text,
    sep: c.sep,
    get starts() {
      return (starts ??= unpackStarts(c.lengths));
    },
  };
}
