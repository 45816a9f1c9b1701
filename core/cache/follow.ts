// Following the cache as other writers change it. Two tabs of the platform run one sync between them (the Web Lock
// in core/sync/run.ts); the other tab's sync returns at once, skipped, and without this its panel would show the
// empty cache it started with until a reload or its next periodic sync (15 minutes). Dexie announces every
// committed write transaction as a `storagemutated` event: in this context directly, and in every other context of
// the origin (tabs, workers, the extension's pages and service worker) through a BroadcastChannel. The follower
// listens for writes to its own database and reloads the snapshot when the data changed.
import { Dexie, type ObservabilitySet } from 'dexie';
import { COLLECTION_NAMES, type Snapshot } from '../model/snapshot';
import { emptySyncState, type CacheDb } from './db';
import { historyMark, readHistoryInfo } from './history';
import { loadCachedData, type CachedHistory } from './read';

/** Commits closer together than this are followed with one reload (a sync commits page after page). */
const COALESCE_MS = 100;

/**
 * Calls `listener` after a write transaction on a database named like `db` commits, in this context or another of
 * the same origin. Returns the undo.
 */
export function onCommit(db: CacheDb, listener: () => void): () => void {
  const prefix = `idb://${db.name}/`;
  const handler = (parts: ObservabilitySet) => {
    for (const part of Object.keys(parts)) {
      if (part.startsWith(prefix)) {
        listener();
        return;
      }
    }
  };
  Dexie.on('storagemutated', handler);
  return () => Dexie.on.storagemutated.unsubscribe(handler);
}

/**
 * Changes whenever any collection's data does (every write stores a new generation, core/cache/segments.ts) or the
 * history does without it (a compaction, a fill of the past, a new gap).
 */
async function dataVersion(db: CacheDb): Promise<string> {
  const rows = await db.syncState.bulkGet(COLLECTION_NAMES);
  const info = await readHistoryInfo(db);
  return [...COLLECTION_NAMES.map((c, i) => (rows[i] ?? emptySyncState(c)).stored?.generation ?? ''), historyMark(info, rows)].join('|');
}

export interface FollowOptions {
  /**
   * The data changed (another writer's commit, or this context's own sync): the whole snapshot as committed.
   * Without it the follower reads no data and only reports commits (a host that tells data changes itself,
   * core/host/cached-source.ts followCache).
   */
  onSnapshot?(snapshot: Snapshot, history: CachedHistory | null): void;
  /** Something was committed (data, sync status, cursors, quarantine may have moved). */
  onCommit?(): void;
  /**
   * While true, commits are not followed: this context's own sync is running and reloads once when it ends
   * (catchUp), instead of once per page.
   */
  paused?(): boolean;
}

/** Keeps a snapshot equal to what the database holds, across every writer of the origin. */
export class CacheFollower {
  private version: string | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly db: CacheDb,
    private readonly options: FollowOptions,
  ) {}

  /** The snapshot as committed now, remembered as the one delivered. Call before start(). */
  async load(): Promise<Snapshot> {
    return (await this.loadData()).snapshot;
  }

  /** The snapshot and its history as committed now (load() with the history). */
  async loadData(): Promise<{ snapshot: Snapshot; history: CachedHistory | null }> {
    const { snapshot, history, version } = await this.read();
    this.version = version;
    return { snapshot, history };
  }

  /** Starts following other writers' commits. */
  start(): void {
    this.stopListening ??= onCommit(this.db, () => {
      if (this.options.paused?.()) return;
      this.timer ??= setTimeout(() => {
        this.timer = null;
        // A closed database (the page left, the cache was replaced) has nothing more to follow.
        this.catchUp().catch((error: unknown) => {
          if (!(error instanceof Dexie.DatabaseClosedError)) console.warn('Access Inspector: could not follow the cache', error);
        });
      }, COALESCE_MS);
    });
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Delivers the snapshot if the data changed since the last one delivered (by anyone: this context's sync, another
   * tab's, the worker's), and reports the commit. One at a time; a call during a run makes it run once more.
   */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    // Cleared in a `finally` callback, which always runs later than this assignment: the loop itself may finish
    // without awaiting anything (no onSnapshot), and clearing inside it would leave `running` set for good.
    const running = this.follow().finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }

  private async follow(): Promise<void> {
    do {
      this.again = false;
      const onSnapshot = this.options.onSnapshot;
      if (onSnapshot && (await dataVersion(this.db)) !== this.version) {
        const fresh = await this.read();
        this.version = fresh.version;
        onSnapshot(fresh.snapshot, fresh.history);
      }
      this.options.onCommit?.();
    } while (this.again);
  }

  /** The snapshot, its history and the version they are, read in one transaction. */
  private read(): Promise<{ snapshot: Snapshot; history: CachedHistory | null; version: string }> {
    const tables = [this.db.syncState, this.db.history, this.db.historyInfo, ...COLLECTION_NAMES.map((c) => this.db.tableOf(c))];
    return this.db.transaction('r', tables, async () => {
      const version = await dataVersion(this.db);
      return { ...(await loadCachedData(this.db)), version };
    });
  }
}
