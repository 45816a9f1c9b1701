// The cached source both hosts run: a Dexie cache (CacheDb), the sync into it (core/sync runSync), its status as the
// panel shows it (toPanelSyncStatus, pushed at most every 250 ms while a sync runs) and the DirectSource that answers
// from it, rebuilt after a sync that changed data. What differs between the background and the widget (whose
// identity the cache holds, what a refusal does, how a changed cache is read back) is passed in as hooks.
import type { SyncStatus } from '../source/data-source';
import { createDirectSource, type EngineSource, type SourceHistory, type SyncStatusFields } from '../source/direct-source';
import { toPanelSyncStatus } from '../source/sync-status';
import type { Snapshot } from '../model/snapshot';
import type { CacheDb } from '../cache/db';
import { DEFAULT_HISTORY_RETENTION, type HistoryRetention } from '../cache/history-retention';
import { loadCachedData, loadCachedHistory, quarantinedRecords, type CachedHistory } from '../cache/read';
import type { ApiClient } from '../sync/client';
import { runSync, syncStatus } from '../sync/run';
import type { SyncProgress, SyncReport } from '../sync/sync';

/** Status pushes during a sync at most this often (in the extension each one is a message to every platform tab). */
export const STATUS_PUSH_INTERVAL_MS = 250;

/** Whether a sync changed the cached data: some page committed records, or its report counts a change. */
export function syncChangedData(report: SyncReport, committedRecords: boolean): boolean {
  // The history is data too: a compaction or a fill of the past changes what "as of" and the timeline answer.
  const history = report.history;
  const historyChanged = history !== undefined && (history.compacted > 0 || history.fill?.kind === 'filled');
  return committedRecords || historyChanged || report.collections.some((c) => c.puts + c.deletes + c.quarantined + c.restarts > 0);
}

/** What a host gives the source to start from; what it leaves out is read from the cache. */
export interface SourceInit {
  snapshot?: Snapshot;
  /** The history that goes with `snapshot` (read from the cache when absent). */
  history?: CachedHistory | null;
  signedInUserId: string | null;
  /** The history retention the host's settings ask for (shown in the Sync view; default 30 days, 64 MB). */
  retention?: HistoryRetention;
}

export interface CachedSourceOptions {
  /** Starts a sync for the panel's Refresh button (the host decides whether it may: configured, signed in). */
  onRefresh: () => Promise<boolean>;
  /** Status changes before any source is built (the background answers status before a panel asked for data). */
  onStatus?: (status: SyncStatus) => void;
  /** Every status the built source publishes (the background pushes it to the platform's tabs). */
  onSourceStatus?: (status: SyncStatus) => void;
}

/** One sync run's host-specific parts. */
export interface SyncRun {
  client: ApiClient;
  signal?: AbortSignal;
  /** How much history the run keeps (the host's settings; default 30 days, 64 MB). */
  history?: HistoryRetention;
  /** Before syncing (an identity check): false skips the run. */
  before?: () => Promise<boolean>;
  /** The run ended with this report; resolves true when the hook itself changed the cache (emptied it, say). */
  after?: (report: SyncReport, changed: boolean) => Promise<boolean | void>;
  /** A thrown run (an expected abort) is not an error while this says so. */
  swallow?: (error: unknown) => boolean;
  /** The run's end is shown only while this holds (the widget stops showing anything once its session is lost). */
  live?: () => boolean;
  /**
   * Brings the source up to the committed cache after the run. Default: reload the snapshot when the run changed
   * data. The widget catches up through its CacheFollower (another tab may have synced instead).
   */
  catchUp?: (changed: boolean) => Promise<void>;
}

export class CachedSource {
  private building: Promise<EngineSource> | null = null;
  private ready: EngineSource | null = null;
  private running = new Map<string, SyncProgress>();
  private lastPush = 0;
  private current: Promise<void> | null = null;
  private retention: HistoryRetention = DEFAULT_HISTORY_RETENTION;

  constructor(
    readonly db: CacheDb,
    private readonly options: CachedSourceOptions,
  ) {}

  /** The source, built on first use from `init` (the snapshot defaults to what the cache holds). */
  source(init: () => Promise<SourceInit>): Promise<EngineSource> {
    if (this.building) return this.building;
    const building = this.build(init);
    this.building = building;
    // A source dropped (settings changed) while it was being built is not the current one when it arrives.
    building.then(
      (source) => {
        if (this.building === building) this.ready = source;
      },
      () => {
        if (this.building === building) this.building = null;
      },
    );
    return building;
  }

  private async build(init: () => Promise<SourceInit>): Promise<EngineSource> {
    const [given, fields] = await Promise.all([init(), this.statusFields()]);
    if (given.retention) this.retention = given.retention;
    const data =
      given.snapshot === undefined
        ? await loadCachedData(this.db)
        : { snapshot: given.snapshot, history: given.history !== undefined ? given.history : await loadCachedHistory(this.db) };
    const source = createDirectSource({
      snapshot: data.snapshot,
      history: this.sourceHistory(data.history),
      signedInUserId: given.signedInUserId,
      status: fields,
      onRefresh: this.options.onRefresh,
    });
    if (this.options.onSourceStatus) source.subscribe(this.options.onSourceStatus);
    return source;
  }

  /** The source when it has been built, else null (nothing to update yet). */
  get built(): EngineSource | null {
    return this.ready;
  }

  /** The source once built, or the one being built now (a change must not miss it); null when nobody asked yet. */
  async whenBuilt(): Promise<EngineSource | null> {
    return this.ready ?? (this.building ? this.building.catch(() => null) : null);
  }

  /** Forgets the source (the settings changed): the next request builds it again. */
  drop(): void {
    this.building = null;
    this.ready = null;
  }

  get syncing(): boolean {
    return this.current !== null;
  }

  statusFields(): Promise<SyncStatusFields> {
    return Promise.all([syncStatus(this.db), quarantinedRecords(this.db)]).then(([status, quarantine]) =>
      toPanelSyncStatus({ status, quarantine, running: this.running }),
    );
  }

  /** The current status, without building the source when nobody asked for it yet. */
  async currentStatus(): Promise<SyncStatus> {
    if (this.ready) return this.ready.syncStatus();
    return { ...(await this.statusFields()), dataVersion: 0 };
  }

  /** Shows the cache's status now (`force`), or at most every STATUS_PUSH_INTERVAL_MS. */
  async pushStatus(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastPush < STATUS_PUSH_INTERVAL_MS) return;
    this.lastPush = now;
    this.publish(await this.statusFields());
  }

  private publish(fields: SyncStatusFields): void {
    if (this.ready) this.ready.setSyncStatus(fields);
    else this.options.onStatus?.({ ...fields, dataVersion: 0 });
  }

  /** Reads the whole snapshot and its history again into the source (the cache was emptied or changed under it). */
  async reloadSnapshot(): Promise<void> {
    const source = await this.whenBuilt();
    if (!source) return;
    const data = await loadCachedData(this.db);
    source.setSnapshot(data.snapshot, this.sourceHistory(data.history));
  }

  /** Data the host read itself (the widget's CacheFollower) into the built source, with its history. */
  showData(snapshot: Snapshot, history: CachedHistory | null): void {
    this.ready?.setSnapshot(snapshot, this.sourceHistory(history));
  }

  private sourceHistory(history: CachedHistory | null): SourceHistory | null {
    return history && { history: history.history, bytes: history.bytes, retention: { ...this.retention } };
  }

  /** Starts a sync unless one runs; the returned promise settles when the running one ends. */
  sync(run: SyncRun): Promise<void> {
    this.current ??= this.runOnce(run).finally(() => (this.current = null));
    return this.current;
  }

  /** Waits for the sync in progress, if any. */
  async whenIdle(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  private async runOnce(run: SyncRun): Promise<void> {
    const live = run.live ?? (() => true);
    this.running = new Map();
    const starting = await this.statusFields().catch(() => null);
    if (starting) this.publish({ ...starting, state: 'syncing', progress: { done: 0, total: null } });
    let changed = false;
    let committed = false;
    try {
      if (run.before && !(await run.before())) return;
      if (run.history) this.retention = run.history;
      const report = await runSync(this.db, run.client, {
        signal: run.signal,
        history: this.retention,
        onProgress: (event) => {
          this.running.set(event.collection, event);
          if (event.recordsDone > 0) committed = true;
          void this.pushStatus(false).catch(() => undefined);
        },
      });
      changed = syncChangedData(report, committed);
      if (run.after && (await run.after(report, changed))) changed = true;
    } catch (error) {
      if (!run.swallow?.(error)) throw error;
    } finally {
      this.running = new Map();
      changed ||= committed;
      if (live()) {
        await (run.catchUp ? run.catchUp(changed) : changed ? this.reloadSnapshot() : Promise.resolve());
        await this.pushStatus(true);
      }
    }
  }
}
