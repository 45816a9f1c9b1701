// Bytes of the stored fleet image that are read when an answer needs them (issue 13): a worker woken at 1M assets
// reads the image's head (what decides access, and the places' and roles' records: 22 of its 85 MB) before its first
// answer, and the names, ids and other records a range at a time: a page of 200 asset rows needs ~10 KB of them. The
// engine is synchronous, so a read of bytes that are not here yet throws BytesPending; whoever runs the answer awaits
// its `fetch` and runs the answer again (withBytes). Engine code keeps every derived value only once it is whole
// (defineLazy, the user caches), so an answer cut short leaves nothing half-built behind.
// Plain TS: the reading (a Blob's slices) is the caller's, handed to the image's decoder (fleet-image-bytes.ts).

/** Bytes that may be here in part: `range` and `whole` throw BytesPending for bytes not read yet. */
export interface PartBytes {
  readonly length: number;
  range(from: number, to: number): Uint8Array;
  whole(): Uint8Array;
}

/** A byte block of a column or record text: in memory, or read in part. */
export type Bytes = Uint8Array | PartBytes;

/** Thrown by a read of bytes not here yet: `fetch` reads them (and some around them), `fetchAll` every part left. */
export class BytesPending extends Error {
  constructor(
    /** The field whose bytes are missing (named in the message, and in a gathered miss's). */
    readonly what: string,
    readonly fetch: () => Promise<void>,
    readonly fetchAll: () => Promise<void>,
    /** The block the bytes belong to (gatherBytes reads one range per block at a time). */
    readonly block: object = fetch,
  ) {
    super(`${what} is not read yet (a caller awaits fetch() and asks again)`);
    this.name = 'BytesPending';
  }
}

/**
 * Runs the reads of each group until one finds its bytes missing, and throws one BytesPending for every block the
 * groups found missing, whose fetch reads them side by side: an answer that knows what it will read (a page of rows:
 * their ids, their names, the user's records) waits for one round trip instead of one per block (~10 ms each in
 * Chromium). A group stops at its first miss (the rows after it are likely in the same window); reads that find
 * their bytes cost nothing more.
 */
export function gatherBytes(groups: Iterable<Iterable<() => unknown>>): void {
  const missing = new Map<object, BytesPending>();
  for (const group of groups)
    for (const read of group) {
      try {
        read();
      } catch (error) {
        if (!(error instanceof BytesPending)) throw error;
        if (!missing.has(error.block)) missing.set(error.block, error);
        break;
      }
    }
  if (missing.size === 0) return;
  const all = [...missing.values()];
  if (all.length === 1) throw all[0];
  throw new BytesPending(
    all.map((p) => p.what).join(', '),
    async () => {
      await Promise.all(all.map((p) => p.fetch()));
    },
    all[0].fetchAll,
  );
}

export const isPartBytes = (v: unknown): v is PartBytes =>
  typeof v === 'object' && v !== null && typeof (v as Partial<PartBytes>).range === 'function';

export const byteRange = (b: Bytes, from: number, to: number): Uint8Array =>
  b instanceof Uint8Array ? b.subarray(from, to) : b.range(from, to);

export const wholeBytes = (b: Bytes): Uint8Array => (b instanceof Uint8Array ? b : b.whole());

/** More than this many missing reads in one call and the rest is read whole (a scan is not worth 64 round trips). */
const PART_FETCHES_MAX = 8;

/**
 * `run`'s result, reading the bytes it finds missing and running it again until it has them all. `all`: read every
 * part left at the first miss (a caller that reads everything anyway: writing the image).
 */
export async function withBytes<T>(run: () => T | Promise<T>, all = false): Promise<T> {
  for (let misses = 0; ; misses++) {
    try {
      return await run();
    } catch (error) {
      // after fetchAll nothing is missing: another miss is a fault of the reader, not a reason to loop
      if (!(error instanceof BytesPending) || misses > PART_FETCHES_MAX) throw error;
      await (all || misses >= PART_FETCHES_MAX ? error.fetchAll() : error.fetch());
    }
  }
}
