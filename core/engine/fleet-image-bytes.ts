// The fleet image (core/engine/fleet-image.ts) as bytes, the form the cache stores it in (issue 13): Chromium
// deserializes a structured-clone value on the reading thread at ~6 ms/MB whatever it holds, while the same bytes in
// a Blob come back with `await blob.arrayBuffer()` ~3× faster and off the thread. Layout, all in one buffer:
//   0  "AIFLEET\n" (8 bytes)    8  header length H (uint32, little-endian)    12  H bytes of UTF-8 JSON header
//   then, from the next multiple of 8 (the data area): every typed array's bytes and every long string's UTF-8
//   bytes, each block starting at a multiple of 8; first the blocks an answer may read at once (the *head*), then
//   the FLEET_IMAGE_READ_LATER ones (names, ids, most record texts, id tables: ~63 of 85 MB at 1M assets).
// The header is the image itself with each typed array replaced by {"$a": type, "o": offset, "n": length} (and
// "l": 1 when it lies after the head, its offset counted from there) and each long string by {"$s": offset, "n":
// bytes}, plus the format, the byte order, the data area's size and the head's. Decoding makes typed arrays VIEWS
// on the buffer (no copy: a string column's UTF-8 bytes are one, read an item at a time by
// core/engine/string-column.ts) and decodes each other long string on its first read; so the image must
// not be shared with a reader that writes into its arrays (the engine copies a column before writing it).
// A host may read the head alone (decodeFleetImage with a `later` reader): the blocks after it are then read when
// an answer first needs them, a byte range or a block at a time (core/engine/part-bytes.ts).
// Plain TS: the caller (core/cache) wraps the parts in a Blob and reads its slices.
import {
  FLEET_IMAGE_FORMAT,
  FLEET_IMAGE_READ_LATER,
  FleetImageFormatError,
  fleetFromImage,
  fleetToImage,
  type FleetImage,
} from './fleet-image';
import type { Fleet } from './fleet-types';
import { defineLazy } from './lazy-value';
import { BytesPending, isPartBytes, type PartBytes } from './part-bytes';
import type { PartSlots } from './id-hash';
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
  /** Bytes of the data area's first part, the blocks read with the header (the rest are the FLEET_IMAGE_READ_LATER ones). */
  head: number;
  image: unknown;
}

/**
 * The image as the parts of one byte string (for `new Blob(parts)`), and its format (the cache row names it): bytes,
 * or what the encoder's `pack` made of them.
 */
export interface EncodedFleetImage<P = Uint8Array<ArrayBuffer>> {
  format: number;
  parts: (Uint8Array<ArrayBuffer> | P)[];
  /** Bytes of all parts together. */
  byteLength: number;
  /** Bytes from the start through the head (prefix, header, the blocks read before the first answer). */
  headLength: number;
}

const align8 = (n: number) => (n + 7) & ~7;

function arrayType(a: ArrayBufferView): ArrayType | null {
  for (const [name, Type] of Object.entries(ARRAY_TYPES)) if (a instanceof Type) return name as ArrayType;
  return null;
}

/**
 * Blocks of one part of the data area, each padded to a multiple of 8, each given to `pack` as it is placed: with a
 * host's (a Blob of it), the bytes the image made for itself are let go as it is encoded.
 */
class Area<P> {
  readonly blocks: (Uint8Array<ArrayBuffer> | P)[] = [];
  size = 0;
  constructor(private readonly pack: (bytes: Uint8Array<ArrayBuffer>) => P) {}
  place(bytes: Uint8Array<ArrayBuffer>): number {
    const o = this.size;
    this.blocks.push(this.pack(bytes));
    this.size = align8(o + bytes.byteLength);
    const pad = this.size - o - bytes.byteLength;
    if (pad > 0) this.blocks.push(new Uint8Array(pad));
    return o;
  }
}

/**
 * The image's bytes, each block as `pack` makes it (a host's Blob; the bytes themselves unless told), and the
 * image's deferred parts (fleetToImage) made as they are reached: the bytes made for the image need not all be held
 * at once.
 */
export function encodeFleetImage<P = Uint8Array<ArrayBuffer>>(
  image: FleetImage,
  pack = (bytes: Uint8Array<ArrayBuffer>) => bytes as P,
): EncodedFleetImage<P> {
  const head = new Area(pack);
  const later = new Area(pack);
  const readLater = new Set(FLEET_IMAGE_READ_LATER);
  // each object's path in the image ("records.users"), known before its fields are visited
  const paths = new WeakMap<object, string>();
  const encoder = new TextEncoder();
  // every typed array and long string leaves the tree for the data area
  const tree = JSON.stringify(image, function (key, value: unknown) {
    const held = (this as Record<string, unknown>)[key];
    // a part fleetToImage deferred (no other field of an image is a function)
    const raw = typeof held === 'function' ? (held as () => unknown)() : held;
    const parent = paths.get(this as object);
    const path = parent ? `${parent}.${key}` : key;
    // bytes of a loaded image not read yet: whole() reads them, or throws BytesPending for the caller to fetch them
    const array = isPartBytes(raw) || raw instanceof LaterSlots ? raw.whole() : ArrayBuffer.isView(raw) ? raw : null;
    if (array) {
      const type = arrayType(array);
      if (!type) throw new TypeError(`fleet image field "${key}": ${array.constructor.name} has no byte encoding`);
      const bytes = new Uint8Array(array.buffer as ArrayBuffer, array.byteOffset, array.byteLength);
      const n = (array as StoredArray).length;
      return readLater.has(path) ? { $a: type, o: later.place(bytes), n, l: 1 } : { $a: type, o: head.place(bytes), n };
    }
    if (typeof raw === 'string' && raw.length >= LONG_STRING && wellFormed(raw)) {
      const bytes = encoder.encode(raw);
      return { $s: head.place(bytes), n: bytes.byteLength };
    }
    if (typeof raw === 'object' && raw !== null) {
      if ('$a' in raw || '$s' in raw) throw new TypeError(`fleet image field "${key}" holds a reserved key ($a, $s)`);
      paths.set(raw, path);
    }
    return raw === held ? value : raw;
  });
  const fields: Omit<Header, 'image'> = { format: image.format, byteOrder: BYTE_ORDER, data: head.size + later.size, head: head.size };
  const headerBytes = encoder.encode(`${JSON.stringify(fields).slice(0, -1)},"image":${tree}}`);
  const start = align8(PREFIX_BYTES + headerBytes.byteLength);
  const prefix = new Uint8Array(start);
  prefix.set(encoder.encode(MAGIC));
  new DataView(prefix.buffer).setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, PREFIX_BYTES);
  return {
    format: image.format,
    parts: [prefix, ...head.blocks, ...later.blocks],
    byteLength: start + fields.data,
    headLength: start + head.size,
  };
}

/** A string's bytes in the buffer, until the field is read. */
class LongString {
  constructor(readonly bytes: Uint8Array) {}
}

// not fatal: the encoder wrote well-formed UTF-8 (the bytes are trusted as the arrays' are), and the check costs time
const decoder = new TextDecoder();

const fail = (found: unknown, detail: string) => new FleetImageFormatError(found, FLEET_IMAGE_FORMAT, ` (${detail})`);

/** Reads the image's bytes after its head, when a loaded image was given its head alone (a Blob's slices). */
export interface LaterBytesReader {
  /** Bytes of the whole image. */
  size: number;
  /** Bytes [from, to) of the image, counted from its start. */
  read(from: number, to: number): Promise<ArrayBuffer>;
  /** WHOLE_BELOW and WINDOW unless told (tests make them small, so a small fleet is read in windows too). */
  wholeBelow?: number;
  window?: number;
}

/**
 * A block smaller than this is read whole on its first miss (a window would save little and cost a second miss).
 * Larger ones a window first: at 100k assets the names (2.3 MB) and ids (1.2 MB) read whole took 15–30 ms of a woken
 * worker's first page, a window of each 3–6 ms.
 */
const WHOLE_BELOW = 512 << 10;
/** Bytes read around a missing range: a page of 200 rows scattered over a few thousand names fits (~24 B a name). */
const WINDOW = 256 << 10;
/** Windows kept per block before its next miss reads it whole. */
const WINDOWS_MAX = 4;
/** Windows kept of a hash table's slots (LaterSlots says why one). */
const SLOT_WINDOWS_MAX = 1;

/** The blocks after an image's head: read per block or range on a miss, or all at once. */
class LaterBlocks {
  private buffer: ArrayBuffer | null = null;
  private all: Promise<void> | null = null;

  constructor(
    readonly reader: LaterBytesReader,
    /** Where the blocks after the head begin in the image. */
    private readonly from: number,
  ) {}

  async read(from: number, to: number): Promise<ArrayBuffer> {
    const bytes = await this.reader.read(from, to);
    if (bytes.byteLength !== to - from)
      throw new Error(
        `the stored fleet's bytes ${from}–${to} came back as ${bytes.byteLength} bytes: the stored image changed or was cut short`,
      );
    return bytes;
  }

  readonly fetchAll = (): Promise<void> =>
    (this.all ??= this.read(this.from, this.reader.size).then(
      (buffer) => {
        this.buffer = buffer;
      },
      (error: unknown) => {
        this.all = null;
        throw error;
      },
    ));

  /** A view of `n` items at `at` once every block was read, else null. */
  view(Type: (typeof ARRAY_TYPES)[ArrayType], at: number, n: number): StoredArray | null {
    return this.buffer && new Type(this.buffer, at - this.from, n);
  }
}

/** A string column's or record text's bytes after the head: read a window around a missing range, or whole. */
class LaterBytes implements PartBytes {
  private full: Uint8Array | null = null;
  private readonly windows: { from: number; bytes: Uint8Array }[] = [];

  constructor(
    private readonly later: LaterBlocks,
    private readonly at: number,
    readonly length: number,
    private readonly what: string,
    /** Windows read before the next miss reads the block whole. */
    private readonly windowsMax = WINDOWS_MAX,
  ) {}

  /** The block's bytes once read whole (by a miss, or with every part left), else null. */
  wholeNow(): Uint8Array | null {
    return (this.full ??= this.later.view(Uint8Array, this.at, this.length) as Uint8Array | null);
  }

  range(from: number, to: number): Uint8Array {
    const full = this.wholeNow();
    if (full) return full.subarray(from, to);
    for (const w of this.windows) if (from >= w.from && to <= w.from + w.bytes.length) return w.bytes.subarray(from - w.from, to - w.from);
    throw this.pending(from, to);
  }

  whole(): Uint8Array {
    const full = this.wholeNow();
    if (full) return full;
    throw this.pending(0, this.length);
  }

  private pending(from: number, to: number): BytesPending {
    return new BytesPending(this.what, () => this.fetch(from, to), this.later.fetchAll, this);
  }

  private async readWhole(): Promise<void> {
    this.full = new Uint8Array(await this.later.read(this.at, this.at + this.length));
    this.windows.length = 0;
  }

  private async fetch(from: number, to: number): Promise<void> {
    const { wholeBelow = WHOLE_BELOW, window = WINDOW } = this.later.reader;
    if (this.length < wholeBelow || this.windows.length >= this.windowsMax || to - from >= this.length / 2) return this.readWhole();
    const a = Math.max(0, from - Math.floor(window / 8));
    const b = Math.min(this.length, Math.max(to, a + window));
    this.windows.push({ from: a, bytes: new Uint8Array(await this.later.read(this.at + a, this.at + b)) });
  }
}

/**
 * A hash table's slots after the head (core/engine/id-hash.ts PartSlots): the first look-up reads the window around
 * the slots it probes, not the table. At 1M assets the table is 6 MB, and reading it whole took ~30 ms of a woken
 * worker's first explanation (Chromium, a Blob's slice) where a window of it takes 4–8 ms. The next miss reads it
 * whole: ids are hashed all over the table, so an answer that looks up more than one (the badges of a page's assets)
 * would miss a window each time, and with the names' and ids' windows it reached the misses after which everything
 * left is read (PART_FETCHES_MAX: 63 MB at 1M, 240–320 ms).
 */
class LaterSlots implements PartSlots {
  private array: Int32Array | Uint16Array | null = null;
  // one slot's bytes copied into the machine's order (the image's, checked when it was decoded)
  private readonly one = new ArrayBuffer(4);
  private readonly oneBytes = new Uint8Array(this.one);
  private readonly oneSlot: Int32Array | Uint16Array;

  constructor(
    private readonly bytes: LaterBytes,
    private readonly Type: typeof Int32Array | typeof Uint16Array,
    readonly length: number,
  ) {
    this.oneSlot = new Type(this.one, 0, 1);
  }

  at(i: number): number {
    const array = this.array ?? this.wholeNow();
    if (array) return array[i];
    const size = this.Type.BYTES_PER_ELEMENT;
    this.oneBytes.set(this.bytes.range(i * size, (i + 1) * size));
    return this.oneSlot[0];
  }

  whole(): Int32Array | Uint16Array {
    const array = this.array ?? this.wholeNow();
    if (array) return array;
    // not read whole yet: this throws BytesPending, whose fetch reads the table
    this.bytes.whole();
    return this.wholeNow()!;
  }

  /** Block offsets are multiples of 8, so the bytes read whole are aligned for a view. */
  private wholeNow(): Int32Array | Uint16Array | null {
    const bytes = this.bytes.wholeNow();
    return bytes && (this.array = new this.Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, this.length));
  }
}

/** A typed array after the head: its field reads it on first use, throwing BytesPending until it is read. */
class LaterArray {
  constructor(readonly read: () => StoredArray) {}
}

/**
 * The image `encodeFleetImage` wrote into `buffer`. Throws FleetImageFormatError for anything else: another format,
 * another byte order, a buffer of another length (cut short or with bytes after it), a header that is not JSON or
 * points outside the buffer. The arrays' contents are not checked beyond their bounds (IndexedDB returns what it
 * stored, or fails).
 * With `later`, `buffer` is the image's head alone: the blocks after it are read when first needed (a read of them
 * before throws BytesPending: core/engine/part-bytes.ts).
 */
export function decodeFleetImage(buffer: ArrayBuffer, later?: LaterBytesReader): FleetImage {
  const got = buffer.byteLength;
  const total = later ? later.size : got;
  if (got < PREFIX_BYTES || new TextDecoder().decode(new Uint8Array(buffer, 0, 8)) !== MAGIC)
    throw fail(undefined, `not a stored fleet image: ${total} bytes without its mark`);
  const headerLength = new DataView(buffer).getUint32(8, true);
  if (PREFIX_BYTES + headerLength > got) throw fail(undefined, `its header of ${headerLength} bytes runs past the ${got} bytes read`);
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
  const head = header.head;
  if (typeof head !== 'number' || !Number.isSafeInteger(head) || head < 0 || head % 8 !== 0 || head > header.data)
    throw fail(header.format, `its head of ${String(head)} bytes does not fit its ${header.data} bytes of data`);
  if (got !== total && got !== start + head)
    throw fail(header.format, `${got} bytes read where the head is ${start + head} and the whole ${total}: cut short or damaged`);
  const blocks = got === total ? null : new LaterBlocks(later!, start + head);

  /** Where a block begins in the image, checked to lie in the data area (and in the head, unless `after`). */
  const block = (o: unknown, bytes: number, after: boolean, what: string): number => {
    const room = after ? header.data - head : head;
    if (!Number.isSafeInteger(o) || (o as number) < 0 || (o as number) % 8 !== 0 || !(bytes >= 0) || (o as number) + bytes > room)
      throw fail(header.format, `${what} at ${String(o)} (${bytes} bytes) lies outside the ${room} bytes of its part of the data`);
    return start + (after ? head : 0) + (o as number);
  };
  const revive = (value: unknown, key: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value))
      return value.map((v, i) => {
        const item = revive(v, `${key}[${i}]`);
        if (item instanceof LaterArray) throw fail(header.format, `field "${key}[${i}]" lies after the head, in a list`);
        return item instanceof LongString ? decoder.decode(item.bytes) : item;
      });
    const v = value as Record<string, unknown>;
    if ('$a' in v) {
      const Type = typeof v.$a === 'string' && Object.hasOwn(ARRAY_TYPES, v.$a) ? ARRAY_TYPES[v.$a as ArrayType] : undefined;
      const n = v.n as number;
      if (!Type || !Number.isSafeInteger(n) || n < 0) throw fail(header.format, `field "${key}" names no array (${JSON.stringify(v)})`);
      const bytes = n * Type.BYTES_PER_ELEMENT;
      const at = block(v.o, bytes, v.l === 1, `field "${key}"`);
      if (!blocks || at + bytes <= got) return new Type(buffer, at, n);
      // bytes of a column or record text: read a range at a time; any other array: whole, on its first read
      if (Type === Uint8Array && key.endsWith('.bytes')) return new LaterBytes(blocks, at, n, `field "${key}"`);
      // a hash table's slots: a window around the first look-up's probes, then the table (LaterSlots)
      if ((Type === Int32Array || Type === Uint16Array) && key.endsWith('.slots'))
        return new LaterSlots(new LaterBytes(blocks, at, bytes, `field "${key}"`, SLOT_WINDOWS_MAX), Type, n);
      let fetched: StoredArray | null = null;
      const fetch = async () => {
        fetched = new Type(await blocks.read(at, at + bytes), 0, n);
      };
      return new LaterArray(() => {
        const array = fetched ?? blocks.view(Type, at, n);
        if (array) return array;
        throw new BytesPending(`field "${key}"`, fetch, blocks.fetchAll);
      });
    }
    if ('$s' in v) {
      const n = v.n as number;
      if (!Number.isSafeInteger(n) || n < 0) throw fail(header.format, `field "${key}" names no string (${JSON.stringify(v)})`);
      return new LongString(new Uint8Array(buffer, block(v.$s, n, false, `field "${key}"`), n));
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (k === '__proto__') throw fail(header.format, `field "${key}" holds a "__proto__" key`);
      const field = revive(v[k], key ? `${key}.${k}` : k);
      // decoded on first read: a question about one user's access needs no asset id or name (33 MB of text at 1M)
      if (field instanceof LongString) defineLazy(out, k, () => decoder.decode(field.bytes));
      // a read that throws BytesPending leaves the field unread: the next read tries again (defineLazy keeps no failure)
      else if (field instanceof LaterArray) defineLazy(out, k, field.read);
      else out[k] = field;
    }
    return out;
  };
  const image = revive(header.image, '');
  if (typeof image !== 'object' || image === null || (image as { format?: unknown }).format !== header.format)
    throw fail(header.format, 'its header holds no image of that format');
  return image as FleetImage;
}

/** The image of `fleet` as bytes to store, each block as `pack` makes it (encodeFleetImage). */
export const fleetImageBytes = <P = Uint8Array<ArrayBuffer>>(
  fleet: Fleet,
  pack?: (bytes: Uint8Array<ArrayBuffer>) => P,
): EncodedFleetImage<P> => encodeFleetImage(fleetToImage(fleet, true), pack);

/**
 * The fleet stored as `buffer`, or as its head with `later` to read the rest when needed (FleetImageFormatError when
 * it is not an image of this format and catalog).
 */
export const fleetFromImageBytes = (buffer: ArrayBuffer, later?: LaterBytesReader): Fleet =>
  fleetFromImage(decodeFleetImage(buffer, later));
