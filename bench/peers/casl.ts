// Peer model 1: the R3 asset rules written the way a CASL (@casl/ability 7) user writes them — one ability per user,
// built with AbilityBuilder from the user's status, system role, scope and memberships, Mongo-style conditions on the
// asset's own attributes, and `ability.can('read', asset)` to decide. `read` is "visible", `update` is "full"
// (read and write); `manage` is CASL's "every action" for the Global Admin.
// Lists are asked the way CASL's database integrations ask them (accessibleBy in @casl/mongoose and @casl/prisma,
// built on rulesToCondition, formerly rulesToQuery): the user's read rules become one query, `{ $or: [...] }` over
// their conditions, which a database answers through its index on the asset's project. Here that index is an
// in-memory map project → assets, and every candidate it returns is then decided by `ability.can`.
import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { rulesToCondition } from '@casl/ability/extra';
import type { Asset, Snapshot, User } from '../../core/model/snapshot';
import { indexes, type PeerEffect, type PeerModel } from './model';
import { assetsFunctionOf, indexByProject, orgAncestry, snapshotRecords, type SnapshotRecords } from './records';

/**
 * The asset as the app hands it to CASL. `orgPath` is denormalized the way Mongo-minded apps store tree positions:
 * the asset's site's organization and all its ancestors, so "lies under organization X" is `{ orgPath: X }`.
 */
export interface AssetDoc {
  id: string;
  projectId: string;
  siteId: string;
  tags: string[];
  orgPath: string[];
}
type AssetSubject = AssetDoc & ForcedSubject<'Asset'>;
export type AssetAbility = MongoAbility<['read' | 'update' | 'manage', 'Asset' | AssetSubject | 'all']>;

export function assetDocs(snapshot: Snapshot, records: SnapshotRecords = snapshotRecords(snapshot)): AssetSubject[] {
  const pathOfOrg = new Map<string, string[]>();
  const docOf = (a: Asset): AssetSubject => {
    const orgId = records.siteById.get(a.siteId)?.organizationId;
    let orgPath: string[] = [];
    if (orgId !== undefined) {
      let p = pathOfOrg.get(orgId);
      if (!p) pathOfOrg.set(orgId, (p = orgAncestry(records.orgById, orgId)));
      orgPath = p;
    }
    return subject('Asset', { id: a.id, projectId: a.projectId, siteId: a.siteId, tags: a.tags, orgPath });
  };
  return snapshot.assets.map(docOf);
}

export function defineAbilityFor(user: User, records: SnapshotRecords): AssetAbility {
  const { can, build } = new AbilityBuilder<AssetAbility>(createMongoAbility);
  if (user.status !== 'active') return build();
  if (user.systemRoleId === 'globalAdmin' && records.hasGlobalAdmin) {
    can('manage', 'all');
    return build();
  }
  // SPEC §7: a user whose organization is unknown has what lies under that id (and is not whole-fleet).
  const org = records.orgById.get(user.organizationId);

  // Scope: the user's organization subtree (the whole fleet for global and product-company users), narrowed by the
  // scope lists when set. CASL conditions have no top-level $or; alternatives are separate rules (rules are OR-ed).
  // Scope entries are compared as given (SPEC §7), known records or not.
  const wholeFleet = org?.type === 'global' || org?.type === 'productCompany';
  const subtree: MongoQuery<AssetSubject> = wholeFleet ? {} : { orgPath: user.organizationId };
  let scopes: MongoQuery<AssetSubject>[] = [subtree];
  const s = user.scope;
  if (s && (s.organizationIds !== undefined || s.siteIds !== undefined)) {
    const orgs = s.organizationIds ?? [];
    const sites = s.siteIds ?? [];
    scopes = [];
    if (orgs.length) scopes.push({ orgPath: wholeFleet ? { $in: orgs } : { $eq: user.organizationId, $in: orgs } });
    if (sites.length) scopes.push({ ...subtree, siteId: { $in: sites } });
  }

  for (const m of records.membershipsOf(user.id)) {
    const role = records.roleById.get(m.projectRoleId);
    if (!role) continue;
    const assets = assetsFunctionOf(role);
    if (!assets.read) continue;
    const readTags = role.tags.filter((t) => t.read).map((t) => t.tag);
    const writeTags = role.tags.filter((t) => t.read && t.write).map((t) => t.tag);
    for (const scope of scopes) {
      // The project first: most assets fail there, and conditions are tested in the order written.
      const inProject: MongoQuery<AssetSubject> = { projectId: m.projectId, ...scope };
      if (role.tags.length === 0) {
        can('read', 'Asset', inProject);
        if (assets.write) can('update', 'Asset', inProject);
        continue;
      }
      if (readTags.length) can('read', 'Asset', { ...inProject, tags: { $in: readTags } });
      if (assets.write && writeTags.length) can('update', 'Asset', { ...inProject, tags: { $in: writeTags } });
      if (role.fullAccessUntagged) {
        can('read', 'Asset', { ...inProject, tags: { $size: 0 } });
        if (assets.write) can('update', 'Asset', { ...inProject, tags: { $size: 0 } });
      }
    }
  }
  return build();
}

export function caslEffect(ability: AssetAbility, asset: AssetSubject): PeerEffect {
  if (!ability.can('read', asset)) return 'hidden';
  return ability.can('update', asset) ? 'full' : 'read';
}

/**
 * The project ids a user's read rules are limited to, as a database query built by rulesToCondition would name them
 * (`{ $or: [{ projectId: … }, …] }`); 'all' when a rule has no project condition (`manage all`), [] when nothing is
 * allowed.
 */
export function readableProjects(ability: AssetAbility): string[] | 'all' {
  const query = rulesToCondition(ability.rulesFor('read', 'Asset'), (rule) => rule.conditions ?? {}, {
    or: (conditions) => ({ $or: conditions }),
    and: (conditions) => ({ $and: conditions }),
    empty: () => ({}),
  }) as { $or?: MongoQuery<AssetSubject>[] } | null;
  if (query === null) return [];
  if (!query.$or) return 'all';
  const projects = new Set<string>();
  for (const c of query.$or) {
    const p = (c as { projectId?: unknown }).projectId;
    if (typeof p !== 'string') return 'all';
    projects.add(p);
  }
  return [...projects];
}

/** The CASL side of the comparison: asset subjects and the project index built once, abilities per user and kept. */
export class CaslPeer implements PeerModel {
  readonly name = 'CASL';
  readonly records: SnapshotRecords;
  readonly assets: AssetSubject[];
  /** The database index on the asset's project: project id → asset positions, ascending. */
  readonly assetsByProject: Map<string, number[]>;
  private readonly abilities: (AssetAbility | undefined)[];
  /** Who-can-see candidates: users whose read rules name the project, and users whose rules name none ('all'). */
  private readersByProject: Map<string, number[]> | null = null;
  private readersOfAll: number[] = [];

  constructor(readonly snapshot: Snapshot) {
    this.records = snapshotRecords(snapshot);
    this.assets = assetDocs(snapshot, this.records);
    this.assetsByProject = indexByProject(snapshot.assets, (a) => a.projectId);
    this.abilities = new Array(snapshot.users.length);
  }

  ability(userIdx: number): AssetAbility {
    return (this.abilities[userIdx] ??= defineAbilityFor(this.snapshot.users[userIdx], this.records));
  }

  /** Builds every user's ability now, and from their rules the project → readers index who-can-see starts from. */
  buildAll(): void {
    for (let u = 0; u < this.snapshot.users.length; u++) this.ability(u);
    this.readerIndex();
  }

  private readerIndex(): Map<string, number[]> {
    if (this.readersByProject) return this.readersByProject;
    const byProject = new Map<string, number[]>();
    const all: number[] = [];
    for (let u = 0; u < this.snapshot.users.length; u++) {
      const projects = readableProjects(this.ability(u));
      if (projects === 'all') all.push(u);
      else
        for (const p of projects) {
          let list = byProject.get(p);
          if (!list) byProject.set(p, (list = []));
          list.push(u);
        }
    }
    this.readersOfAll = all;
    return (this.readersByProject = byProject);
  }

  effect(userIdx: number, assetIdx: number): PeerEffect {
    return caslEffect(this.ability(userIdx), this.assets[assetIdx]);
  }

  /** accessibleBy in memory: the read rules' query picks the projects, the index their assets, `can` decides each. */
  visibleAssets(userIdx: number, among?: readonly number[]): { assetId: string; effect: PeerEffect }[] {
    const ability = this.ability(userIdx);
    const projects = readableProjects(ability);
    const out: { assetId: string; effect: PeerEffect }[] = [];
    const decide = (a: number) => {
      const asset = this.assets[a];
      if (ability.can('read', asset)) out.push({ assetId: asset.id, effect: ability.can('update', asset) ? 'full' : 'read' });
    };
    if (projects === 'all') {
      for (const a of indexes(this.assets.length, among)) decide(a);
      return out;
    }
    const wanted = among ? new Set(among) : null;
    for (const p of projects) for (const a of this.assetsByProject.get(p) ?? []) if (!wanted || wanted.has(a)) decide(a);
    return out;
  }

  /** The users whose read rules can reach the asset's project (and those with unconditional rules), each asked. */
  whoCanSee(assetIdx: number, among?: readonly number[]): { userId: string; effect: PeerEffect }[] {
    const asset = this.assets[assetIdx];
    const users = this.snapshot.users;
    const wanted = among ? new Set(among) : null;
    const out: { userId: string; effect: PeerEffect }[] = [];
    const byProject = this.readerIndex();
    for (const list of [this.readersOfAll, byProject.get(asset.projectId) ?? []])
      for (const u of list) {
        if (wanted && !wanted.has(u)) continue;
        const ability = this.ability(u);
        if (ability.can('read', asset)) out.push({ userId: users[u].id, effect: ability.can('update', asset) ? 'full' : 'read' });
      }
    return out;
  }
}
