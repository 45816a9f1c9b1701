// A small fleet whose every string field — ids included — is drawn by the caller: the XSS tests fill it with
// payloads, and with plain words for a benign twin of the same shape. The shape mirrors the panel's fixture
// (test/components/fixture.ts): a technician who reads one tag (expert mode on), a Quote Manager, a global admin,
// a customer and a pending registrant, so every view has something to show.
import type { Snapshot } from '../../core/model/snapshot';

export interface PayloadFleet {
  snapshot: Snapshot;
  /** The technician: the user the tests inspect. */
  techId: string;
  qmId: string;
  pendingId: string;
  projectIds: string[];
  assetIds: string[];
  ticketIds: string[];
  /** Every string placed in the fleet, in slot order. */
  placed: string[];
}

/**
 * `text(slot)` gives the string for slot number `slot` of a free-text field, `id(slot)` for an id field. Slots are
 * numbered in one sequence, so a caller can rotate a corpus through every field. Ids within a collection must
 * come out distinct (the caller's job: distinct slots, distinct strings).
 */
export function payloadFleet(text: (slot: number) => string, id: (slot: number) => string): PayloadFleet {
  let slot = 0;
  const placed: string[] = [];
  const t = () => {
    const s = text(slot++);
    placed.push(s);
    return s;
  };
  const i = () => {
    const s = id(slot++);
    placed.push(s);
    return s;
  };
  const [orgG, orgCc, orgCust] = [i(), i(), i()];
  const [site1, site2] = [i(), i()];
  const [uAdmin, uTech, uQm, uCust, uNew] = [i(), i(), i(), i(), i()];
  const [p1, p2] = [i(), i()];
  const [prRead, prOps] = [i(), i()];
  const [tagRead, tagOther] = [t(), t()];
  const [aRead, aOther, aDepot, aFourth] = [i(), i(), i(), i()];
  const [tk1, tk2, tk3] = [i(), i(), i()];
  const fn = (read: boolean, write: boolean) => ({ read, write });
  const snapshot: Snapshot = {
    version: 1,
    organizations: [
      { id: orgG, name: t(), type: 'global', parentId: null },
      { id: orgCc, name: t(), type: 'customerCenter', parentId: orgG },
      { id: orgCust, name: t(), type: 'customer', parentId: orgCc },
    ],
    sites: [
      { id: site1, name: t(), organizationId: orgCust },
      { id: site2, name: t(), organizationId: orgCc },
    ],
    users: [
      { id: uAdmin, name: t(), email: t(), organizationId: orgG, systemRoleId: 'globalAdmin', status: 'active', invitedBy: null },
      { id: uTech, name: t(), email: t(), organizationId: orgCc, systemRoleId: 'technician', status: 'active', invitedBy: uQm },
      { id: uQm, name: t(), email: t(), organizationId: orgCc, systemRoleId: 'internalAdminCC', status: 'active', invitedBy: null },
      { id: uCust, name: t(), email: t(), organizationId: orgCust, systemRoleId: 'customer', status: 'active', invitedBy: null },
      {
        id: uNew,
        name: t(),
        email: t(),
        organizationId: orgCust,
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        requestedRoleId: 'customer',
        createdAt: '2026-01-02T10:00:00Z',
      },
    ],
    projects: [
      { id: p1, name: t() },
      { id: p2, name: t() },
    ],
    projectRoles: [
      {
        id: prRead,
        name: t(),
        location: { lat: 52.5, lng: 13.4, zoom: 11 },
        expertMode: true,
        fullAccessUntagged: false,
        tags: [{ tag: tagRead, read: true, write: false }],
        features: {
          assets: { enabled: true, functions: { assets: fn(true, true) } },
          tickets: { enabled: true, functions: {} },
          engineering: { enabled: true, functions: { usersInOtherLists: fn(true, false) } },
          dashboards: { enabled: true, functions: { dashboards: fn(true, false) } },
        },
      },
      {
        id: prOps,
        name: t(),
        location: null,
        expertMode: false,
        fullAccessUntagged: true,
        tags: [],
        features: { assets: { enabled: true, functions: { assets: fn(true, true) } }, tickets: { enabled: true, functions: {} } },
      },
    ],
    memberships: [
      { userId: uTech, projectId: p1, projectRoleId: prRead },
      { userId: uQm, projectId: p1, projectRoleId: prOps },
      { userId: uQm, projectId: p2, projectRoleId: prOps },
      { userId: uCust, projectId: p1, projectRoleId: prRead },
    ],
    assets: [
      { id: aRead, name: t(), projectId: p1, siteId: site1, tags: [tagRead] },
      { id: aOther, name: t(), projectId: p1, siteId: site1, tags: [tagOther] },
      { id: aDepot, name: t(), projectId: p2, siteId: site2, tags: [] },
      { id: aFourth, name: t(), projectId: p1, siteId: site1, tags: [tagRead, tagOther] },
    ],
    tickets: [
      { id: tk1, title: t(), projectId: p1, assetId: aRead, assigneeId: uQm },
      { id: tk2, title: t(), projectId: p1, assetId: aOther, assigneeId: uTech },
      { id: tk3, title: t(), projectId: p1, assetId: null, assigneeId: null },
    ],
  };
  return {
    snapshot,
    techId: uTech,
    qmId: uQm,
    pendingId: uNew,
    projectIds: [p1, p2],
    assetIds: [aRead, aOther, aDepot, aFourth],
    ticketIds: [tk1, tk2, tk3],
    placed,
  };
}
