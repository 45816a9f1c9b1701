// Integer arrays of the stored fleet image in the narrowest typed array their values fit (issue 13: the image is
// read from IndexedDB on every worker start, and its read time follows its bytes). Site, project and tag keys of
// 100k assets fit 16 bits, start offsets are stored as the lengths between them (a byte each when every row is
// short), and an array whose values are all equal is stored as that value alone. Loading widens each array once
// into the Int32Array the engine reads (a copy or one loop, measured in bench/fleet-image.ts).

export interface PackedInts {
  length: number;
  /** Added to every stored value (the smallest value, so a -1 "none" still fits an unsigned array). */
  bias: number;
  /** Stored value minus bias; null when every value equals bias. */
  data: Uint8Array | Uint16Array | Int32Array | null;
  /** packStarts only: the first offset (the lengths follow it). */
  first?: number;
}

/** `a` in the narrowest array its range fits. */
export function packInts(a: ArrayLike<number>): PackedInts {
  const n = a.length;
  let lo = 0;
  let hi = 0;
  if (n > 0) {
    lo = hi = a[0];
    for (let i = 1; i < n; i++) {
      const v = a[i];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
  }
  const span = hi - lo;
  if (span === 0) return { length: n, bias: lo, data: null };
  if (span > 0xffff) return { length: n, bias: 0, data: Int32Array.from(a) };
  const data = span > 0xff ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = a[i] - lo;
  return { length: n, bias: lo, data };
}

/** The Int32Array `packInts` was given. */
export function unpackInts(p: PackedInts): Int32Array {
  const { data, bias } = p;
  if (data === null) return new Int32Array(p.length).fill(bias);
  // the constructor widens natively (TypedArray.prototype.set across element types takes a slow path in V8)
  const out = new Int32Array(data);
  if (bias !== 0) for (let i = 0; i < out.length; i++) out[i] += bias;
  return out;
}

/** Value i of `p` without widening the whole array (an answer about one user reads a handful). */
export const packedAt = (p: PackedInts, i: number): number => (p.data === null ? p.bias : p.data[i] + p.bias);

/** Values [from, to) of `p` as an Int32Array of their own. */
export function packedSlice(p: PackedInts, from: number, to: number): Int32Array {
  const out = new Int32Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = packedAt(p, k);
  return out;
}

/** Start offsets (non-decreasing, at least one) as the first and the lengths between them. */
export function packStarts(starts: Int32Array): PackedInts {
  const n = Math.max(0, starts.length - 1);
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) lengths[i] = starts[i + 1] - starts[i];
  return { ...packInts(lengths), first: starts.length > 0 ? starts[0] : 0 };
}

/**
 * The start offsets `packStarts` was given (its lengths + 1 entries). One loop per stored array type: a loop fed
 * Uint8, Uint16 and Int32 arrays in turn stays polymorphic, and one 1M-row run of it once took ~100 ms unoptimized.
 */
export function unpackStarts(p: PackedInts): Int32Array {
  const out = new Int32Array(p.length + 1);
  const first = p.first ?? 0;
  const { data, bias } = p;
  if (data === null) evenStarts(out, first, bias);
  else if (data instanceof Uint8Array) startsFromU8(out, first, data, bias);
  else if (data instanceof Uint16Array) startsFromU16(out, first, data, bias);
  else startsFromI32(out, first, data, bias);
  return out;
}

function evenStarts(out: Int32Array, first: number, step: number): void {
  for (let i = 0; i < out.length; i++) out[i] = first + i * step;
}

function startsFromU8(out: Int32Array, first: number, data: Uint8Array, bias: number): void {
  let at = (out[0] = first);
  for (let i = 0; i < data.length; i++) out[i + 1] = at += data[i] + bias;
}

function startsFromU16(out: Int32Array, first: number, data: Uint16Array, bias: number): void {
  let at = (out[0] = first);
  for (let i = 0; i < data.length; i++) out[i + 1] = at += data[i] + bias;
}

function startsFromI32(out: Int32Array, first: number, data: Int32Array, bias: number): void {
  let at = (out[0] = first);
  for (let i = 0; i < data.length; i++) out[i + 1] = at += data[i] + bias;
}
