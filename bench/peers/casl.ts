// Peer model 1: the R3 asset rules written the way a CASL (@casl/ability 7) user writes them — one ability per user,
// built with AbilityBuilder from the user's status, system role, scope and memberships, Mongo-style conditions on the
// asset's own attributes, and `ability.can('read', asset)` to decide. `read` is "visible", `update` is "full"
// (read and write); `manage` is CASL's "every action" for the Global Admin.
import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import type { Asset, Snapshot, User } from '../../core/model/snapshot';
import { indexes, type PeerEffect, type PeerModel } from './model';
import { assetsFunctionOf, orgAncestry, snapshotRecords, type SnapshotRecords } from './records';

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

/** The CASL side of the comparison: asset subjects built once, abilities built per user on first use and kept. */
export class CaslPeer implements PeerModel {
  readonly name = 'CASL';
  readonly records: SnapshotRecords;
  readonly assets: AssetSubject[];
  private readonly abilities: (AssetAbility | undefined)[];

  constructor(readonly snapshot: Snapshot) {
    this.records = snapshotRecords(snapshot);
    this.assets = assetDocs(snapshot, this.records);
    this.abilities = new Array(snapshot.users.length);
  }

  ability(userIdx: number): AssetAbility {
    return (this.abilities[userIdx] ??= defineAbilityFor(this.snapshot.users[userIdx], this.records));
  }

  /** Builds every user's ability now (who-can-see needs them all; an app would cache them per user). */
  buildAll(): void {
    for (let u = 0; u < this.snapshot.users.length; u++) this.ability(u);
  }

  effect(userIdx: number, assetIdx: number): PeerEffect {
    return caslEffect(this.ability(userIdx), this.assets[assetIdx]);
  }

  /** The in-memory idiom: filter the asset subjects through the user's ability. */
  visibleAssets(userIdx: number, among?: readonly number[]): { assetId: string; effect: PeerEffect }[] {
    const ability = this.ability(userIdx);
    const out: { assetId: string; effect: PeerEffect }[] = [];
    for (const a of indexes(this.assets.length, among)) {
      const asset = this.assets[a];
      if (ability.can('read', asset)) out.push({ assetId: asset.id, effect: ability.can('update', asset) ? 'full' : 'read' });
    }
    return out;
  }

  /** Every user's (cached) ability asked about the one asset. */
  whoCanSee(assetIdx: number, among?: readonly number[]): { userId: string; effect: PeerEffect }[] {
    const asset = this.assets[assetIdx];
    const users = this.snapshot.users;
    const out: { userId: string; effect: PeerEffect }[] = [];
    for (const u of indexes(users.length, among)) {
      const ability = this.ability(u);
      if (ability.can('read', asset)) out.push({ userId: users[u].id, effect: ability.can('update', asset) ? 'full' : 'read' });
    }
    return out;
  }
}
