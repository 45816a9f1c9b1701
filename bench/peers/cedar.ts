// Peer model 3: the R3 asset rules in Cedar (@cedar-policy/cedar-wasm 4, Cedar's own Rust evaluator compiled to
// WebAssembly), the way its users write them — three policies (Global Admin, read, write), the user's memberships as
// entity tags keyed by project id (a tag's value says what the role there grants), the asset's organization path and
// tags as attributes, the policy set parsed once (preparsePolicySet) and each request answered by
// statefulIsAuthorized with the two entities it needs. `read` is visible, `write` is full access.
// Lists start, as the other peers' do, from the database's project index: the assets of the projects the user's tags
// name; who-can-see from the users with a tag for the asset's project, and the admins.
import { preparsePolicySet, statefulIsAuthorized, type EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import type { Snapshot, User } from '../../core/model/snapshot';
import { indexes, type PeerEffect, type PeerModel } from './model';
import { assetsFunctionOf, indexByProject, orgAncestry, snapshotRecords, type SnapshotRecords } from './records';

export const CEDAR_POLICIES = `
// R3 step 2: an active Global Admin has every action on every asset.
@id("global-admin")
permit (principal is User, action, resource is Asset)
when { principal.active && principal.admin };

// R3 steps 1, 3-6: active, the asset in scope, a role in its project that reads Assets and reaches the asset's tags.
@id("read")
permit (principal is User, action == Action::"read", resource is Asset)
when {
  principal.active &&
  (principal.wholeFleet || resource.orgPath.contains(principal.org)) &&
  (!principal.scoped || resource.orgPath.containsAny(principal.scopeOrgs) || principal.scopeSites.contains(resource.site)) &&
  principal.hasTag(resource.project) &&
  principal.getTag(resource.project).read &&
  (principal.getTag(resource.project).anyTag ||
    (if resource.tags.isEmpty()
      then principal.getTag(resource.project).untagged
      else resource.tags.containsAny(principal.getTag(resource.project).readTags)))
};

// The write step: the same, with the role's write toggle and its writable tags.
@id("write")
permit (principal is User, action == Action::"write", resource is Asset)
when {
  principal.active &&
  (principal.wholeFleet || resource.orgPath.contains(principal.org)) &&
  (!principal.scoped || resource.orgPath.containsAny(principal.scopeOrgs) || principal.scopeSites.contains(resource.site)) &&
  principal.hasTag(resource.project) &&
  principal.getTag(resource.project).write &&
  (principal.getTag(resource.project).anyTag ||
    (if resource.tags.isEmpty()
      then principal.getTag(resource.project).untagged
      else resource.tags.containsAny(principal.getTag(resource.project).writeTags)))
};
`;

const POLICY_SET_ID = 'access-inspector-r3';
let parsed = false;

/** Parses the policy set once per process (Cedar keeps it in the WebAssembly module's memory). */
function ensurePolicies(): void {
  if (parsed) return;
  const answer = preparsePolicySet(POLICY_SET_ID, { staticPolicies: CEDAR_POLICIES });
  if (answer.type !== 'success') throw new Error(`Cedar policies do not parse: ${JSON.stringify(answer.errors)}`);
  parsed = true;
}

/** The user as a Cedar entity: attributes for status, admin, scope; one tag per project the user holds a role in. */
export function userEntity(u: User, records: SnapshotRecords): EntityJson {
  const org = records.orgById.get(u.organizationId);
  const s = u.scope;
  const tags: Record<
    string,
    { read: boolean; write: boolean; anyTag: boolean; untagged: boolean; readTags: string[]; writeTags: string[] }
  > = {};
  for (const m of records.membershipsOf(u.id)) {
    const role = records.roleById.get(m.projectRoleId);
    if (!role) continue; // a dangling role id grants nothing
    const assets = assetsFunctionOf(role);
    tags[m.projectId] = {
      read: assets.read,
      write: assets.write,
      anyTag: role.tags.length === 0,
      untagged: role.fullAccessUntagged,
      readTags: role.tags.filter((t) => t.read).map((t) => t.tag),
      writeTags: role.tags.filter((t) => t.read && t.write).map((t) => t.tag),
    };
  }
  return {
    uid: { type: 'User', id: u.id },
    attrs: {
      active: u.status === 'active',
      admin: u.systemRoleId === 'globalAdmin' && records.hasGlobalAdmin,
      wholeFleet: org?.type === 'global' || org?.type === 'productCompany',
      org: u.organizationId,
      scoped: s !== undefined && (s.organizationIds !== undefined || s.siteIds !== undefined),
      scopeOrgs: s?.organizationIds ?? [],
      scopeSites: s?.siteIds ?? [],
    },
    parents: [],
    tags,
  };
}

export class CedarPeer implements PeerModel {
  readonly name = 'Cedar';
  readonly users: EntityJson[];
  readonly assets: EntityJson[];
  readonly assetsByProject: Map<string, number[]>;
  private readonly membersByProject = new Map<string, number[]>();
  private readonly admins: number[] = [];

  constructor(readonly snapshot: Snapshot) {
    ensurePolicies();
    const records = snapshotRecords(snapshot);
    this.users = snapshot.users.map((u) => userEntity(u, records));
    const pathOfSite = new Map<string, string[]>();
    this.assets = snapshot.assets.map((a) => {
      let orgPath = pathOfSite.get(a.siteId);
      if (!orgPath) {
        const orgId = records.siteById.get(a.siteId)?.organizationId;
        pathOfSite.set(a.siteId, (orgPath = orgId === undefined ? [] : orgAncestry(records.orgById, orgId)));
      }
      return { uid: { type: 'Asset', id: a.id }, attrs: { project: a.projectId, site: a.siteId, tags: a.tags, orgPath }, parents: [] };
    });
    this.assetsByProject = indexByProject(snapshot.assets, (a) => a.projectId);
    this.users.forEach((u, i) => {
      if (u.attrs.admin === true) this.admins.push(i);
      for (const p of Object.keys(u.tags ?? {})) {
        let list = this.membersByProject.get(p);
        if (!list) this.membersByProject.set(p, (list = []));
        list.push(i);
      }
    });
  }

  private allowed(userIdx: number, assetIdx: number, action: 'read' | 'write'): boolean {
    const principal = this.users[userIdx];
    const resource = this.assets[assetIdx];
    const answer = statefulIsAuthorized({
      principal: principal.uid as { type: string; id: string },
      action: { type: 'Action', id: action },
      resource: resource.uid as { type: string; id: string },
      context: {},
      preparsedPolicySetId: POLICY_SET_ID,
      entities: [principal, resource],
    });
    if (answer.type !== 'success') throw new Error(`Cedar: ${JSON.stringify(answer.errors)}`);
    return answer.response.decision === 'allow';
  }

  effect(userIdx: number, assetIdx: number): PeerEffect {
    if (!this.allowed(userIdx, assetIdx, 'read')) return 'hidden';
    return this.allowed(userIdx, assetIdx, 'write') ? 'full' : 'read';
  }

  /** The assets of the projects the user's tags name (every asset for an admin), each authorized. */
  visibleAssets(userIdx: number, among?: readonly number[]): { assetId: string; effect: PeerEffect }[] {
    const out: { assetId: string; effect: PeerEffect }[] = [];
    const decide = (a: number) => {
      const e = this.effect(userIdx, a);
      if (e !== 'hidden') out.push({ assetId: this.snapshot.assets[a].id, effect: e });
    };
    const user = this.users[userIdx];
    if (user.attrs.admin === true) {
      for (const a of indexes(this.assets.length, among)) decide(a);
      return out;
    }
    const wanted = among ? new Set(among) : null;
    for (const p of Object.keys(user.tags ?? {}))
      for (const a of this.assetsByProject.get(p) ?? []) if (!wanted || wanted.has(a)) decide(a);
    return out;
  }

  /** The users with a tag for the asset's project, and the admins, each authorized. */
  whoCanSee(assetIdx: number, among?: readonly number[]): { userId: string; effect: PeerEffect }[] {
    const project = this.snapshot.assets[assetIdx].projectId;
    const wanted = among ? new Set(among) : null;
    const candidates = new Set<number>(this.admins);
    for (const u of this.membersByProject.get(project) ?? []) candidates.add(u);
    const out: { userId: string; effect: PeerEffect }[] = [];
    for (const u of candidates) {
      if (wanted && !wanted.has(u)) continue;
      const e = this.effect(u, assetIdx);
      if (e !== 'hidden') out.push({ userId: this.snapshot.users[u].id, effect: e });
    }
    return out;
  }
}
