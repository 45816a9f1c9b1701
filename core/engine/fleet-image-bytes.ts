// The fleet image (core/engine/fleet-image.ts) as bytes, the form the cache stores it in (issue 13): Chromium
// deserializes a structured-clone value on the reading thread at ~6 ms/MB whatever it holds, while the same bytes in
// a Blob come back with `await blob.arrayBuffer()` ~3× faster and off the thread. Layout, all in one buffer:
//   0  "AIFLEET\n" (8 bytes)    8  header length H (uint32, little-endian)    12  H bytes of UTF-8 JSON header
//   then, from the next multiple of 8 (the data area): every typed array's bytes and every long string's UTF-8
//   bytes, each block starting at a multiple of 8.
// The header is the image itself with each typed array replaced by {"$a": type, "o": offset, "n": length} and each
// long string by {"$s": offset, "n": bytes}, plus the format, the byte order and the data area's size. Decoding
// makes typed arrays VIEWS on the buffer (no copy: a string column's UTF-8 bytes are one, read an item at a time by
// core/engine/string-column.ts) and decodes each other long string on its first read; so the image must
// not be shared with a reader that writes into its arrays (the engine copies a column before writing it).
// Plain TS: the caller (core/cache) wraps the parts in a Blob.
import { FLEET_IMAGE_FORMAT, FleetImageFormatError, fleetFromImage, fleetToImage, type FleetImage } from './fleet-image';
import type { Fleet } from './fleet-types';
import { defineLazy } from './lazy-value';
import { wellFormed } from './string-column';

const MAGIC = 'AIFLEET\n';
const PREFIX_BYTES = 12;
/** Strings at least this long go to the data area (shorter ones cost less as JSON than as a block). */
const LONG_STRING = 256;

const ARRAY_TYPES = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const;
type ArrayType = keyof typeof ARRAY_TYPES;
type StoredArray = InstanceType<(typeof ARRAY_TYPES)[ArrayType]>;

const BYTE_ORDER: 'little' | 'big' = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'little' : 'big';

interface Header {
  format: number;
  byteOrder: 'little' | 'big';
  /** Bytes of the data area (the buffer is exactly prefix + header + padding + this). */
  data: number;
  image: unknown;
}

/** The image as the parts of one byte string (for `new Blob(parts)`), and its format (the cache row names it). */
export interface EncodedFleetImage {
  format: number;
  parts: Uint8Array<ArrayBuffer>[];
  /** Bytes of all parts together. */
  byteLength: number;
}

const align8 = (n: number) => (n + 7) & ~7;

function arrayType(a: ArrayBufferView): ArrayType | null {
  for (const [name, Type] of Object.entries(ARRAY_TYPES)) if (a instanceof Type) return name as ArrayType;
  return null;
}

export function encodeFleetImage(image: FleetImage): EncodedFleetImage {
  const blocks: Uint8Array<ArrayBuffer>[] = [];
  let at = 0;
  const place = (bytes: Uint8Array<ArrayBuffer>): number => {
    const o = at;
    blocks.push(bytes);
    at = align8(at + bytes.byteLength);
    const pad = at - o - bytes.byteLength;
    if (pad > 0) blocks.push(new Uint8Array(pad));
    return o;
  };
  const encoder = new TextEncoder();
  // every typed array and long string leaves the tree for the data area
  const tree = JSON.stringify(image, function (key, value: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(raw)) {
      const type = arrayType(raw);
      if (!type) throw new TypeError(`fleet image field "${key}": ${raw.constructor.name} has no byte encoding`);
      return {
        $a: type,
        o: place(new Uint8Array(raw.buffer as ArrayBuffer, raw.byteOffset, raw.byteLength)),
        n: (raw as StoredArray).length,
      };
    }
    if (typeof raw === 'string' && raw.length >= LONG_STRING && wellFormed(raw)) {
      const bytes = encoder.encode(raw);
      return { $s: place(bytes), n: bytes.byteLength };
    }
    if (typeof raw === 'object' && raw !== null && ('$a' in raw || '$s' in raw))
      throw new TypeError(`fleet image field "${key}" holds a reserved key ($a, $s)`);
    return value;
  });
  const head: Omit<Header, 'image'> = { format: image.format, byteOrder: BYTE_ORDER, data: at };
  const headerBytes = encoder.encode(`${JSON.stringify(head).slice(0, -1)},"image":${tree}}`);
  const start = align8(PREFIX_BYTES + headerBytes.byteLength);
  const prefix = new Uint8Array(start);
  prefix.set(encoder.encode(MAGIC));
  new DataView(prefix.buffer).setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, PREFIX_BYTES);
  return { format: image.format, parts: [prefix, ...blocks], byteLength: start + at };
}

/** A string's bytes in the buffer, until the field is read. */
class LongString {
  constructor(readonly bytes: Uint8Array) {}
}

// not fatal: the encoder wrote well-formed UTF-8 (the bytes are trusted as the arrays' are), and the check costs time
const decoder = new TextDecoder();

const fail = (found: unknown, detail: string) => new FleetImageFormatError(found, FLEET_IMAGE_FORMAT, ` (${detail})`);

/**
 * The image `encodeFleetImage` wrote into `buffer`. Throws FleetImageFormatError for anything else: another format,
 * another byte order, a buffer of another length (cut short or with bytes after it), a header that is not JSON or
 * points outside the buffer. The arrays' contents are not checked beyond their bounds (IndexedDB returns what it
 * stored, or fails).
 */
export function decodeFleetImage(buffer: ArrayBuffer): FleetImage {
  const total = buffer.byteLength;
  if (total < PREFIX_BYTES || new TextDecoder().decode(new Uint8Array(buffer, 0, 8)) !== MAGIC)
    throw fail(undefined, `not a stored fleet image: ${total} bytes without its mark`);
  const headerLength = new DataView(buffer).getUint32(8, true);
  if (PREFIX_BYTES + headerLength > total) throw fail(undefined, `its header of ${headerLength} bytes runs past the ${total} bytes stored`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(buffer, PREFIX_BYTES, headerLength))) as Header;
  } catch (error) {
    throw fail(undefined, `its header is not readable JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null) throw fail(undefined, 'its header is not an object');
  if (header.format !== FLEET_IMAGE_FORMAT) throw new FleetImageFormatError(header.format, FLEET_IMAGE_FORMAT);
  if (header.byteOrder !== BYTE_ORDER)
    throw fail(header.format, `written in ${String(header.byteOrder)}-endian order, this machine is ${BYTE_ORDER}-endian`);
  const start = align8(PREFIX_BYTES + headerLength);
  if (typeof header.data !== 'number' || start + header.data !== total)
    throw fail(header.format, `${total} bytes stored where the header says ${start + Number(header.data)}: cut short or damaged`);

  const block = (o: unknown, bytes: number, what: string): number => {
    if (!Number.isSafeInteger(o) || (o as number) < 0 || (o as number) % 8 !== 0 || !(bytes >= 0) || (o as number) + bytes > header.data)
      throw fail(header.format, `${what} at ${String(o)} (${bytes} bytes) lies outside the ${header.data} bytes of data`);
    return start + (o as number);
  };
  const revive = (value: unknown, key: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value))
      return value.map((v, i) => {
        const item = revive(v, `${key}[${i}]`);
        return item instanceof LongString ? decoder.decode(item.bytes) : item;
      });
    const v = value as Record<string, unknown>;
    if ('$a' in v) {
      const Type = typeof v.$a === 'string' && Object.hasOwn(ARRAY_TYPES, v.$a) ? ARRAY_TYPES[v.$a as ArrayType] : undefined;
      const n = v.n as number;
      if (!Type || !Number.isSafeInteger(n) || n < 0) throw fail(header.format, `field "${key}" names no array (${JSON.stringify(v)})`);
      return new Type(buffer, block(v.o, n * Type.BYTES_PER_ELEMENT, `field "${key}"`), n);
    }
    if ('$s' in v) {
      const n = v.n as number;
      if (!Number.isSafeInteger(n) || n < 0) throw fail(header.format, `field "${key}" names no string (${JSON.stringify(v)})`);
      return new LongString(new Uint8Array(buffer, block(v.$s, n, `field "${key}"`), n));
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') throw fail(header.format, `field "${key}" holds a "__proto__" key`);
      const field = revive(v[k], key ? `${key}.${k}` : k);
      // decoded on first read: a question about one user's access needs no asset id or name (33 MB of text at 1M)
      if (field instanceof LongString) defineLazy(out, k, () => decoder.decode(field.bytes));
      else out[k] = field;
    }
    return out;
  };
  const image = revive(header.image, '');
  if (typeof image !== 'object' || image === null || (image as { format?: unknown }).format !== header.format)
    throw fail(header.format, 'its header holds no image of that format');
  return image as FleetImage;
}

/** The image of `fleet` as bytes to store. */
export const fleetImageBytes = (fleet: Fleet): EncodedFleetImage => encodeFleetImage(fleetToImage(fleet));

/** The fleet stored as `buffer` (FleetImageFormatError when it is not an image of this format and catalog). */
export const fleetFromImageBytes = (buffer: ArrayBuffer): Fleet => fleetFromImage(decodeFleetImage(buffer));
