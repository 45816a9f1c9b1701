// A small, hand-made fleet whose answers are easy to reason about: a technician who reads pumps but not valves
// (expert mode on, so a valve ticket is redacted), a Quote Manager, a global admin, a pending registrant, and an
// asset with a hostile name.
import type { Snapshot } from '../../core/model/snapshot';

export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Bad & <b>bold</b>';
export const SECRET_ASSET_NAME = 'Secret Valve V-9';

const features = (on: Record<string, Record<string, [boolean, boolean]>>) =>
  Object.fromEntries(
    Object.entries(on).map(([g, fns]) => [
      g,
      { enabled: true, functions: Object.fromEntries(Object.entries(fns).map(([f, [read, write]]) => [f, { read, write }])) },
    ]),
  );

export function fixtureSnapshot(): Snapshot {
  return {
    version: 1,
    organizations: [
      { id: 'org-g', name: 'Smartlink Global', type: 'global', parentId: null },
      { id: 'org-cc', name: 'CC North', type: 'customerCenter', parentId: 'org-g' },
      { id: 'org-cust', name: 'Acme Foods', type: 'customer', parentId: 'org-cc' },
    ],
    sites: [
      { id: 's1', name: 'Acme Plant', organizationId: 'org-cust' },
      { id: 's2', name: 'CC Depot', organizationId: 'org-cc' },
    ],
    users: [
      {
        id: 'u-admin',
        name: 'Ada Admin',
        email: 'ada@smartlink.test',
        organizationId: 'org-g',
        systemRoleId: 'globalAdmin',
        status: 'active',
        invitedBy: null,
      },
      {
        id: 'u-tech',
        name: 'Tom Tech',
        email: 'tom@cc.test',
        organizationId: 'org-cc',
        systemRoleId: 'technician',
        status: 'active',
        invitedBy: null,
      },
      {
        id: 'u-qm',
        name: 'Quinn Quote',
        email: 'quinn@cc.test',
        organizationId: 'org-cc',
        systemRoleId: 'internalAdminCC',
        status: 'active',
        invitedBy: null,
      },
      {
        id: 'u-cust',
        name: 'Cora Customer',
        email: 'cora@acme.test',
        organizationId: 'org-cust',
        systemRoleId: 'customer',
        status: 'active',
        invitedBy: null,
      },
      {
        id: 'u-new',
        name: 'Nina New',
        email: 'nina@acme.test',
        organizationId: 'org-cust',
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        createdAt: '2026-01-02T10:00:00Z',
      },
    ],
    projects: [
      { id: 'p1', name: 'Plant One' },
      { id: 'p2', name: 'Depot Two' },
    ],
    projectRoles: [
      {
        id: 'pr-pumps',
        name: 'Pump reader',
        location: { lat: 52.5, lng: 13.4, zoom: 11 },
        expertMode: true,
        fullAccessUntagged: false,
        tags: [{ tag: 'pumps', read: true, write: false }],
        features: features({
          assets: { assets: [true, true] },
          tickets: { augmentedReality: [false, false] },
          dashboards: { dashboards: [true, false] },
        }),
      },
      {
        id: 'pr-ops',
        name: 'Operations',
        location: null,
        expertMode: false,
        fullAccessUntagged: true,
        tags: [],
        features: features({ assets: { assets: [true, true] }, tickets: {} }),
      },
    ],
    memberships: [
      { userId: 'u-tech', projectId: 'p1', projectRoleId: 'pr-pumps' },
      { userId: 'u-qm', projectId: 'p1', projectRoleId: 'pr-ops' },
      { userId: 'u-qm', projectId: 'p2', projectRoleId: 'pr-ops' },
      { userId: 'u-cust', projectId: 'p1', projectRoleId: 'pr-pumps' },
    ],
    assets: [
      { id: 'a-pump', name: 'Pump P-7', projectId: 'p1', siteId: 's1', tags: ['pumps'] },
      { id: 'a-valve', name: SECRET_ASSET_NAME, projectId: 'p1', siteId: 's1', tags: ['valves'] },
      { id: 'a-hostile', name: HOSTILE_NAME, projectId: 'p1', siteId: 's1', tags: ['pumps'] },
      { id: 'a-depot', name: 'Depot Compressor', projectId: 'p2', siteId: 's2', tags: [] },
    ],
    tickets: [
      { id: 't-pump', title: 'Pump vibrates', projectId: 'p1', assetId: 'a-pump', assigneeId: 'u-qm' },
      { id: 't-valve', title: 'Valve leaks', projectId: 'p1', assetId: 'a-valve', assigneeId: 'u-tech' },
      { id: 't-none', title: 'General check', projectId: 'p1', assetId: null, assigneeId: null },
    ],
  };
}

/** A fleet with `n` assets in one project, for list and scrolling tests (no generator needed, builds in ms). */
export function bigSnapshot(n: number): Snapshot {
  const s = fixtureSnapshot();
  s.assets = Array.from({ length: n }, (_, i) => ({
    id: `a-${i}`,
    name: `Asset ${String(i).padStart(6, '0')}`,
    projectId: 'p1',
    siteId: 's1',
    tags: [i % 3 === 0 ? 'valves' : 'pumps'],
  }));
  s.tickets = [];
  return s;
}
