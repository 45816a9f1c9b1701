// The local cache: one IndexedDB database (through Dexie 4) holding the snapshot table by table, what the sync
// engine has committed (syncState) and the records it refused (quarantine). Everything the sync needs to resume
// lives here, never only in memory: an MV3 service worker can be stopped between any two awaits.
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { CollectionName, Organization, Site, SystemRole, User, Project, ProjectRole, Membership, Asset, Ticket } from '../model/snapshot';
import type { SnapshotProblem } from '../model/validate';

export const DEFAULT_DB_NAME = 'access-inspector';

/** A failure worth showing next to the collection it stopped. */
export interface SyncErrorInfo {
  /** Error class name, e.g. "AuthError", "ServerError". */
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
  /** serverTime of the last page of the last caught-up sync; null until one completed. */
  dataAsOf: string | null;
  /**
   * Newest serverTime of any page committed (cleared with the cursor). A page older than this is a replay: safe
   * to apply, but no proof of being caught up.
   */
  lastPageServerTime: string | null;
  /** Client clock when the collection last finished a sync (caught up). */
  lastSyncedAt: string | null;
  /** Records in the table and in quarantine, counted when the collection last caught up. */
  counts: { records: number; quarantined: number };
  lastError: SyncErrorInfo | null;
  /** Validator of the empty caught-up page fetched from `forCursor`: sent as If-None-Match next time. */
  etag: { forCursor: string; value: string } | null;
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
 * Schema history. Dexie keeps every declared version; to change the schema add a new `this.version(N + 1)` call
 * below the last one with the full new `stores({...})` (only changed tables need listing) and, when existing
 * rows must be rewritten, an `.upgrade(tx => ...)` that does it inside the upgrade transaction. Never edit a
 * shipped version's line: installed extensions upgrade from it. A change that only adds an index needs no
 * upgrade function. Because the cache is a copy of the server, an upgrade may also just clear a table and reset
 * its syncState row (cursor null) so the next sync refills it.
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

export interface CacheDbOptions {
  /** fake-indexeddb (tests, Node) or another IndexedDB implementation; the global one when absent. */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
}

export class CacheDb extends Dexie {
  organizations!: EntityTable<Organization, 'id'>;
  sites!: EntityTable<Site, 'id'>;
  systemRoles!: EntityTable<SystemRole, 'id'>;
  users!: EntityTable<User, 'id'>;
  projects!: EntityTable<Project, 'id'>;
  projectRoles!: EntityTable<ProjectRole, 'id'>;
  memberships!: Table<Membership, string>;
  assets!: EntityTable<Asset, 'id'>;
  tickets!: EntityTable<Ticket, 'id'>;
  syncState!: EntityTable<SyncStateRow, 'collection'>;
  quarantine!: Table<QuarantineRow, [string, string]>;

  constructor(name: string = DEFAULT_DB_NAME, options: CacheDbOptions = {}) {
    super(name, {
      ...options,
      // The cursor and its page commit together, so a relaxed (non-fsynced) commit lost in a crash loses both
      // and the sync simply fetches that page again.
      chromeTransactionDurability: 'relaxed',
    });
    this.version(1).stores(SCHEMA_V1);
  }

  /** The table holding one collection of the snapshot. */
  tableOf(collection: CollectionName): Table<unknown, string> {
    return this.table(collection) as Table<unknown, string>;
  }
}

/** The key of a table: memberships are stored with an outbound key, the others under their `id`. */
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
    lastError: null,
    etag: null,
  };
}
