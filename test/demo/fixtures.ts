// A small hand-built fleet for the demo server's tests: every org type, users of several system roles (internal and
// external), a pending registrant, tag-restricted and expert-mode project roles, and one hostile asset name.
import type { Snapshot } from '../../core/model/snapshot';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

const on = (read: boolean, write = false) => ({ read, write });

export function smallFleet(): Snapshot {
  return {
    version: 1,
    organizations: [
      { id: 'org-global', name: 'Atlas Global', type: 'global', parentId: null },
      { id: 'org-pc', name: 'Atlas Compressors', type: 'productCompany', parentId: 'org-global' },
      { id: 'org-cc-nl', name: 'Customer Center Benelux', type: 'customerCenter', parentId: 'org-pc' },
      { id: 'org-dist', name: 'Van Dijk Distribution', type: 'distributor', parentId: 'org-cc-nl' },
      { id: 'org-cust', name: 'Brouwerij De Hoop', type: 'customer', parentId: 'org-dist' },
      { id: 'org-cust2', name: 'Bakkerij Jansen', type: 'customer', parentId: 'org-cc-nl' },
    ],
    sites: [
      { id: 'site-hoop-1', name: 'De Hoop Brewery, Zwolle', organizationId: 'org-cust' },
      { id: 'site-jansen-1', name: 'Jansen Bakery, Utrecht', organizationId: 'org-cust2' },
    ],
    users: [
      {
        id: 'u-admin',
        name: 'Grace Global',
        email: 'grace@atlas.example',
        organizationId: 'org-global',
        systemRoleId: 'globalAdmin',
        status: 'active',
        invitedBy: null,
      },
      {
        id: 'u-qm',
        name: 'Quinn Quote',
        email: 'quinn@atlas.example',
        organizationId: 'org-cc-nl',
        systemRoleId: 'internalAdminCC',
        status: 'active',
        invitedBy: 'u-admin',
      },
      {
        id: 'u-tech',
        name: 'Tess Technician',
        email: 'tess@atlas.example',
        organizationId: 'org-cc-nl',
        systemRoleId: 'technician',
        status: 'active',
        invitedBy: 'u-qm',
      },
      {
        id: 'u-dist',
        name: 'Dirk Distributor',
        email: 'dirk@vandijk.example',
        organizationId: 'org-dist',
        systemRoleId: 'distributor',
        status: 'active',
        invitedBy: 'u-qm',
      },
      {
        id: 'u-cust',
        name: 'Carla Customer',
        email: 'carla@dehoop.example',
        organizationId: 'org-cust',
        systemRoleId: 'customer',
        status: 'active',
        invitedBy: 'u-dist',
      },
      {
        id: 'u-pending',
        name: 'Piet Pending',
        email: 'piet@jansen.example',
        organizationId: 'org-cust2',
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        requestedRoleId: 'customer',
        createdAt: '2026-11-01T09:00:00Z',
      },
      {
        id: 'u-off',
        name: 'Olga Offboarded',
        email: 'olga@atlas.example',
        organizationId: 'org-cc-nl',
        systemRoleId: 'technician',
        status: 'disabled',
        invitedBy: 'u-qm',
      },
    ],
    projects: [
      { id: 'p-air', name: 'Compressed Air' },
      { id: 'p-vac', name: 'Vacuum' },
    ],
    projectRoles: [
      {
        id: 'pr-full',
        name: 'Service Engineer',
        location: { lat: 52.1, lng: 5.1, zoom: 7 },
        expertMode: false,
        fullAccessUntagged: false,
        tags: [],
        features: {
          assets: { enabled: true, functions: { assets: on(true, true) } },
          tickets: { enabled: true, functions: { augmentedReality: on(true) } },
          dashboards: { enabled: true, functions: { dashboards: on(true), widgets: on(true, true) } },
          engineering: { enabled: true, functions: { usersInOtherLists: on(true) } },
        },
      },
      {
        id: 'pr-tagged',
        name: 'Brewery Viewer',
        location: null,
        expertMode: true,
        fullAccessUntagged: false,
        tags: [{ tag: 'brewery', read: true, write: false }],
        features: {
          assets: { enabled: true, functions: { assets: on(true) } },
          tickets: { enabled: true, functions: {} },
          alarms: { enabled: false, functions: { alarms: on(true) } },
        },
      },
    ],
    memberships: [
      { userId: 'u-tech', projectId: 'p-air', projectRoleId: 'pr-full' },
      { userId: 'u-dist', projectId: 'p-air', projectRoleId: 'pr-tagged' },
      { userId: 'u-cust', projectId: 'p-air', projectRoleId: 'pr-tagged' },
      { userId: 'u-qm', projectId: 'p-vac', projectRoleId: 'pr-full' },
    ],
    assets: [
      { id: 'a-ga37', name: 'GA 37 VSD+ (Hall 1)', projectId: 'p-air', siteId: 'site-hoop-1', tags: ['brewery'] },
      { id: 'a-ga90', name: 'GA 90 (Bottling)', projectId: 'p-air', siteId: 'site-hoop-1', tags: ['bottling'] },
      { id: 'a-zr160', name: 'ZR 160 (Oven line)', projectId: 'p-air', siteId: 'site-jansen-1', tags: [] },
      { id: 'a-gvs', name: 'GHS 585 VSD+', projectId: 'p-vac', siteId: 'site-jansen-1', tags: ['vacuum'] },
      { id: 'a-evil', name: HOSTILE_NAME, projectId: 'p-air', siteId: 'site-hoop-1', tags: ['brewery'] },
    ],
    tickets: [
      { id: 't-1', title: 'Oil leak at the separator', projectId: 'p-air', assetId: 'a-ga37', assigneeId: 'u-tech' },
      { id: 't-2', title: 'Dew point alarm', projectId: 'p-air', assetId: 'a-ga90', assigneeId: 'u-tech' },
      { id: 't-3', title: 'Yearly service visit', projectId: 'p-air', assetId: null, assigneeId: null },
      { id: 't-4', title: 'Vacuum pump noise', projectId: 'p-vac', assetId: 'a-gvs', assigneeId: 'u-qm' },
    ],
  };
}
