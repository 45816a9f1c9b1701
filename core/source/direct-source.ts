// The source that answers from a compiled fleet in memory: the widget (page origin), the background (which serves
// it over messages) and the tests use it, always behind validatedSource / handleDataSourceRequest, so its requests
// arrive parsed with their defaults applied. It holds the lifecycle (snapshot, lazy compile, status, subscribers,
// refresh), the caches and a dispatch table; each answer's mapping lives in core/answers/. The content script
// never bundles it.
//
// Work is cached per inspected user (every asset's effect, list filters) and dropped when the data changes; the
// fleet is compiled lazily, once per snapshot, unless the host hands over a compiled one (a stored image loaded, a
// fleet patched after a sync: issue 13), whose record objects are read only where an answer needs records. The
// history may come as a loader, read on the first request that needs it (lazy-history.ts).
import type { Snapshot } from '../model/snapshot';
import {
  assetIdAt,
  assetNameAt,
  assetTagNames,
  compileFleet,
  names,
  packEffect,
  ticketSteps,
  UnknownIdError,
  userAssetsPacked,
  userRecordReads,
  type Fleet,
} from '../engine';
import { patchFleet, type FleetChange } from '../engine/fleet-patch';
import { gatherBytes, withBytes } from '../engine/part-bytes';
import { EFFECT_RANK, type EffectFilter, type TicketEffect } from '../model/effects';
import { assetAudienceAnswer } from '../answers/asset-audience';
import { assetExplanation } from '../answers/asset-explanation';
import { assetRow } from '../answers/asset-row';
import { assignableRolesAnswer } from '../answers/assignable-roles-answer';
import { compareChanges, compareSummary } from '../answers/compare-access';
import { flipImpact } from '../answers/flip-impact';
import { invitationFacts, searchOrganizations } from '../answers/invitation-facts';
import { overlayAnswer } from '../answers/overlay-answer';
import { projectFactsOf } from '../answers/project-facts';
import { registrationFacts } from '../answers/registration-facts';
import { roleImpactAnswer, roleImpactAssetsAnswer } from '../answers/role-impact-answer';
import { ticketDecision } from '../answers/ticket-decision';
import { userSummary } from '../answers/user-summary';
import { searchUsers } from '../answers/user-search';
import { verifyQueueAnswer } from '../answers/verify-queue-answer';
import { whoFacts } from '../answers/who-facts';
import { asOfFacts } from '../answers/history-as-of';
import { compareThenFacts } from '../answers/history-compare-then';
import { sinceWhenFacts } from '../answers/history-since-when';
import { historyStatus } from '../answers/history-status';
import { timelineExport, timelineFacts } from '../answers/history-timeline';
import { gapsAfter, HistoryRangeError, instantMs } from '../history/state-as-of';
import { undoChanges } from '../history/undo-changes';
import type { History, HistoryGap } from '../model/history';
import type {
  AssetRow,
  DataSource,
  DataSourceMethod,
  ParsedCalls,
  ParsedRequestOf,
  ParsedSource,
  ResponseOf,
  SyncStatus,
} from './data-source';
import { DATA_SOURCE_METHOD_NAMES, NOW_ONLY_METHOD_NAMES } from './methods';
import { validatedSource } from './validated-source';
import { LazyHistory, type HistorySupply } from './lazy-history';

export type { HistoryLoader, HistorySupply } from './lazy-history';

export type SyncStatusFields = Omit<SyncStatus, 'dataVersion'>;

const NOW_ONLY_METHODS: ReadonlySet<DataSourceMethod> = new Set(NOW_ONLY_METHOD_NAMES);
/** As-of states kept compiled: the panel steps between a few moments, not hundreds. */
const AS_OF_VIEWS = 4;

export interface DirectSourceOptions {
  snapshot?: Snapshot;
  /** A compiled fleet to answer from instead of `snapshot` (nothing is compiled; its snapshot is read only where needed). */
  fleet?: Fleet;
  /** The history of changes, or its loader (default: the data's own history section, if it has one). */
  history?: HistorySupply;
  /** Who is signed in (the widget: the page's user; the background: the API key's user from /me). */
  signedInUserId?: string | null;
  status?: Partial<SyncStatusFields>;
  /** Starts a sync; resolves to whether one was started. Without it refresh answers `started: false`. */
  onRefresh?: () => Promise<boolean>;
}

/** Per inspected user: every asset's effect, and the last few list filters. */
interface UserCache {
  effects: Uint8Array;
  filters: Map<string, Int32Array>;
  tickets?: TicketEffect[];
}

const NOT_SYNCED: SyncStatusFields = { state: 'empty', dataAsOf: null, progress: null, errors: [], quarantined: [] };

/** The data's own history section, when the host gave none (read only when asked: a fleet's snapshot is lazy). */
const historyOf = (records: () => Snapshot | null, given: HistorySupply | undefined): HistorySupply =>
  given !== undefined
    ? given
    : async () => {
        const history = records()?.history;
        return history ? { history } : null;
      };

/** The data as of one moment, compiled on first use by a DirectSource of its own. */
interface AsOfView {
  source: DirectSource;
  gaps: HistoryGap[];
}

export class DirectSource implements ParsedSource {
  /** The data as given, until compiled (null once a fleet was given, or before any data). */
  private snapshot: Snapshot | null;
  private readonly history: LazyHistory;
  /** As-of views by the moment's milliseconds, least recently used first. */
  private readonly asOfViews = new Map<number, AsOfView>();
  private compiled: Fleet | null = null;
  /** By user index: the caches are dropped whenever the data changes, so an index names one user for their life. */
  private users = new Map<number, UserCache>();
  /** Lower-cased names of assets, built on the first search. */
  private assetSearchText: string[] | null = null;
  private status: SyncStatus;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private signedInUserId: string | null;
  private readonly onRefresh?: () => Promise<boolean>;

  constructor(options: DirectSourceOptions = {}) {
    this.compiled = options.fleet ?? null;
    this.snapshot = this.compiled ? null : (options.snapshot ?? null);
    this.history = new LazyHistory(historyOf(() => this.records(), options.history));
    this.signedInUserId = options.signedInUserId ?? null;
    this.onRefresh = options.onRefresh;
    const hasData = this.compiled !== null || this.snapshot !== null;
    this.status = {
      ...NOT_SYNCED,
      ...(hasData ? { state: 'idle' as const } : {}),
      ...options.status,
      dataVersion: hasData ? 1 : 0,
    };
  }

  // ---- feeding it -------------------------------------------------------------------------------------------

  /**
   * New cached data (e.g. after a sync, or a compaction that changed only the history): drops every computed answer
   * and tells subscribers. `history` goes with the snapshot it belongs to (absent: the snapshot's own section).
   */
  setSnapshot(snapshot: Snapshot, history?: HistorySupply): void {
    this.snapshot = snapshot;
    this.compiled = null;
    this.dataChanged(history);
  }

  /** New data as a compiled fleet (a stored image loaded, or patched): like setSnapshot, with nothing to compile. */
  setFleet(fleet: Fleet, history?: HistorySupply): void {
    this.snapshot = null;
    this.compiled = fleet;
    this.dataChanged(history);
  }

  /**
   * A sync's committed changes, applied to the fleet in place of a reload (core/engine/fleet-patch.ts), with the
   * history that goes with the new data (usually a loader: the sync added to it). No changes: only the history
   * changed. Rejects (and keeps the data as it was) when there is no fleet to patch or the patch fails: the host then
   * reads the cache whole. A patch that needs bytes a loaded image has not read yet waits for them (withBytes).
   */
  async applyChanges(changes: readonly FleetChange[], history?: HistorySupply): Promise<void> {
    const fleet = this.fleet();
    if (!fleet) throw new Error('no data to apply changes to');
    this.setFleet(changes.length > 0 ? await withBytes(() => patchFleet(fleet, changes)) : fleet, history);
  }

  /** The fleet answers come from (compiled now when it was not yet); null before any data. */
  currentFleet(): Fleet | null {
    return this.fleet();
  }

  /** Drops every answer computed from the data before and tells subscribers (dataVersion moves on). */
  private dataChanged(history: HistorySupply | undefined): void {
    this.history.set(historyOf(() => this.records(), history));
    this.asOfViews.clear();
    this.users.clear();
    this.assetSearchText = null;
    this.publish({ ...this.status, dataVersion: this.status.dataVersion + 1 });
  }

  setSyncStatus(fields: Partial<SyncStatusFields>): void {
    this.publish({ ...this.status, ...fields });
  }

  setSignedInUser(userId: string | null): void {
    this.signedInUserId = userId;
    this.asOfViews.clear();
    this.publish({ ...this.status });
  }

  private publish(next: SyncStatus): void {
    this.status = next;
    for (const l of this.listeners) l(next);
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- answering: one entry per method (the type keeps it complete); unknown ids answer null or empty ----------

  private readonly nowCalls: ParsedCalls = {
    syncStatus: async () => this.status,
    signedInUser: async () => {
      const fleet = this.fleet();
      const u = fleet && this.signedInUserId !== null ? this.userIdx(fleet, this.signedInUserId) : -1;
      return { user: fleet && u >= 0 ? userSummary(fleet, u) : null };
    },
    searchUsers: async (req) => ({ users: this.withFleet([], (fleet) => searchUsers(fleet, req.query, req.limit)) }),
    listProjects: async () => ({
      projects: this.withFleet([], (fleet) =>
        fleet.snapshot.projects
          .filter((p, i) => fleet.projectIndex.get(p.id) === i)
          .map((p) => ({ id: p.id, name: names.project(fleet, p.id) })),
      ),
    }),
    who: async (req) => ({ facts: this.orNull((fleet) => whoFacts(fleet, req.userId)) }),
    assignableRoles: async (req) => ({ result: this.orNull((fleet) => assignableRolesAnswer(fleet, req.userId, req.targetId)) }),
    verifyQueue: async (req) => ({ queue: this.orNull((fleet) => verifyQueueAnswer(fleet, req.userId)) }),
    projectFacts: async (req) => ({ facts: this.orNull((fleet) => projectFactsOf(fleet, req.userId, req.projectId)) }),
    explainAsset: async (req) => ({
      explanation: this.orNull((fleet) => {
        // a woken worker's image: the asset's look-up and the user's records read side by side, up front
        const u = this.userIdx(fleet, req.userId);
        gatherBytes([[() => fleet.assetIndex.get(req.assetId)], ...(u >= 0 ? userRecordReads(fleet, u) : [])]);
        return assetExplanation(fleet, req.userId, req.assetId);
      }),
    }),
    registration: async (req) => ({ registration: this.orNull((fleet) => registrationFacts(fleet, req.userId)) }),
    flipImpact: async (req) => ({ impact: this.orNull((fleet) => flipImpact(fleet, req.userId, req.assetId, req.index)) }),
    whoCanSee: async (req) => ({ audience: this.orNull((fleet) => assetAudienceAnswer(fleet, req.assetId)) }),
    assetPage: async (req) => {
      const fleet = this.fleet();
      const u = fleet ? this.userIdx(fleet, req.userId) : -1;
      if (!fleet || u < 0) return { total: 0, offset: req.offset, rows: [] };
      const { total, page } = this.pageOf(fleet, u, req);
      // a woken worker's image: the rows' ids and names and the user's own records read side by side, up front. A
      // round reads one window per block, so the page's first and last rows say what it needs (a warm fleet decodes
      // four strings here, not the page twice).
      const ends = page.length > 0 ? [page[0], page[page.length - 1]] : [];
      gatherBytes([ends.map((a) => () => assetIdAt(fleet, a)), ends.map((a) => () => assetNameAt(fleet, a)), ...userRecordReads(fleet, u)]);
      const rows = Array.from(page, (a): AssetRow => assetRow(fleet, u, a));
      return { total, offset: req.offset, rows };
    },
    assetEffects: async (req) => {
      const fleet = this.fleet();
      const u = fleet ? this.userIdx(fleet, req.userId) : -1;
      if (!fleet || u < 0) return { rows: [] };
      const rows: AssetRow[] = [];
      for (const id of req.assetIds) {
        const a = fleet.assetIndex.get(id);
        if (a !== undefined) rows.push(assetRow(fleet, u, a));
      }
      return { rows };
    },
    tickets: async (req) => {
      const fleet = this.fleet();
      if (!fleet || !fleet.userIndex.has(req.userId)) return { total: 0, offset: req.offset, rows: [] };
      let indexes =
        req.ticketIds === null
          ? fleet.snapshot.tickets.flatMap((t, i) => (fleet.ticketIndex.get(t.id) === i ? [i] : []))
          : [...new Set(req.ticketIds)].flatMap((id) => {
              const i = fleet.ticketIndex.get(id);
              return i === undefined ? [] : [i];
            });
      if (req.effect !== 'all') {
        const effects = this.ticketEffects(fleet, fleet.userIndex.get(req.userId)!);
        indexes = indexes.filter((i) => effects[i] === req.effect);
      }
      const page = indexes.slice(req.offset, req.offset + req.limit);
      return { total: indexes.length, offset: req.offset, rows: page.map((i) => ticketDecision(fleet, req.userId, i)) };
    },
    compare: async (req) => ({ summary: this.orNull((fleet) => compareSummary(fleet, req.userId, req.against, req.projectId)) }),
    compareChanges: async (req) => this.orNull((fleet) => compareChanges(fleet, req)) ?? { total: 0, offset: req.offset, rows: [] },
    listProjectRoles: async () => ({
      roles: this.withFleet([], (fleet) => fleet.snapshot.projectRoles.filter((r, i) => fleet.projectRoleIndex.get(r.id) === i)),
    }),
    overlayView: async (req) => ({ view: this.orNull((fleet) => overlayAnswer(fleet, req)) }),
    searchOrganizations: async (req) =>
      this.withFleet({ total: 0, organizations: [] }, (fleet) => searchOrganizations(fleet, req.userId, req.query, req.limit)),
    invitation: async (req) => ({ result: this.orNull((fleet) => invitationFacts(fleet, req.userId, req.organizationId)) }),
    /** The cached snapshot, one collection slice at a time (the export assembles it; no message carries it whole). */
    snapshotPart: async (req) => {
      const records = this.records()?.[req.collection];
      if (!records) return { collection: req.collection, present: false, total: 0, records: [] };
      return {
        collection: req.collection,
        present: true,
        total: records.length,
        records: records.slice(req.offset, req.offset + req.limit),
      };
    },
    refresh: async () => ({ started: this.onRefresh ? await this.onRefresh() : false }),
    /** Engineering → Roles: the effect of the editor's unsaved role on the fleet (the draft is untrusted page data). */
    roleImpact: async (req) =>
      this.withFleet(
        { known: false, storedVersion: null, changedSinceOpened: [], unsaved: [], refusals: [], lint: [], impact: null },
        (fleet) => roleImpactAnswer(fleet, req),
      ),
    roleImpactAssets: async (req) =>
      this.withFleet({ total: 0, offset: req.offset, rows: [] }, (fleet) => roleImpactAssetsAnswer(fleet, req)),
    // ---- access over time (issue 18) ----
    historyStatus: async () => {
      const h = await this.history.get();
      return { history: h ? historyStatus(h.history, { bytes: h.bytes ?? null, retention: h.retention ?? null }) : null };
    },
    timeline: async (req) => ({
      timeline: await this.withHistory('timeline', (fleet, snapshot, history) => timelineFacts(fleet, snapshot, history, req.userId, req)),
    }),
    sinceWhen: async (req) => ({
      since: await this.withHistory('sinceWhen', (fleet, snapshot, history) =>
        sinceWhenFacts(fleet, snapshot, history, req.userId, req.assetId),
      ),
    }),
    compareThen: async (req) => ({
      comparison: await this.withHistory('compareThen', (fleet, snapshot, history) =>
        compareThenFacts(
          fleet,
          snapshot,
          history,
          req.roleId === null ? { userId: req.userId!, roleId: null } : { userId: null, roleId: req.roleId },
          req.thenAt,
        ),
      ),
    }),
    timelineExport: async (req) => ({
      export: await this.withHistory('timelineExport', (fleet, snapshot, history) =>
        timelineExport(fleet, snapshot, history, req.userId, req),
      ),
    }),
  };

  /**
   * Every method, each answering `asOf` the same way (NOW_ONLY_METHOD_NAMES ignore it). An answer that reads bytes of
   * a loaded image not read yet is asked again once they are (withBytes: core/engine/part-bytes.ts).
   */
  readonly calls: ParsedCalls = Object.fromEntries(
    DATA_SOURCE_METHOD_NAMES.map((m) => [
      m,
      NOW_ONLY_METHODS.has(m)
        ? (req: ParsedRequestOf<typeof m>) => withBytes<unknown>(() => this.nowCalls[m](req as never))
        : (req: ParsedRequestOf<typeof m>) =>
            withBytes<unknown>(() => (req.asOf == null ? this.nowCalls[m](req as never) : this.answerAsOf(m, req))),
    ]),
  ) as ParsedCalls;

  private async answerAsOf<M extends DataSourceMethod>(method: M, req: ParsedRequestOf<M>): Promise<ResponseOf<M>> {
    const at = req.asOf!;
    const { history, view } = this.viewAsOf(at, (await this.history.get())?.history);
    const call = view.source.nowCalls[method] as (r: ParsedRequestOf<M>) => Promise<ResponseOf<M>>;
    const answer = await call({ ...req, asOf: null });
    return { ...answer, asOf: asOfFacts(history, at, view.gaps) };
  }

  /** The data as of `at`, compiled once and kept among the last few; a clear refusal where the history cannot say. */
  private viewAsOf(at: string, h: History | undefined): { history: History; view: AsOfView } {
    const now = this.fleet();
    if (now === null || !h)
      throw new HistoryRangeError(
        'NO_HISTORY',
        `no answer as of ${at}: ${now === null ? 'no data is cached yet' : 'the data holds no history of changes yet'}, so only the present can be answered`,
      );
    const ms = instantMs(at);
    if (ms < Date.parse(h.since))
      throw new HistoryRangeError(
        'BEFORE_HISTORY',
        `no answer as of ${at}: the history starts at ${h.since}, the oldest moment it can answer for`,
        h.since,
      );
    let view = this.asOfViews.get(ms);
    if (view) this.asOfViews.delete(ms);
    else {
      // The present fleet patched backwards by what changed since (cost follows the changes, not the fleet).
      const then = patchFleet(now, undoChanges(h, ms));
      view = { source: new DirectSource({ fleet: then, history: null, signedInUserId: this.signedInUserId }), gaps: gapsAfter(h, ms) };
      if (this.asOfViews.size >= AS_OF_VIEWS) this.asOfViews.delete(this.asOfViews.keys().next().value!);
    }
    this.asOfViews.set(ms, view);
    return { history: h, view };
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private fleet(): Fleet | null {
    if (this.compiled === null && this.snapshot !== null) this.compiled = compileFleet(this.snapshot);
    return this.compiled;
  }

  /** The records (a compiled fleet's snapshot is lazy: only what is read is built); null before any data. */
  private records(): Snapshot | null {
    return this.compiled?.snapshot ?? this.snapshot;
  }

  /** `answer` over the compiled fleet; `empty` before any data. */
  private withFleet<T>(empty: T, answer: (fleet: Fleet) => T): T {
    const fleet = this.fleet();
    return fleet ? answer(fleet) : empty;
  }

  /**
   * `answer` over the compiled fleet; null before any data and for an unknown id, which is an ordinary answer for
   * the panel (the page may show a record the cache has not synced yet), not an error.
   */
  private orNull<T>(answer: (fleet: Fleet) => T | null): T | null {
    const fleet = this.fleet();
    if (!fleet) return null;
    try {
      return answer(fleet);
    } catch (err) {
      if (err instanceof UnknownIdError) return null;
      throw err;
    }
  }

  /**
   * `answer` over the fleet, the snapshot and the history; null for an unknown id. Without a history the question
   * has no answer at all: a refusal that says so (the panel asks historyStatus first).
   */
  private async withHistory<T>(
    method: DataSourceMethod,
    answer: (fleet: Fleet, snapshot: Snapshot, history: History) => T | null,
  ): Promise<T | null> {
    const h = (await this.history.get())?.history;
    const fleet = this.fleet();
    if (!h || !fleet)
      throw new HistoryRangeError(
        'NO_HISTORY',
        `${method}: the data holds no history of changes yet (the cache starts one at its next sync)`,
      );
    return this.orNull(() => answer(fleet, fleet.snapshot, h));
  }

  private userIdx(fleet: Fleet, userId: string): number {
    return fleet.userIndex.get(userId) ?? -1;
  }

  private userCache(fleet: Fleet, userIdx: number): UserCache {
    // (keyed by index, not fleet.users[i].id: a loaded fleet builds only the users an answer reads)
    let cache = this.users.get(userIdx);
    if (!cache) {
      // the asset count from a typed column: fleet.assetIds of a fleet loaded from its image is split on first read
      const n = fleet.assetProject.length;
      const effects = new Uint8Array(n);
      const packed = userAssetsPacked(fleet, userIdx);
      for (let a = 0; a < n; a++) effects[a] = packEffect(packed[a]);
      cache = { effects, filters: new Map() };
      // Keep a handful of users: an inspector switches between a few people, not thousands.
      if (this.users.size >= 8) this.users.delete(this.users.keys().next().value!);
      this.users.set(userIdx, cache);
    }
    return cache;
  }

  /**
   * The asset indexes of one page of the list and the list's length. The whole list unfiltered, with no repeated id,
   * is every index in order: the page is counted, not cut from a million-entry list (at 1M that list is a cold loop
   * of ~20 ms on a woken worker's first answer).
   */
  private pageOf(fleet: Fleet, u: number, req: { query: string; effect: EffectFilter; offset: number; limit: number }) {
    const n = fleet.assetProject.length;
    if (req.query.trim() === '' && req.effect === 'all' && fleet.assetDuplicate.indexOf(1) === -1) {
      const from = Math.min(req.offset, n);
      const page = new Int32Array(Math.max(0, Math.min(n, req.offset + req.limit) - from));
      for (let i = 0; i < page.length; i++) page[i] = from + i;
      return { total: n, page };
    }
    const matches = this.filtered(fleet, u, req.query, req.effect);
    return { total: matches.length, page: matches.subarray(req.offset, Math.min(matches.length, req.offset + req.limit)) };
  }

  /** Indexes of the assets matching a list filter, in snapshot order (duplicate ids skipped: first record wins). */
  private filtered(fleet: Fleet, userIdx: number, query: string, effect: EffectFilter): Int32Array {
    const cache = this.userCache(fleet, userIdx);
    const q = query.trim().toLowerCase();
    const key = `${effect}\u0000${q}`;
    const hit = cache.filters.get(key);
    if (hit) return hit;
    const n = fleet.assetProject.length;
    // Searchable by name, id, tag and site (name and id); built from the columns, never the asset objects.
    if (q !== '' && this.assetSearchText === null) {
      const text = new Array<string>(n);
      void fleet.assetTagStart; // every asset's tags: the offsets summed once, not each asset's from its mark
      for (let a = 0; a < n; a++) {
        const siteId = fleet.siteKeyIds[fleet.assetSiteKey[a]];
        text[a] = [fleet.assetNames[a], fleet.assetIds[a], ...assetTagNames(fleet, a), siteId, names.site(fleet, siteId)]
          .join('\u0000')
          .toLowerCase();
      }
      this.assetSearchText = text;
    }
    // The packed effect code is the effect's rank (core/model/effects.ts).
    const want = effect === 'all' ? -1 : EFFECT_RANK[effect];
    const dup = fleet.assetDuplicate;
    const effects = cache.effects;
    // written into one typed array (a million pushes into a JS array cost ~75 ms at 1M assets: issue 13)
    const out = new Int32Array(n);
    let count = 0;
    if (q === '' && want < 0) {
      // the unfiltered list: every asset but the duplicates
      for (let a = 0; a < n; a++) if (!dup[a]) out[count++] = a;
    } else if (q === '') {
      for (let a = 0; a < n; a++) if (!dup[a] && effects[a] === want) out[count++] = a;
    } else {
      const text = this.assetSearchText!;
      for (let a = 0; a < n; a++) if (!dup[a] && (want < 0 || effects[a] === want) && text[a].includes(q)) out[count++] = a;
    }
    // a long list as a view (no copy); a short one in an array of its own, so the cache keeps no mostly empty buffer
    const result = count * 2 >= n ? out.subarray(0, count) : out.slice(0, count);
    if (cache.filters.size >= 16) cache.filters.delete(cache.filters.keys().next().value!);
    cache.filters.set(key, result);
    return result;
  }

  /** Every ticket's effect for the user (no wording), cached with the user's other answers. */
  private ticketEffects(fleet: Fleet, userIdx: number): TicketEffect[] {
    const cache = this.userCache(fleet, userIdx);
    cache.tickets ??= fleet.snapshot.tickets.map((_, t) => ticketSteps(fleet, userIdx, t).effect);
    return cache.tickets;
  }
}

/**
 * What a host holds (widget, background, tests): the panel's DataSource — every call parsed once by validatedSource,
 * then answered by a DirectSource — with the DirectSource's feeding methods, and its parsed table for the
 * background's message handler (handleDataSourceRequest parses, then calls it).
 */
export interface EngineSource extends DataSource, ParsedSource {
  setSnapshot(snapshot: Snapshot, history?: HistorySupply): void;
  setFleet(fleet: Fleet, history?: HistorySupply): void;
  applyChanges(changes: readonly FleetChange[], history?: HistorySupply): Promise<void>;
  currentFleet(): Fleet | null;
  setSyncStatus(fields: Partial<SyncStatusFields>): void;
  setSignedInUser(userId: string | null): void;
}

export function createDirectSource(options: DirectSourceOptions = {}): EngineSource {
  const direct = new DirectSource(options);
  return {
    ...validatedSource(direct),
    calls: direct.calls,
    setSnapshot: (snapshot, history) => direct.setSnapshot(snapshot, history),
    setFleet: (fleet, history) => direct.setFleet(fleet, history),
    applyChanges: (changes, history) => direct.applyChanges(changes, history),
    currentFleet: () => direct.currentFleet(),
    setSyncStatus: (fields) => direct.setSyncStatus(fields),
    setSignedInUser: (userId) => direct.setSignedInUser(userId),
  };
}
