// A DataSource that holds a compiled fleet in memory and asks the engine directly: the widget (page origin), the
// background (which serves it over messages) and the tests use it. The only component-layer file that imports
// the engine; the content script never bundles it.
//
// Work is cached per inspected user (every asset's effect, list filters) and dropped when the snapshot changes;
// the fleet is compiled lazily, once per snapshot.
import type { Snapshot } from '../model/snapshot';
import { compileFleet, EFFECTS, names, packEffect, ticketSteps, UnknownIdError, userAssetsPacked, type Fleet } from '../engine';
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
import { DATA_SOURCE_METHODS } from './schema';
import type { AssetRow, DataSource, Effect, RequestOf, ResponseOf, SyncStatus, TicketEffect } from './data-source';

export type SyncStatusFields = Omit<SyncStatus, 'dataVersion'>;

export interface DirectSourceOptions {
  snapshot?: Snapshot;
  /** Who is signed in (the widget: the page's user; the background: the API key's user from /me). */
  signedInUserId?: string | null;
  status?: Partial<SyncStatusFields>;
  /** Starts a sync; resolves to whether one was started. Without it refresh answers `started: false`. */
  onRefresh?: () => Promise<boolean>;
}

/** Effect codes of the engine's packed results (0 hidden, 1 read, 2 full). */
const EFFECT_OF: readonly Effect[] = EFFECTS;
const EFFECT_CODE: Record<Effect, number> = { hidden: 0, read: 1, full: 2 };

/** Per inspected user: every asset's effect, and the last few list filters. */
interface UserCache {
  effects: Uint8Array;
  filters: Map<string, Int32Array>;
  tickets?: TicketEffect[];
}

const NOT_SYNCED: SyncStatusFields = { state: 'empty', dataAsOf: null, progress: null, errors: [], quarantined: [] };

export class DirectSource implements DataSource {
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

  // ---- internals ---------------------------------------------------------------------------------------------

  private fleet(): Fleet | null {
    if (this.snapshot === null) return null;
    this.compiled ??= compileFleet(this.snapshot);
    return this.compiled;
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
  private filtered(fleet: Fleet, userIdx: number, query: string, effect: RequestOf<'assetPage'>['effect']): Int32Array {
    const cache = this.userCache(fleet, userIdx);
    const q = query.trim().toLowerCase();
    const key = `${effect ?? 'all'}\u0000${q}`;
    const hit = cache.filters.get(key);
    if (hit) return hit;
    const assets = fleet.snapshot.assets;
    // Searchable by name, id, tag and site (name and id).
    if (q !== '' && this.assetSearchText === null)
      this.assetSearchText = assets.map((a) => [a.name, a.id, ...a.tags, a.siteId, names.site(fleet, a.siteId)].join('\u0000').toLowerCase());
    const want = effect === undefined || effect === 'all' ? -1 : EFFECT_CODE[effect];
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

  // ---- DataSource ----------------------------------------------------------------------------------------------

  async syncStatus(): Promise<ResponseOf<'syncStatus'>> {
    return this.status;
  }

  async signedInUser(): Promise<ResponseOf<'signedInUser'>> {
    const fleet = this.fleet();
    if (!fleet || this.signedInUserId === null) return { user: null };
    const u = this.userIdx(fleet, this.signedInUserId);
    return { user: u < 0 ? null : userSummary(fleet, u) };
  }

  async searchUsers(req: RequestOf<'searchUsers'>): Promise<ResponseOf<'searchUsers'>> {
    const fleet = this.fleet();
    return { users: fleet ? searchUsers(fleet, req.query, req.limit ?? 20) : [] };
  }

  async listProjects(): Promise<ResponseOf<'listProjects'>> {
    const fleet = this.fleet();
    if (!fleet) return { projects: [] };
    return {
      projects: fleet.snapshot.projects
        .filter((p, i) => fleet.projectIndex.get(p.id) === i)
        .map((p) => ({ id: p.id, name: names.project(fleet, p.id) })),
    };
  }

  async who(req: RequestOf<'who'>): Promise<ResponseOf<'who'>> {
    const fleet = this.fleet();
    return { facts: fleet ? whoFacts(fleet, req.userId) : null };
  }

  async assignableRoles(req: RequestOf<'assignableRoles'>): Promise<ResponseOf<'assignableRoles'>> {
    const fleet = this.fleet();
    return { result: fleet ? nullOnUnknown(() => assignableRolesAnswer(fleet, req.userId, req.targetId ?? null)) : null };
  }

  async verifyQueue(req: RequestOf<'verifyQueue'>): Promise<ResponseOf<'verifyQueue'>> {
    const fleet = this.fleet();
    return { queue: fleet ? nullOnUnknown(() => verifyQueueAnswer(fleet, req.userId)) : null };
  }

  async projectFacts(req: RequestOf<'projectFacts'>): Promise<ResponseOf<'projectFacts'>> {
    const fleet = this.fleet();
    return { facts: fleet ? nullOnUnknown(() => projectFactsOf(fleet, req.userId, req.projectId)) : null };
  }

  async flipImpact(req: RequestOf<'flipImpact'>): Promise<ResponseOf<'flipImpact'>> {
    const fleet = this.fleet();
    return { impact: fleet ? nullOnUnknown(() => flipImpact(fleet, req.userId, req.assetId, req.index)) : null };
  }

  async registration(req: RequestOf<'registration'>): Promise<ResponseOf<'registration'>> {
    const fleet = this.fleet();
    return { registration: fleet ? registrationFacts(fleet, req.userId) : null };
  }

  async whoCanSee(req: RequestOf<'whoCanSee'>): Promise<ResponseOf<'whoCanSee'>> {
    const fleet = this.fleet();
    return { audience: fleet ? nullOnUnknown(() => assetAudienceAnswer(fleet, req.assetId)) : null };
  }

  async explainAsset(req: RequestOf<'explainAsset'>): Promise<ResponseOf<'explainAsset'>> {
    const fleet = this.fleet();
    return { explanation: fleet ? nullOnUnknown(() => assetExplanation(fleet, req.userId, req.assetId)) : null };
  }

  async assetPage(req: RequestOf<'assetPage'>): Promise<ResponseOf<'assetPage'>> {
    const fleet = this.fleet();
    const offset = req.offset ?? 0;
    const u = fleet ? this.userIdx(fleet, req.userId) : -1;
    if (!fleet || u < 0) return { total: 0, offset, rows: [] };
    const matches = this.filtered(fleet, u, req.query ?? '', req.effect);
    const effects = this.userCache(fleet, u).effects;
    const end = Math.min(matches.length, offset + (req.limit ?? 100));
    const rows: AssetRow[] = [];
    for (let i = offset; i < end; i++) rows.push(assetRow(fleet, u, matches[i], EFFECT_OF[effects[matches[i]]]));
    return { total: matches.length, offset, rows };
  }

  async assetEffects(req: RequestOf<'assetEffects'>): Promise<ResponseOf<'assetEffects'>> {
    const fleet = this.fleet();
    const u = fleet ? this.userIdx(fleet, req.userId) : -1;
    if (!fleet || u < 0) return { rows: [] };
    const effects = this.userCache(fleet, u).effects;
    const rows: AssetRow[] = [];
    for (const id of req.assetIds) {
      const a = fleet.assetIndex.get(id);
      if (a !== undefined) rows.push(assetRow(fleet, u, a, EFFECT_OF[effects[a]]));
    }
    return { rows };
  }

  async tickets(req: RequestOf<'tickets'>): Promise<ResponseOf<'tickets'>> {
    const fleet = this.fleet();
    const offset = req.offset ?? 0;
    if (!fleet || !fleet.userIndex.has(req.userId)) return { total: 0, offset, rows: [] };
    let indexes =
      req.ticketIds == null
        ? fleet.snapshot.tickets.flatMap((t, i) => (fleet.ticketIndex.get(t.id) === i ? [i] : []))
        : [...new Set(req.ticketIds)].flatMap((id) => {
            const i = fleet.ticketIndex.get(id);
            return i === undefined ? [] : [i];
          });
    const effect = req.effect ?? 'all';
    if (effect !== 'all') {
      const effects = this.ticketEffects(fleet, fleet.userIndex.get(req.userId)!);
      indexes = indexes.filter((i) => effects[i] === effect);
    }
    const page = indexes.slice(offset, offset + (req.limit ?? 200));
    return { total: indexes.length, offset, rows: page.map((i) => ticketDecision(fleet, req.userId, i)) };
  }

  /** Every ticket's effect for the user (no wording), cached with the user's other answers. */
  private ticketEffects(fleet: Fleet, userIdx: number): TicketEffect[] {
    const cache = this.userCache(fleet, userIdx);
    cache.tickets ??= fleet.snapshot.tickets.map((_, t) => ticketSteps(fleet, userIdx, t).effect);
    return cache.tickets;
  }

  // ---- journeys: compare, overlay, invitations, export ----------------------------------------------------------

  async compare(req: RequestOf<'compare'>): Promise<ResponseOf<'compare'>> {
    const fleet = this.fleet();
    if (!fleet) return { summary: null };
    // Parsed here too: a draft role sent without its optional parts gets its defaults (the engine reads them all).
    const r = DATA_SOURCE_METHODS.compare.request.parse(req);
    return { summary: nullOnUnknown(() => compareSummary(fleet, r.userId, r.against, r.projectId)) };
  }

  async compareChanges(req: RequestOf<'compareChanges'>): Promise<ResponseOf<'compareChanges'>> {
    const fleet = this.fleet();
    const r = DATA_SOURCE_METHODS.compareChanges.request.parse(req);
    const empty = { total: 0, offset: r.offset, rows: [] };
    if (!fleet) return empty;
    return nullOnUnknown(() => compareChanges(fleet, r)) ?? empty;
  }

  /** Engineering → Roles: the effect of the editor's unsaved role on the fleet (the draft is untrusted page data). */
  async roleImpact(req: RequestOf<'roleImpact'>): Promise<ResponseOf<'roleImpact'>> {
    const r = DATA_SOURCE_METHODS.roleImpact.request.parse(req);
    const fleet = this.fleet();
    if (!fleet) return { known: false, storedVersion: null, changedSinceOpened: [], unsaved: [], refusals: [], lint: [], impact: null };
    return roleImpactAnswer(fleet, r);
  }

  async roleImpactAssets(req: RequestOf<'roleImpactAssets'>): Promise<ResponseOf<'roleImpactAssets'>> {
    const r = DATA_SOURCE_METHODS.roleImpactAssets.request.parse(req);
    const fleet = this.fleet();
    if (!fleet) return { total: 0, offset: r.offset, rows: [] };
    return roleImpactAssetsAnswer(fleet, r);
  }

  async listProjectRoles(): Promise<ResponseOf<'listProjectRoles'>> {
    const fleet = this.fleet();
    return { roles: fleet ? fleet.snapshot.projectRoles.filter((r, i) => fleet.projectRoleIndex.get(r.id) === i) : [] };
  }

  async overlayView(req: RequestOf<'overlayView'>): Promise<ResponseOf<'overlayView'>> {
    const fleet = this.fleet();
    if (!fleet) return { view: null };
    const r = DATA_SOURCE_METHODS.overlayView.request.parse(req);
    return { view: nullOnUnknown(() => overlayAnswer(fleet, r)) };
  }

  async searchOrganizations(req: RequestOf<'searchOrganizations'>): Promise<ResponseOf<'searchOrganizations'>> {
    const fleet = this.fleet();
    if (!fleet) return { total: 0, organizations: [] };
    return searchOrganizations(fleet, req.userId ?? null, req.query ?? '', req.limit ?? 50);
  }

  async invitation(req: RequestOf<'invitation'>): Promise<ResponseOf<'invitation'>> {
    const fleet = this.fleet();
    if (!fleet) return { result: null };
    return { result: nullOnUnknown(() => invitationFacts(fleet, req.userId, req.organizationId)) };
  }

  /** The cached snapshot, one collection slice at a time (the export assembles it; no message carries it whole). */
  async snapshotPart(req: RequestOf<'snapshotPart'>): Promise<ResponseOf<'snapshotPart'>> {
    const offset = req.offset ?? 0;
    const records = this.snapshot?.[req.collection];
    if (!records) return { collection: req.collection, present: false, total: 0, records: [] };
    return { collection: req.collection, present: true, total: records.length, records: records.slice(offset, offset + (req.limit ?? 5000)) };
  }

  async refresh(): Promise<ResponseOf<'refresh'>> {
    if (!this.onRefresh) return { started: false };
    return { started: await this.onRefresh() };
  }
}

/** Unknown ids are an ordinary answer for the panel (the page may show a record the cache has not synced yet). */
function nullOnUnknown<T>(f: () => T): T | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof UnknownIdError) return null;
    throw err;
  }
}
