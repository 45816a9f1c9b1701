// A platform fleet that carries every payload of the corpus in every kind of string field at once: one organization,
// site, user (name and e-mail), project, project role (name and tag), asset (name and tag) and ticket per payload,
// with the ids drawn from the id-safe payloads too (so ids also collide across collections). A technician reads
// every project; a second asset per project is hidden behind another tag, so its ticket is redacted (expert mode);
// pending registrants give the Quote Manager a queue. Used by the real-browser injection test.
import type { Snapshot } from '../../core/model/snapshot';
import { ID_PAYLOADS, XSS_PAYLOADS } from './xss-payloads';

export const WIDE = { techId: 'u-tech', qmId: 'u-qm', adminId: 'u-admin' } as const;

export function widePayloadFleet(offset = 0): Snapshot {
  const n = XSS_PAYLOADS.length;
  const p = (i: number) => XSS_PAYLOADS[(i + offset) % n];
  const id = (i: number) => ID_PAYLOADS[(i + offset) % ID_PAYLOADS.length];
  const count = Math.min(n, ID_PAYLOADS.length);
  const range = Array.from({ length: count }, (_, i) => i);
  const on = (read: boolean, write: boolean) => ({ read, write });
  return {
    version: 1,
    organizations: [
      { id: 'org-root', name: p(0), type: 'global', parentId: null },
      { id: 'org-cc', name: p(1), type: 'customerCenter', parentId: 'org-root' },
      ...range.map((i) => ({ id: id(i), name: p(i), type: 'customer' as const, parentId: 'org-cc' })),
    ],
    sites: range.map((i) => ({ id: id(i), name: p(i + 1), organizationId: id(i) })),
    users: [
      {
        id: WIDE.adminId,
        name: p(2),
        email: p(3),
        organizationId: 'org-root',
        systemRoleId: 'globalAdmin',
        status: 'active',
        invitedBy: null,
      },
      { id: WIDE.techId, name: p(4), email: p(5), organizationId: 'org-cc', systemRoleId: 'technician', status: 'active', invitedBy: null },
      {
        id: WIDE.qmId,
        name: p(6),
        email: p(7),
        organizationId: 'org-cc',
        systemRoleId: 'internalAdminCC',
        status: 'active',
        invitedBy: null,
      },
      ...range.map((i) =>
        i % 5 === 0
          ? {
              id: id(i),
              name: p(i),
              email: p(i + 2),
              organizationId: id(i),
              systemRoleId: null,
              status: 'pendingVerification' as const,
              invitedBy: null,
              requestedRoleId: 'customer',
              createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
            }
          : {
              id: id(i),
              name: p(i),
              email: p(i + 2),
              organizationId: id(i),
              systemRoleId: 'customer',
              status: 'active' as const,
              invitedBy: WIDE.qmId,
            },
      ),
    ],
    projects: range.map((i) => ({ id: id(i), name: p(i + 3) })),
    projectRoles: range.map((i) => ({
      id: id(i),
      name: p(i + 4),
      location: null,
      expertMode: true,
      fullAccessUntagged: false,
      tags: [{ tag: p(i + 5), read: true, write: i % 2 === 0 }],
      features: {
        assets: { enabled: true, functions: { assets: on(true, true) } },
        tickets: { enabled: true, functions: {} },
        engineering: { enabled: true, functions: { usersInOtherLists: on(true, false) } },
        dashboards: { enabled: i % 3 === 0, functions: { dashboards: on(true, false) } },
      },
    })),
    memberships: range.flatMap((i) => [
      { userId: WIDE.techId, projectId: id(i), projectRoleId: id(i) },
      ...(i % 5 === 0 ? [] : [{ userId: id(i), projectId: id(i), projectRoleId: id((i + 1) % count) }]),
    ]),
    assets: range.flatMap((i) => [
      { id: id(i), name: p(i + 6), projectId: id(i), siteId: id(i), tags: [p(i + 5)] },
      { id: `${id(i)}#hidden`, name: p(i + 7), projectId: id(i), siteId: id(i), tags: [p(i + 8)] },
    ]),
    tickets: range.flatMap((i) => [
      { id: id(i), title: p(i + 9), projectId: id(i), assetId: id(i), assigneeId: i % 5 === 0 ? null : id(i) },
      { id: `${id(i)}#redacted`, title: p(i + 10), projectId: id(i), assetId: `${id(i)}#hidden`, assigneeId: WIDE.qmId },
    ]),
  };
}
