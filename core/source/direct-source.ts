// A DataSource that holds a compiled fleet in memory and asks the engine directly: the widget (page origin), the
// background (which serves it over messages) and the tests use it. The only component-layer file that imports
// the engine; the content script never bundles it.
//
// Work is cached per inspected user (every asset's effect, list filters) and dropped when the snapshot changes;
// the fleet is compiled lazily, once per snapshot.
import { PERMISSION_IDS, PERMISSION_LABELS } from '../model/catalog';
import type { Snapshot } from '../model/snapshot';
import {
  accessSteps,
  assignableRoles as engineAssignableRoles,
  compileFleet,
  EFFECTS,
  explainAsset as engineExplainAsset,
  explainTicket,
  hasPermission,
  names,
  packEffect,
  systemRoleOf,
  ticketSteps,
  UnknownIdError,
  userAssetsPacked,
  verifyQueue as engineVerifyQueue,
  type Fleet,
} from '../engine';
import { wordAccessStep } from '../wording/access';
import { assetAudience } from '../engine/who-can-see';
import { wordAudienceReason } from '../wording/who-can-see';
import { everyBlocker } from '../engine/blockers';
import { editRole } from '../engine/flips';
import { wordOneUserRadius } from '../wording/flip-radius';
import { isRegistrant, verifiersOf } from '../engine/verify-queue';
import { wordBlocker } from '../wording/blockers';
import { projectFactsOf } from '../answers/project-facts';
import { compareChanges, compareSummary } from '../answers/compare-access';
import { invitationFacts, searchOrganizations } from '../answers/invitation-facts';
import { overlayAnswer } from '../answers/overlay-answer';
import { roleImpactAnswer, roleImpactAssetsAnswer } from '../answers/role-impact-answer';
import { DATA_SOURCE_METHODS } from './schema';
import type {
  AssetRow,
  DataSource,
  Effect,
  RequestOf,
  ResponseOf,
  SyncStatus,
  TicketEffect,
  UserSummary,
} from './data-source';

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

  private summary(fleet: Fleet, userIdx: number): UserSummary {
    const u = fleet.snapshot.users[userIdx];
    const orgIdx = fleet.orgIndex.get(u.organizationId);
    const org = orgIdx === undefined ? null : fleet.snapshot.organizations[orgIdx];
    const role = systemRoleOf(fleet, userIdx);
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      status: u.status,
      organizationId: u.organizationId,
      organizationName: org?.name ?? null,
      organizationType: org?.type ?? null,
      systemRoleId: u.systemRoleId,
      systemRoleName: role?.name ?? null,
    };
  }

  /** The step that decided: the first failing one, else the last (granting) one, worded. */
  private firstReason(fleet: Fleet, userIdx: number, assetIdx: number) {
    const { steps } = accessSteps(fleet, userIdx, assetIdx);
    const step = steps.find((s) => !s.ok) ?? steps[steps.length - 1];
    return step ? { code: step.code, message: wordAccessStep(fleet, step) } : null;
  }

  private row(fleet: Fleet, userIdx: number, assetIdx: number, effect: Effect): AssetRow {
    const asset = fleet.snapshot.assets[assetIdx];
    return { assetId: asset.id, name: asset.name, effect, firstReason: this.firstReason(fleet, userIdx, assetIdx) };
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
    return { user: u < 0 ? null : this.summary(fleet, u) };
  }

  async searchUsers(req: RequestOf<'searchUsers'>): Promise<ResponseOf<'searchUsers'>> {
    const fleet = this.fleet();
    const q = req.query.trim().toLowerCase();
    if (!fleet || q === '') return { users: [] };
    const limit = req.limit ?? 20;
    // Prefix matches of name, e-mail or id first, then matches anywhere (system role names too); snapshot order within each.
    const prefix: number[] = [];
    const inside: number[] = [];
    const users = fleet.snapshot.users;
    for (let i = 0; i < users.length && prefix.length < limit; i++) {
      if (fleet.userDuplicate[i]) continue;
      const name = users[i].name.toLowerCase();
      const email = users[i].email.toLowerCase();
      const id = users[i].id.toLowerCase();
      if (name.startsWith(q) || email.startsWith(q) || id.startsWith(q)) prefix.push(i);
      else if (inside.length < limit && (name.includes(q) || email.includes(q) || id.includes(q) || (systemRoleOf(fleet, i)?.name.toLowerCase().includes(q) ?? false)))
        inside.push(i);
    }
    return { users: [...prefix, ...inside].slice(0, limit).map((i) => this.summary(fleet, i)) };
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
    const u = fleet ? this.userIdx(fleet, req.userId) : -1;
    if (!fleet || u < 0) return { facts: null };
    const user = fleet.snapshot.users[u];
    const role = systemRoleOf(fleet, u);
    const scopeSet = user.scope !== undefined && (user.scope.organizationIds !== undefined || user.scope.siteIds !== undefined);
    return {
      facts: {
        user: this.summary(fleet, u),
        systemRole: role ? { id: role.id, name: role.name, level: role.level, audience: role.audience, orgTypes: role.orgTypes } : null,
        permissions: PERMISSION_IDS.map((p) => ({ id: p, label: PERMISSION_LABELS[p], granted: hasPermission(fleet, u, p) })),
        scope: scopeSet ? { organizationIds: user.scope!.organizationIds ?? null, siteIds: user.scope!.siteIds ?? null } : null,
        memberships: fleet.snapshot.memberships
          .filter((m) => m.userId === user.id)
          .map((m) => ({
            projectId: m.projectId,
            projectName: fleet.projectIndex.has(m.projectId) ? names.project(fleet, m.projectId) : null,
            projectRoleId: m.projectRoleId,
            projectRoleName: fleet.projectRoleIndex.has(m.projectRoleId) ? names.projectRole(fleet, m.projectRoleId) : null,
          })),
      },
    };
  }

  async assignableRoles(req: RequestOf<'assignableRoles'>): Promise<ResponseOf<'assignableRoles'>> {
    const fleet = this.fleet();
    if (!fleet) return { result: null };
    const targetId = req.targetId ?? null;
    const result = nullOnUnknown(() => engineAssignableRoles(fleet, req.userId, targetId));
    if (result === null) return { result: null };
    const byId = new Map(fleet.systemRoles.map((r) => [r.id, r]));
    return {
      result: {
        userId: result.userId,
        targetId: result.targetId,
        targetName: targetId === null ? null : names.user(fleet, targetId),
        roles: result.roles.map((r) => ({
          roleId: r.roleId,
          roleName: byId.get(r.roleId)?.name ?? r.roleId,
          level: byId.get(r.roleId)?.level ?? 0,
          allowed: r.allowed,
          reasons: r.reasons.map((x) => ({ code: x.code, message: x.message })),
        })),
      },
    };
  }

  async verifyQueue(req: RequestOf<'verifyQueue'>): Promise<ResponseOf<'verifyQueue'>> {
    const fleet = this.fleet();
    if (!fleet) return { queue: null };
    const q = nullOnUnknown(() => engineVerifyQueue(fleet, req.userId));
    if (q === null) return { queue: null };
    const role = (id: string) => ({ id, name: names.systemRole(fleet, id) });
    return {
      queue: {
        userId: q.userId,
        pending: q.pending.map((p) => {
          const u = fleet.snapshot.users[fleet.userIndex.get(p.userId)!];
          return {
            userId: p.userId,
            name: u.name,
            email: u.email,
            organizationId: p.organizationId,
            organizationName: fleet.orgIndex.has(p.organizationId) ? names.organization(fleet, p.organizationId) : null,
            createdAt: u.createdAt ?? null,
            requestedRoleId: u.requestedRoleId ?? null,
            suggestedRole: p.suggestedRoleId === null ? null : role(p.suggestedRoleId),
            allowedRoles: p.allowedRoleIds.map(role),
          };
        }),
      },
    };
  }

  async projectFacts(req: RequestOf<'projectFacts'>): Promise<ResponseOf<'projectFacts'>> {
    const fleet = this.fleet();
    if (!fleet) return { facts: null };
    return { facts: nullOnUnknown(() => projectFactsOf(fleet, req.userId, req.projectId)) };
  }

  async flipImpact(req: RequestOf<'flipImpact'>): Promise<ResponseOf<'flipImpact'>> {
    const fleet = this.fleet();
    if (!fleet) return { impact: null };
    const d = nullOnUnknown(() => engineExplainAsset(fleet, req.userId, req.assetId));
    const flip = d?.flips[req.index];
    if (!flip) return { impact: null };
    const e = flip.edit;
    if (e.object === 'projectRole') {
      const idx = fleet.projectRoleIndex.get(e.projectRoleId);
      if (idx === undefined) return { impact: null };
      const draft = editRole(fleet.snapshot.projectRoles[idx], e);
      const answer = roleImpactAnswer(fleet, { roleId: e.projectRoleId, draft, opened: null, baseline: null, holderOffset: 0, holderLimit: 1 });
      const headline = answer.impact ? `Every holder of ${answer.impact.roleName}: ${answer.impact.headline}` : 'This edit could not be evaluated.';
      return { impact: { reach: 'role', headline, draft, projectRoleId: e.projectRoleId, projectId: null } };
    }
    if (e.object === 'membership') {
      const s = compareSummary(fleet, req.userId, { kind: 'role', role: { kind: 'stored', projectRoleId: e.projectRoleId } }, e.projectId);
      return {
        impact: { reach: 'user', headline: wordOneUserRadius(fleet, e, s.assets), draft: null, projectRoleId: e.projectRoleId, projectId: e.projectId },
      };
    }
    return { impact: { reach: 'user', headline: wordOneUserRadius(fleet, e), draft: null, projectRoleId: null, projectId: null } };
  }

  async registration(req: RequestOf<'registration'>): Promise<ResponseOf<'registration'>> {
    const fleet = this.fleet();
    const u = fleet?.userIndex.get(req.userId);
    if (!fleet || u === undefined || !isRegistrant(fleet, u)) return { registration: null };
    const user = fleet.snapshot.users[u];
    const requested = user.requestedRoleId ?? null;
    return {
      registration: {
        userId: user.id,
        createdAt: user.createdAt ?? null,
        requestedRoleId: requested,
        requestedRoleName: requested === null ? null : names.systemRole(fleet, requested),
        verifiers: verifiersOf(fleet, u).map((v) => {
          const s = fleet.snapshot.users[v];
          return { id: s.id, name: s.name, email: s.email };
        }),
      },
    };
  }

  async whoCanSee(req: RequestOf<'whoCanSee'>): Promise<ResponseOf<'whoCanSee'>> {
    const fleet = this.fleet();
    if (!fleet) return { audience: null };
    const audience = nullOnUnknown(() => assetAudience(fleet, req.assetId));
    if (audience === null) return { audience: null };
    const asset = fleet.snapshot.assets[fleet.assetIndex.get(req.assetId)!];
    return {
      audience: {
        assetId: audience.assetId,
        assetName: asset.name,
        counts: audience.counts,
        groups: audience.groups.map((g) => ({
          effect: g.effect,
          code: g.reason.code,
          reason: wordAudienceReason(fleet, g.reason),
          users: g.userIds.map((id) => {
            const s = this.summary(fleet, fleet.userIndex.get(id)!);
            return { id: s.id, name: s.name, email: s.email, systemRoleName: s.systemRoleName };
          }),
        })),
      },
    };
  }

  async explainAsset(req: RequestOf<'explainAsset'>): Promise<ResponseOf<'explainAsset'>> {
    const fleet = this.fleet();
    if (!fleet) return { explanation: null };
    const d = nullOnUnknown(() => engineExplainAsset(fleet, req.userId, req.assetId));
    if (d === null) return { explanation: null };
    const asset = fleet.snapshot.assets[fleet.assetIndex.get(req.assetId)!];
    return {
      explanation: {
        userId: d.userId,
        assetId: d.assetId,
        assetName: asset.name,
        projectId: asset.projectId,
        projectName: fleet.projectIndex.has(asset.projectId) ? names.project(fleet, asset.projectId) : null,
        effect: d.effect,
        steps: d.steps.map((s) => ({ code: s.code, ok: s.ok, message: s.message })),
        flips: d.flips.map((f) => ({
          code: f.code,
          message: f.message,
          effect: f.effect,
          ids: Object.fromEntries(
            (['userId', 'siteId', 'projectId', 'projectRoleId', 'tag'] as const).flatMap((k) => (f[k] === undefined ? [] : [[k, f[k]!]])),
          ),
        })),
        alsoBlocking:
          d.effect === 'full'
            ? []
            : everyBlocker(fleet, req.userId, req.assetId)
                .slice(1)
                .map((b) => ({ code: b.code, message: wordBlocker(fleet, b) })),
        diagnostics: d.diagnostics,
      },
    };
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
    for (let i = offset; i < end; i++) rows.push(this.row(fleet, u, matches[i], EFFECT_OF[effects[matches[i]]]));
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
      if (a !== undefined) rows.push(this.row(fleet, u, a, EFFECT_OF[effects[a]]));
    }
    return { rows };
  }

  async tickets(req: RequestOf<'tickets'>): Promise<ResponseOf<'tickets'>> {
    const fleet = this.fleet();
    const offset = req.offset ?? 0;
    if (!fleet || !fleet.userIndex.has(req.userId)) return { total: 0, offset, rows: [] };
    const all = fleet.snapshot.tickets;
    let indexes =
      req.ticketIds == null
        ? all.flatMap((t, i) => (fleet.ticketIndex.get(t.id) === i ? [i] : []))
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
    return {
      total: indexes.length,
      offset,
      rows: page.map((i) => {
        const t = all[i];
        const d = explainTicket(fleet, req.userId, t.id);
        return {
          ticketId: t.id,
          title: t.title,
          projectId: t.projectId,
          effect: d.effect,
          assetId: t.assetId,
          // The engine already withholds a redacted or hidden ticket's asset name; never add it back here.
          assetName: d.assetName,
          assigneeId: t.assigneeId,
          assigneeName: d.assigneeName,
          steps: d.steps.map((s) => ({ code: s.code, ok: s.ok, message: s.message })),
        };
      }),
    };
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
