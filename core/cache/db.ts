// The local cache: one IndexedDB database (through Dexie 4) holding the snapshot table by table, what the sync
// engine has committed (syncState) and the records it refused (quarantineBatches, see core/cache/quarantine.ts). Everything the sync needs to resume
// lives here, never only in memory: an MV3 service worker can be stopped between any two awaits.
//
// A collection's table holds *segments*, not one row per record: each row is a batch of changes (the validated
// puts and the deletions of one sync page, or up to SEGMENT_MAX_RECORDS records after a compaction), and the
// collection is the replay of its segments in order (core/cache/segments.ts). IndexedDB costs about the same per
// row whatever the row holds (100–200 µs in Chromium, far more with indexes), so 100,000 assets written as 20 rows
// take well under a second where 100,000 rows took 20 s and more. Nothing reads single records from IndexedDB:
// the engine and the panel work from the whole snapshot, compiled in memory.
import { Dexie, type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';
import { MAX_PAGE_LIMIT } from '../api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { SnapshotProblem } from '../model/validate';
import type { HistoryGap } from '../model/history';

export const DEFAULT_DB_NAME = 'access-inspector';

/** A failure worth showing next to the collection it stopped. */
export interface SyncErrorInfo {
  /** An ApiErrorKind (core/sync/errors.ts), e.g. "AuthError", or a built-in error's name ("TypeError"); never a class name. */
  kind: string;
  message: string;
  /** HTTP status when the error came from an answer. */
  status?: number;
  at: string;
}

/** What has been committed for one collection: the sync resumes from `cursor`. */
export interface SyncStateRow {
  collection: CollectionName;
  /** Opaque server cursor of the last committed page; null before the first page. */
  cursor: string | null;
  /** True when the last committed page said hasMore: false (the collection was caught up). */
  caughtUp: boolean;
  /**
   * Client clock when the request that found the collection caught up was sent: the server's state as of then is
   * in the cache. Never the server's clock, which may be off or step (docs/DECISIONS.md); null until one completed.
   */
  dataAsOf: string | null;
  /** serverTime of the last page committed, as the server said it: shown only, never compared. */
  lastPageServerTime: string | null;
  /** Client clock when the collection last finished a sync (caught up). */
  lastSyncedAt: string | null;
  /** Records in the table and in quarantine, counted when the collection last caught up. */
  counts: { records: number; quarantined: number };
  /** What the collection's table holds now: kept with every write to it, so counting reads no record. */
  stored: StoredStats;
  /**
   * Rows of this collection in quarantine now, kept in the same transaction as every write to the quarantine, so
   * status and counts read no quarantine row (undefined in rows written before it existed: counted once then).
   */
  quarantined?: number;
  /** Changes with every write to this collection's quarantine: tells a connection its in-memory key set is current. */
  quarantineGeneration?: string;
  lastError: SyncErrorInfo | null;
  /** Validator of the empty caught-up page fetched from `forCursor`: sent as If-None-Match next time. */
  etag: { forCursor: string; value: string } | null;
  /**
   * What the history table covers for this collection (issue 18), in server time: every change after `since` is
   * recorded (but for the gaps), the newest at `latest`. Absent until the collection's first fill caught up (the
   * fill's records are the starting state, not changes). `resyncFrom`: a 410 emptied the collection at `latest`;
   * its refill is not recorded, and when it catches up a gap from there is.
   */
  history?: HistoryCoverage | null;
}

export interface HistoryCoverage {
  since: string;
  latest: string;
  resyncFrom?: string;
}

/**
 * One change of one record (core/model/history.ts HistoryEntry) as the history table stores it: the records as
 * JSON text (cheaper to clone than objects, and their size is what retention counts), `at` as a UTC ISO string
 * (so the index orders by time; ties keep the feed's order through the auto-increment id).
 */
export interface HistoryRow {
  id?: number;
  collection: CollectionName;
  key: string;
  at: string;
  author: string | null;
  before: string | null;
  after: string | null;
  /** What this row costs, roughly (its texts), for retention by megabytes. */
  bytes: number;
}

/** The history's one bookkeeping row: totals kept with every write, and its gaps. */
export interface HistoryInfoRow {
  id: 'history';
  count: number;
  bytes: number;
  /** Periods where changes may be missing (core/model/history.ts HistoryGap). */
  gaps: HistoryGap[];
  /** Compaction dropped every change up to this time: the history is complete only after it. */
  compactedThrough: string | null;
  /** Filling the past from the platform's history endpoint (fresh install): done, or the platform has none. */
  fill: 'done' | 'unavailable' | null;
}

/**
 * What a fleet image was derived from: every collection's `stored.generation` at the time ('' for an empty
 * collection). The image answers for the cache only while each of them is still the stored one.
 */
export type FleetStamp = Record<CollectionName, string>;

/**
 * The fleetImage table's rows. The stamp is a row of its own, apart from the (large) image, so that a compaction
 * can carry it over to the collection's new generation without cloning the image again.
 */
export type FleetImageRow =
  | {
      id: 'stamp';
      format: number;
      stamp: FleetStamp;
      /**
       * Per collection, the id of the last segment the image includes (0: none); the segments after it are the
       * image's *tail* (core/cache/fleet-image-store.ts). Missing in rows written before tails were kept: such an
       * image answers only while it is current.
       */
      segments?: Partial<Record<CollectionName, number>>;
    }
  /**
   * The image itself as bytes, opaque to the cache (core/engine/fleet-image-bytes.ts says what they hold). A Blob:
   * Chromium gives a Blob back off the reading thread ~3× faster than it deserializes the same bytes as a value.
   */
  | {
      id: 'image';
      format: number;
      bytes: Blob;
      /** Bytes of the image's head (what a cold start reads before its first answer); missing: read it whole. */
      head?: number;
    };

/** One row of a collection's table: a batch of changes, replayed after every row of a smaller `id`. */
export interface Segment {
  /**
   * The segment's sequence number, and its key. Named `id` because the v1 tables are keyed by `id` and IndexedDB
   * cannot change a store's key path in place (Dexie: "Not yet support for changing primary key"): keeping it let
   * version 2 turn each table's rows into segments within the one upgrade. Memberships' table has outbound keys;
   * its segments are stored under the same number.
   */
  id: number;
  /**
   * Valid records, each replacing whatever the collection held under its recordKey, as JSON text (encodePuts: by
   * column, or one array). Text because cloning 100,000 small objects in and out of IndexedDB costs far more than
   * JSON does for the same records (fake-indexeddb in Node: about twice as long to read back), while a string is
   * stored as its bytes.
   */
  puts: string;
  /** recordKeys removed (applied before this segment's puts). */
  deletes: string[];
  /**
   * The collection's stored generation before this segment (`from`) and with it (`to`), and how many records it
   * puts and deletes (`changed`): what lets the segments after a stored fleet image be read as that image's tail
   * (core/cache/fleet-image-store.ts). Missing on segments written before they were kept, and on a compaction's
   * (a tail never reaches through those).
   */
  from?: string;
  to?: string;
  changed?: number;
}

/**
 * Records that all have the same fields in the same order (a sync page of assets, tickets or memberships always
 * does) are stored by column, `{"fields":[…],"columns":[[…],…]}`: no field names repeated per record, so a 1M
 * fill's segments are about a third smaller, and IndexedDB writes and reads, JSON.stringify and JSON.parse all do
 * less. Anything else, and every segment written before, is one JSON array of the records. Both read back as
 * `JSON.parse(JSON.stringify(records))` would.
 */
export function encodePuts(records: readonly unknown[]): string {
  return JSON.stringify(byColumn(records) ?? records);
}

interface Columns {
  fields: string[];
  columns: unknown[][];
}

/** The records by column, or null when they do not all have the first one's fields in its order. */
function byColumn(records: readonly unknown[]): Columns | null {
  const first = records[0];
  if (!plainObject(first)) return null;
  const fields = Object.keys(first);
  // An own "__proto__" would become the prototype when the record is rebuilt by assignment.
  if (fields.length === 0 || fields.includes('__proto__')) return null;
  const columns: unknown[][] = fields.map(() => new Array<unknown>(records.length));
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (!plainObject(record)) return null;
    let f = 0;
    for (const field in record) {
      // Exactly the first record's own fields, in its order, each a value JSON keeps in an object as in an array
      // (it drops an undefined, function or symbol property, but writes null for one in an array).
      const value = record[field];
      if (field !== fields[f] || !Object.hasOwn(record, field) || !keptAlike(value)) return null;
      columns[f++][i] = value;
    }
    if (f !== fields.length) return null;
  }
  return { fields, columns };
}

const keptAlike = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

function plainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !('toJSON' in value);
}

function isColumns(value: unknown): value is Columns {
  if (value === null || typeof value !== 'object') return false;
  const { fields, columns } = value as Partial<Columns>;
  return (
    Array.isArray(fields) &&
    fields.length > 0 &&
    fields.every((f) => typeof f === 'string' && f !== '__proto__') &&
    Array.isArray(columns) &&
    columns.length === fields.length &&
    columns.every((c) => Array.isArray(c) && c.length === columns[0].length)
  );
}

export function decodePuts(segment: Segment): unknown[] {
  const stored = JSON.parse(segment.puts) as unknown;
  if (Array.isArray(stored)) return stored;
  if (!isColumns(stored)) throw new Error(`cached segment ${segment.id}: its records are neither a JSON array nor columns`);
  const { fields, columns } = stored;
  // Each record is a copy of one object that JSON.parse made with these fields, then filled in: one built from {}
  // field by field keeps the fields past its fourth outside the object (V8), ~32 bytes more a record of five
  // (Node, 300k tickets: 31.3 against 21.7 MB), which a 1M worker's steady heap showed (+17 MB).
  const template = JSON.parse(JSON.stringify(Object.fromEntries(fields.map((f) => [f, null])))) as Record<string, unknown>;
  const out = new Array<unknown>(columns[0].length);
  for (let i = 0; i < out.length; i++) {
    const record = { ...template };
    for (let f = 0; f < fields.length; f++) record[fields[f]] = columns[f][i];
    out[i] = record;
  }
  return out;
}

/**
 * The most records one segment holds: a full sync page's, and so a compaction's. One bound for both, because
 * compactionDue counts the fewest segments by it: with compactions at 5,000 and pages at 10,000, a 1M fill's 100
 * segments read as 100 fewer than needed, and 132 more piled up before a compaction instead of 32.
 */
export const SEGMENT_MAX_RECORDS = MAX_PAGE_LIMIT;

export interface StoredStats {
  /** Records the segments replay to (distinct keys). */
  records: number;
  /** Segment rows in the table. */
  segments: number;
  /**
   * Changes whenever the table does ('' for an empty, reset table): a connection that keeps the collection's keys
   * in memory uses it to tell whether another connection wrote since.
   */
  generation: string;
}

/** A fresh generation tag (not crypto.randomUUID: the widget may run in a page that is not a secure context). */
export function newGeneration(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Cuts records into segments of at most SEGMENT_MAX_RECORDS, numbered from `firstId`. */
export function toSegments(records: readonly unknown[], firstId = 1): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < records.length; i += SEGMENT_MAX_RECORDS) {
    out.push({ id: firstId + out.length, puts: encodePuts(records.slice(i, i + SEGMENT_MAX_RECORDS)), deletes: [] });
  }
  return out;
}

/** A record the server sent that failed its schema. The last good version (if any) stays in its table. */
export interface QuarantineRow {
  collection: CollectionName;
  key: string;
  /** JSON of the raw record, cut to QUARANTINE_RAW_MAX characters (platform data is untrusted and unbounded). */
  raw: string;
  rawTruncated: boolean;
  problems: SnapshotProblem[];
  receivedAt: string;
}

export const QUARANTINE_RAW_MAX = 4096;

/**
 * Most records in one batch row. Smaller than a segment: a status decodes the newest batches for its sample, and a
 * record leaving quarantine rewrites its batch, so a batch should be quick to read and write whole (500 records of
 * at most a few KB); 100,000 refused records are still only 200 rows.
 */
export const QUARANTINE_BATCH_MAX = 500;

/**
 * Refused records are stored in batches, like records in segments and for the same reason (IndexedDB costs per
 * row): one row holds up to 500 records one sync page (or one lookup) refused, so a platform that sends 100,000
 * bad records costs 200 rows, not 100,000. A record leaves its batch (the row is rewritten) when a good version or a
 * deletion comes, or when a newer bad version lands in a later batch. core/cache/quarantine.ts reads and writes them.
 */
export interface QuarantineBatch {
  /** Auto-increment: later batches have larger ids. */
  id?: number;
  collection: CollectionName;
  /**
   * JSON array of the quarantine keys of `rows`, in the same order (read without decoding the rows). Text, like
   * `rows`: a string is stored as its bytes, where an array of 500 strings is cloned string by string.
   */
  keys: string;
  /** JSON array of the rows, packed (encodeQuarantineBatch). */
  rows: string;
}

/**
 * A refused record as a batch stores it: what every row of a batch shares (collection) or repeats (the record id
 * in each problem) is left out, since 100,000 of them are written, cloned and collected as one text.
 * [key, raw, rawTruncated, receivedAt, problems], each problem [recordId (0: the key), path, message] or, when it
 * does not fit that shape, the SnapshotProblem itself.
 */
type PackedProblem = [string | null | 0, string, string] | SnapshotProblem;
type PackedRow = [string, string, boolean, string, PackedProblem[]];

export function encodeQuarantineBatch(collection: CollectionName, rows: readonly QuarantineRow[]): QuarantineBatch {
  const packed = rows.map((r): PackedRow => [
    r.key,
    r.raw,
    r.rawTruncated,
    r.receivedAt,
    r.problems.map((p) =>
      p.collection === collection && p.index === null ? [p.recordId === r.key ? 0 : p.recordId, p.path, p.message] : p,
    ),
  ]);
  return { collection, keys: JSON.stringify(rows.map((r) => r.key)), rows: JSON.stringify(packed) };
}

export function decodeQuarantineBatch(batch: QuarantineBatch): QuarantineRow[] {
  return (JSON.parse(batch.rows) as PackedRow[]).map(([key, raw, rawTruncated, receivedAt, problems]) => ({
    collection: batch.collection,
    key,
    raw,
    rawTruncated,
    receivedAt,
    problems: problems.map((p) =>
      Array.isArray(p) ? { collection: batch.collection, index: null, recordId: p[0] === 0 ? key : p[0], path: p[1], message: p[2] } : p,
    ),
  }));
}

/**
 * Schema history. Dexie keeps every declared version; to change the schema add a new `this.version(N + 1)` call
 * below the last one with the full new `stores({...})` (only changed tables need listing) and, when existing
 * rows must be rewritten, an `.upgrade(tx => ...)` that does it inside the upgrade transaction. Never edit a
 * shipped version's line: installed extensions upgrade from it. A change that only adds an index needs no
 * upgrade function. Because the cache is a copy of the server, an upgrade may also just clear a table and reset
 * its syncState row (cursor null) so the next sync refills it.
 *
 * v1: one row per record, with indexes for look-ups nothing in the product made.
 */
export const SCHEMA_V1 = {
  organizations: 'id, parentId, type, name',
  sites: 'id, organizationId, name',
  systemRoles: 'id, level',
  users: 'id, organizationId, status, email, name, systemRoleId',
  projects: 'id, name',
  projectRoles: 'id, name',
  // Memberships have no id: stored with an outbound key, recordKey() = "userId|projectId".
  memberships: ', userId, projectId, projectRoleId',
  assets: 'id, projectId, siteId, *tags, name',
  tickets: 'id, projectId, assetId, assigneeId',
  syncState: 'collection',
  quarantine: '[collection+key], collection',
} as const;

/** v2: each collection's table holds segments (same keys as v1, no indexes); syncState rows gain `stored`. */
export const SCHEMA_V2 = {
  organizations: 'id',
  sites: 'id',
  systemRoles: 'id',
  users: 'id',
  projects: 'id',
  projectRoles: 'id',
  memberships: '',
  assets: 'id',
  tickets: 'id',
  syncState: 'collection',
  quarantine: '[collection+key], collection',
} as const;

/** v3: the quarantine moves from one row per record to batches (QuarantineBatch). */
export const SCHEMA_V3 = {
  quarantine: null,
  quarantineBatches: '++id, collection',
} as const;

/**
 * v4 (issue 18): the history of changes, one row per change (HistoryRow), by time and by record, and its
 * bookkeeping row. New tables only: every existing row stays as it is.
 */
export const SCHEMA_V4 = {
  history: '++id, at, [collection+key]',
  historyInfo: 'id',
} as const;

/**
 * v5 (issue 13): the compiled fleet as stored (core/cache/fleet-image-store.ts): its image and the stamp saying
 * which state of the collections it was derived from, two rows of one table. A new table only.
 */
export const SCHEMA_V5 = {
  fleetImage: 'id',
} as const;

/** v2 → v3: the quarantine's rows become batches per collection; each syncState row gets its collection's count. */
async function quarantineIntoBatches(tx: Transaction): Promise<void> {
  const rows = await tx.table<QuarantineRow>('quarantine').toArray();
  const syncState = tx.table<SyncStateRow, string>('syncState');
  for (const collection of COLLECTION_NAMES) {
    const mine = rows.filter((r) => r.collection === collection);
    for (let i = 0; i < mine.length; i += QUARANTINE_BATCH_MAX) {
      const part = mine.slice(i, i + QUARANTINE_BATCH_MAX);
      await tx.table('quarantineBatches').add(encodeQuarantineBatch(collection, part));
    }
    const state = await syncState.get(collection);
    if (state) await syncState.put({ ...state, quarantined: mine.length, quarantineGeneration: undefined });
  }
}

/**
 * v1 → v2: each table's records (one per row, unique keys) become segments of up to SEGMENT_MAX_RECORDS, in the
 * upgrade transaction; the cursor and everything else of syncState stay, so the next sync just goes on.
 */
async function segmentsFromV1Rows(tx: Transaction): Promise<void> {
  const syncState = tx.table<SyncStateRow, string>('syncState');
  for (const collection of COLLECTION_NAMES) {
    const table = tx.table(collection);
    const records = await table.toArray();
    const state = await syncState.get(collection);
    if (records.length === 0 && !state) continue;
    await table.clear();
    const segments = toSegments(records);
    if (hasOutboundKey(collection))
      await table.bulkAdd(
        segments,
        segments.map((s) => s.id),
      );
    else await table.bulkAdd(segments);
    const stored: StoredStats = {
      records: records.length,
      segments: segments.length,
      generation: records.length > 0 ? newGeneration() : '',
    };
    // v1 rows do not keep the quarantine's figure: count it once, here.
    const quarantined = await tx.table('quarantine').where('collection').equals(collection).count();
    await syncState.put({ ...(state ?? emptySyncState(collection)), stored, quarantined });
  }
}

export interface CacheDbOptions {
  /** fake-indexeddb (tests, Node) or another IndexedDB implementation; the global one when absent. */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
}

export class CacheDb extends Dexie {
  organizations!: Table<Segment, number>;
  sites!: Table<Segment, number>;
  systemRoles!: Table<Segment, number>;
  users!: Table<Segment, number>;
  projects!: Table<Segment, number>;
  projectRoles!: Table<Segment, number>;
  memberships!: Table<Segment, number>;
  assets!: Table<Segment, number>;
  tickets!: Table<Segment, number>;
  syncState!: EntityTable<SyncStateRow, 'collection'>;
  quarantineBatches!: Table<QuarantineBatch, number>;
  history!: Table<HistoryRow, number>;
  historyInfo!: Table<HistoryInfoRow, string>;
  fleetImage!: Table<FleetImageRow, FleetImageRow['id']>;

  constructor(name: string = DEFAULT_DB_NAME, options: CacheDbOptions = {}) {
    super(name, {
      ...options,
      // The cursor and its page commit together, so a relaxed (non-fsynced) commit lost in a crash loses both
      // and the sync simply fetches that page again.
      chromeTransactionDurability: 'relaxed',
    });
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(segmentsFromV1Rows);
    this.version(3).stores(SCHEMA_V3).upgrade(quarantineIntoBatches);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
  }

  /** The table holding one collection's segments. */
  tableOf(collection: CollectionName): Table<Segment, number> {
    return this.table(collection) as Table<Segment, number>;
  }
}

/** The key of a table: memberships' segments are stored with an outbound key, the others' under their `id`. */
export function hasOutboundKey(collection: CollectionName): boolean {
  return collection === 'memberships';
}

export function emptySyncState(collection: CollectionName): SyncStateRow {
  return {
    collection,
    cursor: null,
    caughtUp: false,
    dataAsOf: null,
    lastPageServerTime: null,
    lastSyncedAt: null,
    counts: { records: 0, quarantined: 0 },
    stored: { records: 0, segments: 0, generation: '' },
    quarantined: 0,
    lastError: null,
    etag: null,
  };
}
