// The cached source both hosts run: a Dexie cache (CacheDb), the sync into it (core/sync runSync), its status as the
// panel shows it (toPanelSyncStatus, pushed at most every 250 ms while a sync runs) and the DirectSource that answers
// from it. What differs between the background and the widget (whose identity the cache holds, what a refusal does)
// is passed in as hooks.
//
// Issue 13: the source starts from the stored fleet image and its tail (the segments written after it, patched in:
// core/cache/fleet-image-store.ts), nothing else parsed or compiled; else from the segments (then the image is
// stored, after the first answer); the history is read when a request first needs it. After a sync the committed
// changes are patched into the fleet in memory (core/engine/fleet-patch.ts); on disk they are the image's tail, and
// the image is rewritten whole only when that tail grows long (core/host/image-tail.ts). A run that cannot be told
// as changes, or whose generations do not chain from the fleet's stamp, is read whole. docs/DECISIONS.md "Stored
// fleet" says what still reads whole.
import type { SyncStatus } from '../source/data-source';
import { createDirectSource, type EngineSource, type HistoryLoader, type SyncStatusFields } from '../source/direct-source';
import { patchFleet } from '../engine/fleet-patch';
import { toPanelSyncStatus } from '../source/sync-status';
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import { compileFleet, type Fleet } from '../engine';
import { FLEET_IMAGE_FORMAT } from '../engine/fleet-image';
import { fleetFromImageBytes } from '../engine/fleet-image-bytes';
import { fleetRecords } from '../engine/fleet-records';
import { BytesPending, withBytes } from '../engine/part-bytes';
import type { CacheDb, SyncStateRow } from '../cache/db';
import {
  fleetImageTailSize,
  readChangesSince,
  readFleetImageWithTail,
  sameStamp,
  stampOf,
  type FleetStamp,
} from '../cache/fleet-image-store';
import { historyMark, readHistoryInfo } from '../cache/history';
import { DEFAULT_HISTORY_RETENTION, type HistoryRetention } from '../cache/history-retention';
import { loadCachedHistory, loadStampedFleetParts, quarantinedRecords, type CachedHistory } from '../cache/read';
import { compileFleetFromColumns } from '../engine/compile-columns';
import { forgetKeyIndexes } from '../cache/segments';
import type { ApiClient } from '../sync/client';
import { runSync, syncStatus } from '../sync/run';
import type { SyncProgress, SyncReport } from '../sync/sync';
import type { HeldSource } from '../sync/held-records';
import { foldDue, tailSizeOf, TAIL_MAX_SEGMENTS, TAIL_PATCH_BUDGET_MS } from './image-tail';
import { FleetImageWriter, IMAGE_STORE_DELAY_MS, IMAGE_STORE_QUIET_MS } from './image-writer';
import { PATCH_MAX_RECORDS, RunChanges } from './run-changes';

/** Status pushes during a sync at most this often (in the extension each one is a message to every platform tab). */
export const STATUS_PUSH_INTERVAL_MS = 250;

/** Whether a sync changed the cached data: some page committed records, or its report counts a change. */
export function syncChangedData(report: SyncReport, committedRecords: boolean): boolean {
  // The history is data too: a compaction or a fill of the past changes what "as of" and the timeline answer.
  const history = report.history;
  const historyChanged = history !== undefined && (history.compacted > 0 || history.fill?.kind === 'filled');
  return committedRecords || historyChanged || report.collections.some((c) => c.puts + c.deletes + c.quarantined + c.restarts > 0);
}

/**
 * fleetRecords when the fleet holds those bytes already, else null (the sync reads them from the cache: it asks
 * inside its transaction and cannot wait for a read of the image); the bytes are read meanwhile for the next page.
 */
function recordsIfRead(fleet: Fleet, collection: CollectionName, keys: readonly string[]): Map<string, unknown> | null {
  try {
    return fleetRecords(fleet, collection, keys);
  } catch (error) {
    if (!(error instanceof BytesPending)) throw error;
    error.fetch().catch(() => undefined);
    return null;
  }
}

/** What a host tells the source when it is built (the data itself is read from the cache). */
export interface SourceInit {
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
  /** IMAGE_STORE_DELAY_MS unless told (tests: 0). */
  imageStoreDelayMs?: number;
  /** IMAGE_STORE_QUIET_MS unless told (tests: 0). */
  imageStoreQuietMs?: number;
  /** TAIL_PATCH_BUDGET_MS unless told. */
  tailPatchBudgetMs?: number;
  /** Images under this many bytes are read whole (READ_WHOLE_BELOW unless told; tests: 0, read in parts). */
  imageReadWholeBelow?: number;
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
}

/**
 * What the built source's data was derived from: the collections' stamp, and the history's mark when it was last
 * handed over (the history itself is read lazily, always as committed then).
 */
interface Held {
  stamp: FleetStamp;
  history: string;
}

/** The fleet read from the cache, and whether its image should be stored (read from the segments, or a long tail). */
interface ReadFleet {
  fleet: Fleet;
  held: Held;
  store: boolean;
}

export class CachedSource {
  private building: Promise<EngineSource> | null = null;
  private ready: EngineSource | null = null;
  /** Per built source: the cache state its data is. */
  private readonly held = new WeakMap<EngineSource, Held>();
  /** One bring-up at a time (a sync's end and a follower's commit may ask together). */
  private bringing: Promise<void> = Promise.resolve();
  /**
   * The fleet read or patched after a sync while no source was built (an alarm woke the worker): the next build
   * starts from it, while it is still what the cache holds, instead of reading the cache again.
   */
  private warm: ReadFleet | null = null;
  /** The whole read in flight, if any (readFleet). */
  private reading: Promise<ReadFleet> | null = null;
  private running = new Map<string, SyncProgress>();
  /** lightenOnceStored under way (whenImageStored waits for it). */
  private lightening: Promise<void> = Promise.resolve();
  private lastPush = 0;
  private current: Promise<void> | null = null;
  private retention: HistoryRetention = DEFAULT_HISTORY_RETENTION;

  /** Writes the whole image when it is due (after a whole read, a long or dear tail). */
  private readonly images: FleetImageWriter;

  constructor(
    readonly db: CacheDb,
    private readonly options: CachedSourceOptions,
  ) {
    this.images = new FleetImageWriter(db, {
      delayMs: options.imageStoreDelayMs ?? IMAGE_STORE_DELAY_MS,
      quietMs: options.imageStoreQuietMs ?? IMAGE_STORE_QUIET_MS,
      patchBudgetMs: options.tailPatchBudgetMs ?? TAIL_PATCH_BUDGET_MS,
      onStored: (fleet, stamp) => this.lightenOnceStored(fleet, stamp),
    });
  }

  /** The host is answering a panel's request: whole-image writes wait until requests pause (image-writer.ts). */
  noteRequest(): void {
    this.images.noteRequest();
  }

  /** The source, built on first use from the cache and `init`. */
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
    // The host's answers, the status and the data are read side by side: a cold start waits for the slowest only.
    const [given, fields, read] = await Promise.all([init(), this.statusFields(), this.readFleet()]);
    if (given.retention) this.retention = given.retention;
    const source = createDirectSource({
      fleet: read.fleet,
      history: this.historyLoader(),
      signedInUserId: given.signedInUserId,
      status: fields,
      onRefresh: this.options.onRefresh,
    });
    this.held.set(source, read.held);
    if (read.store) this.images.storeSoon(read.fleet, read.held.stamp);
    if (this.options.onSourceStatus) source.subscribe(this.options.onSourceStatus);
    return source;
  }

  /**
   * The fleet as the cache holds it: the stored image with its tail patched in (a damaged one is ignored), else the
   * segments replayed and compiled. The history's mark is read first: one older than the data only costs a later
   * refresh of the history, a newer one could hide a change.
   */
  private readFleet(): Promise<ReadFleet> {
    // Callers at once (a panel's first call while an unbuilt sync's end reads the cache) share one read: at 1M a
    // whole read is seconds and hundreds of MB. A shared read may be a commit behind one of them; the stamp it
    // carries says so, and a stale stamp is patched or read again like any other.
    this.reading ??= (async () => (await this.readImage()) ?? (await this.readSegments()))().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  /**
   * The fleet without replaying the whole cache: kept from this worker's unbuilt sync, or the stored image with its
   * tail patched in; else null.
   */
  private async readImage(): Promise<ReadFleet | null> {
    const warm = this.warm;
    this.warm = null;
    if (warm && sameStamp(warm.held.stamp, (await this.cacheState()).stamp)) return warm;
    return this.readStoredImage();
  }

  /** The stored image with its tail patched in, else null (none, or damaged). */
  private async readStoredImage(): Promise<ReadFleet | null> {
    // the history's mark in the image's own transaction (one read transaction before the bytes, not two)
    const stored = await readFleetImageWithTail(
      this.db,
      FLEET_IMAGE_FORMAT,
      { tables: [this.db.historyInfo], read: (states) => this.historyMarkOf(states) },
      { wholeBelow: this.options.imageReadWholeBelow },
    );
    if (!stored) return null;
    const history = stored.alongside!;
    try {
      const image = fleetFromImageBytes(stored.bytes, stored.later);
      const started = performance.now();
      // a patch reads the bytes it needs of what the image left for later (the tail's rows), here before the answer
      const fleet = stored.tail.length > 0 ? await withBytes(() => patchFleet(image, stored.tail)) : image;
      // A tail this start paid much for would cost every later start as much: fold it (after the first answer).
      const store = foldDue(tailSizeOf(stored.tail)) || this.images.overBudget(started);
      return { fleet, held: { stamp: stored.stamp, history }, store };
    } catch (error) {
      console.warn('Access Inspector: the stored fleet could not be loaded; it is rebuilt from the cache', error);
      return null;
    }
  }

  private async readSegments(): Promise<ReadFleet> {
    const { history } = await this.cacheState();
    // the assets as columns: no object per asset beside the compiled fleet (the first image of a 1M fill)
    const read = await loadStampedFleetParts(this.db);
    const fleet = read.assets ? compileFleetFromColumns(read.snapshot, read.assets) : compileFleet(read.snapshot);
    return { fleet, held: { stamp: read.stamp, history }, store: true };
  }

  /** The collections' stamp and the history's mark as committed now (one transaction). */
  private async cacheState(): Promise<Held> {
    return this.db.transaction('r', [this.db.syncState, this.db.historyInfo], async () => {
      const rows = await this.db.syncState.bulkGet(COLLECTION_NAMES);
      return { stamp: stampOf(rows), history: await this.historyMarkOf(rows) };
    });
  }

  /** The history's mark beside these syncState rows (read in the caller's transaction). */
  private async historyMarkOf(states: ReadonlyArray<SyncStateRow | undefined>): Promise<string> {
    return historyMark(await readHistoryInfo(this.db), states);
  }

  /** Resolves once the image being stored (if any) is written or refused, and kept in place of the fleet it holds. */
  async whenImageStored(): Promise<void> {
    await this.images.whenStored();
    await this.lightening;
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

  /**
   * Brings the built source up to what the cache holds now (another writer committed: the widget's follower calls
   * it); nothing when it already is. Without a run's changes, a change of data is read whole (the stored image and
   * its tail, which hold the other writer's commits as soon as they land).
   */
  followCache(): Promise<void> {
    return this.bringUp(null);
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

  /** Reads the cache again into the source when it changed under it (the host emptied it, say). */
  reloadSnapshot(): Promise<void> {
    return this.bringUp(null);
  }

  private sourceHistory(history: CachedHistory | null) {
    return history && { history: history.history, bytes: history.bytes, retention: { ...this.retention } };
  }

  /** The cache's history, read when a request first needs it (then as committed at that moment). */
  private historyLoader(): HistoryLoader {
    return async () => this.sourceHistory(await loadCachedHistory(this.db));
  }

  private bringUp(run: RunChanges | null): Promise<void> {
    return this.inTurn(() => this.bringUpNow(run));
  }

  /** Runs `step` after the bring-ups asked for before it, one at a time (the source's fleet and stamp change together). */
  private inTurn(step: () => Promise<void>): Promise<void> {
    const next = this.bringing.then(step);
    this.bringing = next.catch(() => undefined);
    return next;
  }

  /**
   * The source (or, when none is built, the stored image) made what the cache holds now: nothing when it already
   * is; a change of the history alone hands over a fresh history; a run's changes that chain from the source's
   * stamp to the stored one are patched in; anything else is read whole. A patch that fails is read whole too: a
   * slower answer, never a wrong one.
   */
  private async bringUpNow(run: RunChanges | null): Promise<void> {
    const source = await this.whenBuilt();
    if (!source) {
      if (run) await this.bringUpStored(run);
      return;
    }
    const now = await this.cacheState();
    if (this.ready !== source) return;
    const held = this.held.get(source);
    if (held && sameStamp(held.stamp, now.stamp)) {
      if (held.history !== now.history) {
        await source.applyChanges([], this.historyLoader());
        this.held.set(source, now);
      }
      return;
    }
    const plan = held && run ? run.planFrom(held.stamp) : null;
    if (plan && sameStamp(plan.stamp, now.stamp)) {
      try {
        const started = performance.now();
        await source.applyChanges(plan.changes, this.historyLoader());
        const expensive = this.images.overBudget(started);
        this.held.set(source, now);
        await this.images.foldSoonIfDue(source.currentFleet()!, now.stamp, expensive);
        return;
      } catch (error) {
        console.warn('Access Inspector: the sync could not be patched in; the cache is read whole', error);
      }
    }
    if (held && (await this.patchSince(source, held, now.history, run !== null))) return;
    const read = await this.readFleet();
    if (this.ready !== source) return;
    source.setFleet(read.fleet, this.historyLoader());
    this.held.set(source, read.held);
    if (read.store) this.images.storeSoon(read.fleet, read.held.stamp);
  }

  /**
   * Brings `source` (derived at `held`) to the stored generations with the segments written since, when they can be
   * followed back to it (another context's commits: the widget in a second tab, or a run interleaved with this
   * one's): a few records patched instead of the whole image read. Resolves whether it did; `writer`: this context
   * synced, and folds the image when due, as after its own patch.
   */
  private async patchSince(source: EngineSource, held: Held, history: string, writer: boolean): Promise<boolean> {
    const since = await readChangesSince(this.db, held.stamp, TAIL_MAX_SEGMENTS);
    if (!since || this.ready !== source) return false;
    if (since.changes.reduce((n, c) => n + c.puts.length + c.deletes.length, 0) > PATCH_MAX_RECORDS) return false;
    try {
      const started = performance.now();
      await source.applyChanges(since.changes, this.historyLoader());
      const expensive = this.images.overBudget(started);
      this.held.set(source, { stamp: since.stamp, history });
      if (writer) await this.images.foldSoonIfDue(source.currentFleet()!, since.stamp, expensive);
      return true;
    } catch (error) {
      console.warn('Access Inspector: the latest changes could not be patched in; the cache is read whole', error);
      return false;
    }
  }

  /**
   * No source is built (an alarm woke a stopped worker to sync, or the first sync ran before any panel asked): the
   * stored image and its tail already make what the cache holds, so nothing more is read (the run started from the
   * image's head: warmForRun) unless the image is due to be folded (a long tail) or cannot be brought to now (none
   * yet, a 410, a compaction over its tail): then the fleet is read (image and tail, else the segments) and stored
   * whole (through the writer's queue: once requests pause, and once only when a panel's build shares the read). A
   * fleet this worker keeps for its next build is patched with the run when the run chains from it.
   */
  private async bringUpStored(run: RunChanges): Promise<void> {
    if (run.none) return;
    const warm = this.warm;
    this.warm = null;
    const [size, now] = await Promise.all([fleetImageTailSize(this.db, FLEET_IMAGE_FORMAT), this.cacheState()]);
    let kept: ReadFleet | null = null;
    let expensive = false;
    const plan = warm && run.planFrom(warm.held.stamp);
    if (warm && plan && sameStamp(plan.stamp, now.stamp)) {
      try {
        const started = performance.now();
        kept = { fleet: await withBytes(() => patchFleet(warm.fleet, plan.changes)), held: now, store: false };
        expensive = this.images.overBudget(started);
      } catch (error) {
        console.warn('Access Inspector: the sync could not be patched in; the cache is read whole', error);
      }
    }
    if (size !== null && !foldDue(size) && !expensive) {
      if (kept) this.keepWarm(kept);
      return;
    }
    const read = kept ?? (await this.readFleet());
    // Through the writer's queue: a panel's build sharing this read asks for the same image, stored once.
    this.images.storeSoon(read.fleet, read.held.stamp);
    this.keepWarm({ ...read, store: false });
  }

  /**
   * The writer stored the image of `fleet` at `stamp` (image-writer.ts onStored): whoever holds that fleet answers from
   * the stored image instead (its head: ~0.1 s at 1M). A fleet compiled from the segments holds every record as an
   * object (~300 MB at 1M), and a loaded one that was patched and folded holds every byte the fold read (the whole
   * 85 MB image beside its patched columns), for as long as the worker lives; a loaded image holds its head and reads
   * the rest as answers need it. The fleet kept warm is replaced while nothing took its place meanwhile (a build, a
   * run's newer fleet). The built source's is replaced in turn with the bring-ups, while it still holds that fleet at
   * that stamp: the data is the same, and the panel asks again and keeps its answers shown meanwhile.
   */
  private lightenOnceStored(fleet: Fleet, stamp: FleetStamp): void {
    this.lightening = this.lightening.then(() => this.lighten(fleet, stamp)).catch(() => undefined);
  }

  private async lighten(fleet: Fleet, stamp: FleetStamp): Promise<void> {
    const warm = this.warm;
    if (warm?.fleet === fleet) {
      this.warm = null;
      const loaded = await this.readStoredImage().catch(() => null);
      // A run or a build that began meanwhile read the image (or the cache) on its own: keepWarm leaves theirs.
      if (this.warm === null) this.keepWarm(loaded ?? warm);
      return;
    }
    const source = this.ready;
    if (!source) return;
    const holds = () => {
      const held = this.held.get(source);
      return this.ready === source && source.currentFleet() === fleet && held !== undefined && sameStamp(held.stamp, stamp);
    };
    if (!holds()) return;
    await this.inTurn(async () => {
      if (!holds()) return;
      const loaded = await this.readStoredImage();
      if (!loaded || !holds() || !sameStamp(loaded.held.stamp, stamp)) return;
      source.setFleet(loaded.fleet, this.historyLoader());
      this.held.set(source, loaded.held);
    });
  }

  /**
   * A run in a worker that holds no fleet (an alarm woke it) starts from the stored image, kept warm: the run's
   * pages are then counted, and their history's `before` taken, from it (SyncOptions.held) instead of replaying
   * each changed collection (1–2 s for the assets at 1M, every periodic sync), and the run's end patches it for the
   * next build. The image's head only (~0.1 s at 1M); no image, or one that cannot be brought to now: nothing read.
   */
  private async warmForRun(): Promise<void> {
    if (this.ready || this.building || this.warm) return;
    const read = await this.readImage().catch(() => null);
    if (read) this.keepWarm(read);
  }

  /** Keeps `read` for the next build, unless a source was built (or began to be) meanwhile: then it is not needed. */
  private keepWarm(read: ReadFleet): void {
    if (!this.building && !this.ready) this.warm = read;
  }

  /**
   * The records under `keys` of the fleet held in memory (the built source's, else the one kept warm) when it holds
   * `collection` at exactly `generation`, else null: the sync's history then reads its `before` from the cache.
   * A fleet and its stamp are always set together (synchronously), so the pair read here is consistent.
   */
  private heldRecords(collection: CollectionName, generation: string, keys: readonly string[]): Map<string, unknown> | null {
    const fleet = this.heldFleet();
    return fleet && fleet.stamp[collection] === generation ? recordsIfRead(fleet.fleet, collection, keys) : null;
  }

  /** The fleet held in memory (the built source's, else the one kept warm) with the stamp it is of, or null. */
  private heldFleet(): { fleet: Fleet; stamp: FleetStamp } | null {
    const source = this.ready;
    const held = source && this.held.get(source);
    const fleet = source?.currentFleet();
    if (held && fleet) return { fleet, stamp: held.stamp };
    const warm = this.warm;
    return warm && { fleet: warm.fleet, stamp: warm.held.stamp };
  }

  /**
   * The sync's view of the held fleet before a page's transaction (core/sync/held-records.ts): the generation it
   * holds a collection at, and its records under a page's keys, waiting for the bytes of a loaded image they need.
   */
  private readonly heldSource: HeldSource = {
    generation: (collection) => this.heldFleet()?.stamp[collection] ?? null,
    records: async (collection, keys) => {
      // The pair is taken at once: the records are of this fleet, whatever replaces it while its bytes are read.
      const held = this.heldFleet();
      if (!held) return null;
      const records = await withBytes(() => fleetRecords(held.fleet, collection, keys));
      return records && { generation: held.stamp[collection], records };
    },
  };

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
    let committed = false;
    const changes = new RunChanges();
    try {
      if (run.before && !(await run.before())) return;
      if (run.history) this.retention = run.history;
      await this.warmForRun();
      const report = await runSync(this.db, run.client, {
        signal: run.signal,
        history: this.retention,
        onProgress: (event) => {
          this.running.set(event.collection, event);
          if (event.recordsDone > 0) committed = true;
          void this.pushStatus(false).catch(() => undefined);
        },
        onCommit: (collection, change, generation) => changes.commit(collection, change, generation),
        onReset: (collection) => changes.whole(`${collection} was fetched again from scratch`),
        heldRecords: (collection, generation, keys) => this.heldRecords(collection, generation, keys),
        held: this.heldSource,
      });
      if (run.after && (await run.after(report, syncChangedData(report, committed)))) changes.whole('the host emptied the cache');
    } catch (error) {
      if (!run.swallow?.(error)) throw error;
    } finally {
      this.running = new Map();
      // The fleet brought up next counts the next run's pages (heldSource): the run's key indexes would only weigh
      // on the fill's end, which reads and compiles the whole cache beside them.
      forgetKeyIndexes(this.db);
      if (live()) {
        // Whoever wrote (this run, or another context's while this one was skipped under the lock): show what is committed.
        // A run that wrote nothing (skipped: another context's holds the lock) follows that context's writes.
        await this.bringUp(changes);
        await this.pushStatus(true);
      }
    }
  }
}
