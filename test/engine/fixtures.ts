// Small hand-built snapshots for the engine's example tests. Names are distinctive so wording can be checked.
import type { Asset, Membership, ProjectRole, Snapshot, User } from '../../core/model/snapshot';

type Pair = 'off' | 'r' | 'rw';
const pair = (p: Pair) => ({ read: p !== 'off', write: p === 'rw' });

export interface RoleSpec {
  /** The Assets group: 'switchOff' = group disabled (function read on), 'noRead' = on without read. */
  assets?: 'switchOff' | 'noRead' | 'r' | 'rw';
  tickets?: boolean;
  usersInOtherLists?: boolean;
  tags?: Record<string, Pair>;
  fullAccessUntagged?: boolean;
  expertMode?: boolean;
  name?: string;
  extraFeatures?: ProjectRole['features'];
}

export function role(id: string, spec: RoleSpec = {}): ProjectRole {
  const features: ProjectRole['features'] = { ...spec.extraFeatures };
  const a = spec.assets ?? 'r';
  features.assets = {
    enabled: a !== 'switchOff',
    functions: { assets: a === 'noRead' ? pair('off') : a === 'switchOff' ? pair('r') : pair(a) },
  };
  if (spec.tickets) features.tickets = { enabled: true, functions: {} };
  if (spec.usersInOtherLists) features.engineering = { enabled: true, functions: { usersInOtherLists: pair('r') } };
  return {
    id,
    name: spec.name ?? `Role ${id}`,
    location: null,
    expertMode: spec.expertMode ?? false,
    fullAccessUntagged: spec.fullAccessUntagged ?? false,
    tags: Object.entries(spec.tags ?? {}).map(([tag, p]) => ({ tag, ...pair(p) })),
    features,
  };
}

export function user(id: string, over: Partial<User> = {}): User {
  return {
    id,
    name: `Person ${id}`,
    email: `${id}@example.test`,
    organizationId: 'org-cc-benelux',
    systemRoleId: 'technician',
    status: 'active',
    invitedBy: null,
    ...over,
  };
}

export const asset = (id: string, over: Partial<Asset> = {}): Asset => ({
  id,
  name: `Machine ${id}`,
  projectId: 'prj-food',
  siteId: 'site-antwerp-2',
  tags: [],
  ...over,
});

export const member = (userId: string, projectRoleId: string, projectId = 'prj-food'): Membership => ({ userId, projectId, projectRoleId });

/**
 * global ─ productCompany ─┬─ CC Benelux ─┬─ Brewery (customer): sites Antwerp Plant 2, Ghent Warehouse
 *                          │              └─ Benelux Air (distributor) ─ Dairy (customer): site Utrecht Dairy
 *                          └─ CC Nordic ── Sawmill (customer): site Oslo Mill
 */
export function baseSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    version: 1,
    organizations: [
      { id: 'org-global', name: 'Smartlink Global', type: 'global', parentId: null },
      { id: 'org-pc', name: 'Air Products Co', type: 'productCompany', parentId: 'org-global' },
      { id: 'org-cc-benelux', name: 'CC Benelux', type: 'customerCenter', parentId: 'org-pc' },
      { id: 'org-brewery', name: 'Brewery NV', type: 'customer', parentId: 'org-cc-benelux' },
      { id: 'org-dist', name: 'Benelux Air', type: 'distributor', parentId: 'org-cc-benelux' },
      { id: 'org-dairy', name: 'Dairy BV', type: 'customer', parentId: 'org-dist' },
      { id: 'org-cc-nordic', name: 'CC Nordic', type: 'customerCenter', parentId: 'org-pc' },
      { id: 'org-sawmill', name: 'Sawmill AB', type: 'customer', parentId: 'org-cc-nordic' },
    ],
    sites: [
      { id: 'site-antwerp-2', name: 'Antwerp Plant 2', organizationId: 'org-brewery' },
      { id: 'site-ghent', name: 'Ghent Warehouse', organizationId: 'org-brewery' },
      { id: 'site-utrecht', name: 'Utrecht Dairy', organizationId: 'org-dairy' },
      { id: 'site-oslo', name: 'Oslo Mill', organizationId: 'org-sawmill' },
    ],
    users: [user('u-tech')],
    projects: [
      { id: 'prj-food', name: 'Food & Beverage' },
      { id: 'prj-other', name: 'Other Project' },
    ],
    projectRoles: [role('pr-main', { name: 'Service EU' })],
    memberships: [member('u-tech', 'pr-main')],
    assets: [asset('a-1')],
    tickets: [],
    ...over,
  };
}
