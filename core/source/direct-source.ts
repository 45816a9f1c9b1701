// The source that answers from a compiled fleet in memory: the widget (page origin), the background (which serves
// it over messages) and the tests use it, always behind validatedSource / handleDataSourceRequest, so its requests
// arrive parsed with their defaults applied. It holds the lifecycle (snapshot, lazy compile, status, subscribers,
// refresh), the caches and a dispatch table; each answer's mapping lives in core/answers/. The content script
// never bundles it.
//
// Work is cached per inspected user (every asset's effect, list filters) and dropped when the snapshot changes;
// the fleet is compiled lazily, once per snapshot.
import type { Snapshot } from '../model/snapshot';
import { compileFleet, names, packEffect, ticketSteps, UnknownIdError, userAssetsPacked, type Fleet } from '../engine';
import { EFFECT_RANK, EFFECTS, type EffectFilter, type TicketEffect } from '../model/effects';
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
import type { AssetRow, DataSource, ParsedCalls, ParsedSource, SyncStatus } from './data-source';
import { validatedSource } from './validated-source';

export type SyncStatusFields = Omit<SyncStatus, 'dataVersion'>;

export interface DirectSourceOptions {
  snapshot?: Snapshot;
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

export class DirectSource implements ParsedSource {
  private snapshot: Snapshot | null;
  private compiled: Fleet | null = null;
  private users = new Map<string, UserCache>();
  /** Lower-cased names of assets, built on the first search. */
  private assetSearchText: string[] | null = null;
  private status: SyncStatus;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private signedInUserId: string | null;
  private readonly onRefresh?: () => Promise<boolean>;

  constructor(options: DirectSourceOptions = {}) {
    this.snapshot = options.snapshot ?? null;
    this.signedInUserId = options.signedInUserId ?? null;
    this.onRefresh = options.onRefresh;
    this.status = {
      ...NOT_SYNCED,
      ...(options.snapshot ? { state: 'idle' as const } : {}),
      ...options.status,
      dataVersion: options.snapshot ? 1 : 0,
    };
  }

  // ---- feeding it -------------------------------------------------------------------------------------------

  /** New cached data (e.g. after a sync): drops every computed answer and tells subscribers. */
  setSnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.compiled = null;
    this.users.clear();
    this.assetSearchText = null;
    this.publish({ ...this.status, dataVersion: this.status.dataVersion + 1 });
  }

  setSyncStatus(fields: Partial<SyncStatusFields>): void {
    this.publish({ ...this.status, ...fields });
  }

  setSignedInUser(userId: string | null): void {
    this.signedInUserId = userId;
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

  readonly calls: ParsedCalls = {
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
    explainAsset: async (req) => ({ explanation: this.orNull((fleet) => assetExplanation(fleet, req.userId, req.assetId)) }),
    registration: async (req) => ({ registration: this.orNull((fleet) => registrationFacts(fleet, req.userId)) }),
    flipImpact: async (req) => ({ impact: this.orNull((fleet) => flipImpact(fleet, req.userId, req.assetId, req.index)) }),
    whoCanSee: async (req) => ({ audience: this.orNull((fleet) => assetAudienceAnswer(fleet, req.assetId)) }),
    assetPage: async (req) => {
      const fleet = this.fleet();
      const u = fleet ? this.userIdx(fleet, req.userId) : -1;
      if (!fleet || u < 0) return { total: 0, offset: req.offset, rows: [] };
      const matches = this.filtered(fleet, u, req.query, req.effect);
      const effects = this.userCache(fleet, u).effects;
      const end = Math.min(matches.length, req.offset + req.limit);
      const rows: AssetRow[] = [];
      for (let i = req.offset; i < end; i++) rows.push(assetRow(fleet, u, matches[i], EFFECTS[effects[matches[i]]]));
      return { total: matches.length, offset: req.offset, rows };
    },
    assetEffects: async (req) => {
      const fleet = this.fleet();
      const u = fleet ? this.userIdx(fleet, req.userId) : -1;
      if (!fleet || u < 0) return { rows: [] };
      const effects = this.userCache(fleet, u).effects;
      const rows: AssetRow[] = [];
      for (const id of req.assetIds) {
        const a = fleet.assetIndex.get(id);
        if (a !== undefined) rows.push(assetRow(fleet, u, a, EFFECTS[effects[a]]));
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
      const records = this.snapshot?.[req.collection];
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
    // Being built (issue 18): the schemas are settled so the panel can be written against them.
    historyStatus: () => Promise.reject(new Error('historyStatus: not built yet')),
    timeline: () => Promise.reject(new Error('timeline: not built yet')),
    sinceWhen: () => Promise.reject(new Error('sinceWhen: not built yet')),
    compareThen: () => Promise.reject(new Error('compareThen: not built yet')),
    timelineExport: () => Promise.reject(new Error('timelineExport: not built yet')),
  };

  // ---- internals ---------------------------------------------------------------------------------------------

  private fleet(): Fleet | null {
    if (this.snapshot === null) return null;
    this.compiled ??= compileFleet(this.snapshot);
    return this.compiled;
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

  private userIdx(fleet: Fleet, userId: string): number {
    return fleet.userIndex.get(userId) ?? -1;
  }

  private userCache(fleet: Fleet, userIdx: number): UserCache {
    const id = fleet.snapshot.users[userIdx].id;
    let cache = this.users.get(id);
    if (!cache) {
      const n = fleet.snapshot.assets.length;
      const effects = new Uint8Array(n);
      const packed = userAssetsPacked(fleet, userIdx);
      for (let a = 0; a < n; a++) effects[a] = packEffect(packed[a]);
      cache = { effects, filters: new Map() };
      // Keep a handful of users: an inspector switches between a few people, not thousands.
      if (this.users.size >= 8) this.users.delete(this.users.keys().next().value!);
      this.users.set(id, cache);
    }
    return cache;
  }

  /** Indexes of the assets matching a list filter, in snapshot order (duplicate ids skipped: first record wins). */
  private filtered(fleet: Fleet, userIdx: number, query: string, effect: EffectFilter): Int32Array {
    const cache = this.userCache(fleet, userIdx);
    const q = query.trim().toLowerCase();
    const key = `${effect}\u0000${q}`;
    const hit = cache.filters.get(key);
    if (hit) return hit;
    const assets = fleet.snapshot.assets;
    // Searchable by name, id, tag and site (name and id).
    if (q !== '' && this.assetSearchText === null)
      this.assetSearchText = assets.map((a) =>
        [a.name, a.id, ...a.tags, a.siteId, names.site(fleet, a.siteId)].join('\u0000').toLowerCase(),
      );
    // The packed effect code is the effect's rank (core/model/effects.ts).
    const want = effect === 'all' ? -1 : EFFECT_RANK[effect];
    const out: number[] = [];
    for (let a = 0; a < assets.length; a++) {
      if (fleet.assetDuplicate[a]) continue;
      if (want >= 0 && cache.effects[a] !== want) continue;
      if (q !== '' && !this.assetSearchText![a].includes(q)) continue;
      out.push(a);
    }
    const result = Int32Array.from(out);
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
  setSnapshot(snapshot: Snapshot): void;
  setSyncStatus(fields: Partial<SyncStatusFields>): void;
  setSignedInUser(userId: string | null): void;
}

export function createDirectSource(options: DirectSourceOptions = {}): EngineSource {
  const direct = new DirectSource(options);
  return {
    ...validatedSource(direct),
    calls: direct.calls,
    setSnapshot: (snapshot) => direct.setSnapshot(snapshot),
    setSyncStatus: (fields) => direct.setSyncStatus(fields),
    setSignedInUser: (userId) => direct.setSignedInUser(userId),
  };
}
