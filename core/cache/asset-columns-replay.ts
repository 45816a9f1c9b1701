// The assets' segments replayed into columns (core/engine/compile-columns.ts) instead of a record per asset: a cold
// read of a 1M cache otherwise held every asset as an object (~280 MB) beside the compiled fleet while the first
// image was built. Segments are taken one at a time, so only one segment's text is held, not all of them. The
// result is what replaySegments gives, by column: the same records in the same first-put order.
// Ids and names are written as UTF-8 bytes as they are read, with a hash table over the ids, and come out as the
// byte columns and id table the stored image keeps (core/engine/fleet-image.ts): no string per asset is kept (at 1M,
// two million strings and a Map of a million entries were ~100 MB of the first image's build), and the image reuses
// them instead of joining and encoding the strings again.
import type { AssetColumns } from '../engine/compile-columns';
import { distinctIdHash, hashOf } from '../engine/id-hash';
import { byteColumn, utf8Equals, wellFormed, type ByteColumn } from '../engine/string-column';
import type { Segment } from './db';

const FIELDS = ['id', 'name', 'siteId', 'projectId', 'tags'] as const;

// The replay's stores grow by chunks, not by copying into arrays twice as long: at 1M assets the copies left ~100 MB
// of dead buffers behind, which the worker's memory showed until it collected them.
const INT_BITS = 16;
const INT_MASK = (1 << INT_BITS) - 1;

/**
 * Gives the buffers' memory back now (ArrayBuffer.prototype.transfer, ES2024, detaches them at once) rather than at
 * the collector's next full collection: at 1M assets the replay's stores are ~70 MB, which the worker otherwise still
 * held while it compiled the fleet and stored its image. Where transfer is missing (Node 20) they wait for the collector.
 */
function letGo(buffers: readonly ArrayBufferLike[]): void {
  for (const b of buffers) (b as { transfer?: (length: number) => ArrayBuffer }).transfer?.call(b, 0);
}

/** Int32 values by index, in chunks of 65,536 made as they are written. */
class Ints {
  readonly chunks: Int32Array[] = [];
  at(i: number): number {
    return this.chunks[i >>> INT_BITS][i & INT_MASK];
  }
  set(i: number, v: number): void {
    const c = i >>> INT_BITS;
    while (c >= this.chunks.length) this.chunks.push(new Int32Array(1 << INT_BITS));
    this.chunks[c][i & INT_MASK] = v;
  }
}

const BYTE_BITS = 20;
const BYTE_MASK = (1 << BYTE_BITS) - 1;
/** Chunks a position (chunk << 20 | offset) can name as an int32. */
const MAX_BYTE_CHUNKS = 2047;

/**
 * UTF-8 bytes appended string by string in chunks of 1 MB (a string longer than that gets a chunk of its own); a
 * string never straddles two chunks, so it is found by its position (chunk << 20 | offset) and byte length.
 */
class Utf8 {
  readonly chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk (a chunk of its own counts as full). */
  private used = 1 << BYTE_BITS;
  /** A string held a NUL: the column may not be NUL-joined. */
  nul = false;
  /** Bytes of the string appended last. */
  length = 0;
  private readonly encoder = new TextEncoder();

  /**
   * Appends `s` and returns its position; -1, writing nothing, when it is not well-formed (a lone surrogate has no
   * UTF-8) or the chunks are all used (2 GB of text, which no fleet's ids or names come near).
   */
  append(s: string): number {
    const most = 3 * s.length;
    if (this.used + most >= 1 << BYTE_BITS) {
      if (this.chunks.length === MAX_BYTE_CHUNKS) return -1;
      this.chunks.push(new Uint8Array(Math.max(most, 1 << BYTE_BITS)));
      this.used = 0;
    }
    const c = this.chunks.length - 1;
    const bytes = this.chunks[c];
    const from = this.used;
    let w = from;
    // ASCII (ids, most names) byte by byte; the first other character sends the rest to the encoder
    for (let k = 0; k < s.length; k++) {
      const u = s.charCodeAt(k);
      if (u >= 0x80) {
        if (!wellFormed(s)) return -1;
        if (s.indexOf('\u0000', k) !== -1) this.nul = true;
        w += this.encoder.encodeInto(s.slice(k), bytes.subarray(w)).written;
        break;
      }
      if (u === 0) this.nul = true;
      bytes[w++] = u;
    }
    this.length = w - from;
    this.used = bytes.length > 1 << BYTE_BITS ? 1 << BYTE_BITS : w;
    return (c << BYTE_BITS) | from;
  }

  /** The `length` bytes at `at` are `s`'s UTF-8. */
  equals(at: number, length: number, s: string): boolean {
    return utf8Equals(this.chunks[at >>> BYTE_BITS], at & BYTE_MASK, length, s);
  }

  /** The column of the strings at `starts`/`lengths` taken at `rows`, in that order. */
  column(rows: Int32Array, starts: Ints, lengths: Ints): ByteColumn {
    const n = rows.length;
    const { chunks } = this;
    // NUL-joined unless a string kept holds one (one put over, or deleted, does not count); UTF-8 has no other 0 byte
    let sep: 0 | 1 = 1;
    for (let r = 0; this.nul && sep === 1 && r < n; r++) {
      const at = starts.at(rows[r]);
      const from = at & BYTE_MASK;
      if (chunks[at >>> BYTE_BITS].subarray(from, from + lengths.at(rows[r])).includes(0)) sep = 0;
    }
    let total = 0;
    for (let r = 0; r < n; r++) total += lengths.at(rows[r]);
    const out = new Uint8Array(total + (n > 0 ? sep * (n - 1) : 0));
    const offsets = new Int32Array(n + 1);
    let w = 0;
    for (let r = 0; r < n; r++) {
      const slot = rows[r];
      offsets[r] = w;
      const at = starts.at(slot);
      const bytes = chunks[at >>> BYTE_BITS];
      // byte by byte: a subarray per string cost more than the copy (two million of them at 1M assets)
      for (let k = at & BYTE_MASK, end = k + lengths.at(slot); k < end; k++) out[w++] = bytes[k];
      w += sep;
    }
    offsets[n] = w;
    return byteColumn(out, offsets, sep);
  }
}

export class AssetColumnsReplay {
  /** Slot count: a slot is made by an id's first put, and by a put after its delete (it goes last, as in a Map). */
  private slots = 0;
  private live = 0;
  /** Open addressing over the ids' hashes: slot + 1, 0 empty; at most half full. An entry of a deleted id stays. */
  private table = new Int32Array(1 << 12);
  private readonly ids = new Utf8();
  private readonly names = new Utf8();
  private readonly idStart = new Ints();
  private readonly idLength = new Ints();
  private readonly nameStart = new Ints();
  private readonly nameLength = new Ints();
  private readonly hash = new Ints();
  /** 1 while the slot's id is put and not deleted since. */
  private readonly alive = new Ints();
  private readonly siteIds: string[] = [];
  private readonly projectIds: string[] = [];
  /** Slot s's tags: tagList[tagStart[s]] onwards, tagCount[s] of them (a put over a slot appends its own). */
  private readonly tagStart = new Ints();
  private readonly tagCount = new Ints();
  private readonly tagList: string[] = [];
  /** Site ids, project ids and tags repeat across assets: each value is kept once. */
  private readonly same = new Map<string, string>();
  /** Set when a segment held something other than valid asset records, or text with no UTF-8 (a lone surrogate):
   * the caller replays records instead. */
  unreadable = false;

  /** finish() let the stores go: the replay takes no more segments. */
  private finished = false;

  /** Replays one segment (segments in `id` order). */
  add(segment: Segment): void {
    if (this.finished) throw new Error('the asset replay is finished: it takes no more segments');
    if (this.unreadable) return;
    for (const key of segment.deletes) {
      const slot = this.find(key, hashOf(key) | 0);
      if (slot >= 0 && this.alive.at(slot) === 1) {
        this.alive.set(slot, 0);
        this.live--;
      }
    }
    const columns = columnsOf(JSON.parse(segment.puts) as unknown);
    if (!columns) {
      this.unreadable = true;
      return;
    }
    const [ids, names, siteIds, projectIds, tagLists] = columns;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const name = names[i];
      const siteId = siteIds[i];
      const projectId = projectIds[i];
      const tags = tagLists[i];
      if (
        typeof id !== 'string' ||
        typeof name !== 'string' ||
        typeof siteId !== 'string' ||
        typeof projectId !== 'string' ||
        !Array.isArray(tags)
      ) {
        this.unreadable = true;
        return;
      }
      const slot = this.put(id, name);
      if (slot < 0) {
        this.unreadable = true;
        return;
      }
      this.siteIds[slot] = this.once(siteId);
      this.projectIds[slot] = this.once(projectId);
      this.tagStart.set(slot, this.tagList.length);
      this.tagCount.set(slot, tags.length);
      for (let k = 0; k < tags.length; k++) {
        const tag: unknown = tags[k];
        if (typeof tag !== 'string') {
          this.unreadable = true;
          return;
        }
        this.tagList.push(this.once(tag));
      }
    }
  }

  /** Writes id and name into the id's live slot, or a new one, and returns the slot; -1 when either has no UTF-8. */
  private put(id: string, name: string): number {
    const h = hashOf(id) | 0;
    // one probe: the entry of the id (its latest slot, deleted or not), or the empty position it takes
    const entry = this.probe(id, h);
    let slot = this.table[entry] - 1;
    if (slot < 0 || this.alive.at(slot) === 0) {
      const known = slot >= 0;
      slot = this.slots++;
      const at = this.ids.append(id);
      if (at < 0) return -1;
      this.idStart.set(slot, at);
      this.idLength.set(slot, this.ids.length);
      this.hash.set(slot, h);
      this.alive.set(slot, 1);
      this.live++;
      // a put after a delete takes the id's entry over; a new id fills the empty position (unless the table grows)
      if (known || !this.grown()) this.table[entry] = slot + 1;
      else this.place(slot + 1, h);
    }
    const at = this.names.append(name);
    if (at < 0) return -1;
    this.nameStart.set(slot, at);
    this.nameLength.set(slot, this.names.length);
    return slot;
  }

  /** The table position holding `id` (its hash `h`), or the empty one where it would go. */
  private probe(id: string, h: number): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const held = table[at];
      if (held === 0) return at;
      const s = held - 1;
      if (this.hash.at(s) === h && this.ids.equals(this.idStart.at(s), this.idLength.at(s), id)) return at;
    }
  }

  /** The latest slot of `id`, alive or not, or -1. */
  private find(id: string, h: number): number {
    return this.table[this.probe(id, h)] - 1;
  }

  /** Doubles the table once it holds more slots than half its length; whether it did (every entry moved). */
  private grown(): boolean {
    if (2 * this.slots <= this.table.length) return false;
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (const held of old) if (held !== 0) this.place(held, this.hash.at(held - 1));
    return true;
  }

  private place(entry: number, h: number): void {
    const mask = this.table.length - 1;
    let at = h & mask;
    while (this.table[at] !== 0) at = (at + 1) & mask;
    this.table[at] = entry;
  }

  /** The columns the segments replay to, or null when one of them could not be read as asset records. */
  finish(): AssetColumns | null {
    if (this.finished) throw new Error('the asset replay is finished already');
    if (this.unreadable) return null;
    const n = this.live;
    // the slots still held, in slot order (Map order: a re-put after a delete went last)
    const rows = new Int32Array(n);
    const hashes = new Int32Array(n);
    const siteIds = n === this.slots ? this.siteIds : new Array<string>(n);
    const projectIds = n === this.slots ? this.projectIds : new Array<string>(n);
    const start = new Int32Array(n);
    const count = new Int32Array(n);
    for (let s = 0, r = 0; s < this.slots; s++) {
      if (this.alive.at(s) !== 1) continue;
      rows[r] = s;
      hashes[r] = this.hash.at(s);
      siteIds[r] = this.siteIds[s];
      projectIds[r] = this.projectIds[s];
      start[r] = this.tagStart.at(s);
      count[r] = this.tagCount.at(s);
      r++;
    }
    const bytes = {
      ids: this.ids.column(rows, this.idStart, this.idLength),
      names: this.names.column(rows, this.nameStart, this.nameLength),
      hash: distinctIdHash(hashes),
    };
    // everything returned was copied out of the stores: they and the row lists go now, and the replay with them
    this.finished = true;
    const stores = [this.idStart, this.idLength, this.nameStart, this.nameLength, this.hash, this.alive, this.tagStart, this.tagCount];
    letGo([
      ...[this.ids, this.names, ...stores].flatMap((store) => store.chunks.map((c) => c.buffer)),
      this.table.buffer,
      rows.buffer,
      hashes.buffer,
    ]);
    return { bytes, siteIds, projectIds, tags: { list: this.tagList, start, count } };
  }

  private once(value: string): string {
    const kept = this.same.get(value);
    if (kept !== undefined) return kept;
    this.same.set(value, value);
    return value;
  }
}

/** A segment's puts as one array per field (FIELDS order), stored by column or as records; null: neither. */
function columnsOf(stored: unknown): unknown[][] | null {
  if (Array.isArray(stored)) {
    const field = (r: unknown, f: string): unknown =>
      r !== null && typeof r === 'object' && Object.hasOwn(r, f) ? (r as Record<string, unknown>)[f] : undefined;
    return FIELDS.map((f) => stored.map((r) => field(r, f)));
  }
  const { fields, columns } = (stored ?? {}) as { fields?: unknown; columns?: unknown };
  if (!Array.isArray(fields) || !Array.isArray(columns) || columns.length !== fields.length) return null;
  const at = FIELDS.map((f) => fields.indexOf(f));
  if (at.some((c) => c < 0) || !columns.every((c) => Array.isArray(c) && c.length === columns[0].length)) return null;
  return at.map((c) => columns[c] as unknown[]);
}
