// fast-check arbitraries: small random snapshots that still reach every R3/R4 branch (tag restrictions, scopes with
// org and site lists, dangling ids, inactive users, custom-less default catalog). Exported for other test suites.
// Inconsistent data of SPEC §7 on purpose: parent loops (self-loops too), parents, site and user organizations that
// name no organization, assets on unknown sites and in unknown projects, memberships and tickets in unknown
// projects, assignees that name no user, scope lists naming ids that only references hold.
import fc from 'fast-check';
import { ORG_TYPES } from '../../core/model/catalog';
import type { Asset, Membership, Organization, ProjectRole, Site, Snapshot, Ticket, User } from '../../core/model/snapshot';

export const TAG_POOL = ['tag-A', 'tag-B', 'tag-C', 'tag-D'] as const;
/** Asset names no other string of a snapshot contains (for "the asset's name never leaks" properties). */
export const secretAssetName = (i: number) => `Zq-Secret-Asset-${i}-Name`;

const pairArb = fc.constantFrom({ read: false, write: false }, { read: true, write: false }, { read: true, write: true });
const SYSTEM_ROLE_CHOICES = [
  null,
  'globalAdmin',
  'technician',
  'distributor',
  'customer',
  'localDiagnosticEngineer',
  'internalAdminCC',
  'pcInternal',
  'no-such-role',
] as const;

// Weighted so that most evaluations get past status, scope and membership and reach the role's own steps.
const mostly = (p: number) => fc.integer({ min: 1, max: 100 }).map((x) => x <= p);
const readPairArb = fc.constantFrom(
  { read: false, write: false },
  { read: true, write: false },
  { read: true, write: false },
  { read: true, write: true },
  { read: true, write: true },
);

const roleArb = fc.record({
  assetsEnabled: mostly(80),
  assets: readPairArb,
  ticketsEnabled: mostly(75),
  engineeringEnabled: fc.boolean(),
  usersInOtherLists: pairArb,
  dashboards: pairArb,
  tags: fc.subarray([...TAG_POOL]).chain((tags) => fc.tuple(...tags.map((t) => readPairArb.map((p) => ({ tag: t, ...p }))))),
  fullAccessUntagged: fc.boolean(),
  expertMode: fc.boolean(),
});

const scopeArb = (nOrgs: number, nSites: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          organizationIds: fc.subarray([...Array.from({ length: nOrgs }, (_, i) => `org-${i}`), 'org-missing', 'org-gone']),
          siteIds: fc.subarray([...Array.from({ length: nSites }, (_, i) => `site-${i}`), 'site-missing']),
        },
        { requiredKeys: [] },
      ),
    },
  );

export interface SnapshotArbOptions {
  maxUsers?: number;
  maxAssets?: number;
}

export function snapshotArb(opts: SnapshotArbOptions = {}): fc.Arbitrary<Snapshot> {
  const sizes = fc.record({
    orgs: fc.integer({ min: 1, max: 6 }),
    sites: fc.integer({ min: 1, max: 4 }),
    users: fc.integer({ min: 1, max: opts.maxUsers ?? 4 }),
    projects: fc.integer({ min: 1, max: 2 }),
    roles: fc.integer({ min: 1, max: 3 }),
    assets: fc.integer({ min: 1, max: opts.maxAssets ?? 5 }),
    tickets: fc.integer({ min: 0, max: 4 }),
  });
  return sizes.chain((n) => {
    const fixed = <T>(arb: fc.Arbitrary<T>, len: number) => fc.array(arb, { minLength: len, maxLength: len });
    return fc
      .record({
        // parent: a tree link (an earlier org), any org (loops, self-loops), or an id no organization has
        orgs: fixed(
          fc.record({
            type: fc.constantFrom(...ORG_TYPES),
            parent: fc.nat(),
            link: fc.constantFrom('tree', 'tree', 'tree', 'tree', 'tree', 'any', 'any', 'gone'),
          }),
          n.orgs,
        ),
        rootParent: fc.constantFrom('none', 'none', 'none', 'none', 'any', 'gone'),
        // -1: an organization id no organization has
        sites: fixed(fc.oneof({ weight: 8, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) }), n.sites),
        users: fixed(
          fc.record({
            org: fc.oneof(
              { weight: 2, arbitrary: fc.constant(0) },
              { weight: 4, arbitrary: fc.nat() },
              { weight: 1, arbitrary: fc.constant(-1) },
            ),
            systemRoleId: fc.constantFrom(...SYSTEM_ROLE_CHOICES),
            status: fc.constantFrom('active', 'active', 'active', 'active', 'active', 'active', 'disabled', 'pendingVerification'),
            scope: scopeArb(n.orgs, n.sites),
          }),
          n.users,
        ),
        roles: fixed(roleArb, n.roles),
        // per user × project: -1 none, -2 dangling role id, else role index
        // the last "project" of each user is one no project record has (prj-missing)
        memberships: fixed(
          fc.oneof(
            { weight: 5, arbitrary: fc.integer({ min: 0, max: n.roles - 1 }) },
            { weight: 2, arbitrary: fc.constant(-1) },
            { weight: 1, arbitrary: fc.constant(-2) },
          ),
          n.users * (n.projects + 1),
        ),
        assets: fixed(
          fc.record({
            project: fc.oneof(
              { weight: 12, arbitrary: fc.integer({ min: 0, max: n.projects - 1 }) },
              { weight: 1, arbitrary: fc.constant(-1) },
            ),
            site: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: n.sites - 1 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
            tags: fc.subarray([...TAG_POOL]),
          }),
          n.assets,
        ),
        tickets: fixed(
          fc.record({
            // -1: a project id no project has
            project: fc.oneof({ weight: 8, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) }),
            // -1: no asset; -2: an asset id the snapshot does not hold
            asset: fc.oneof(
              { weight: 12, arbitrary: fc.integer({ min: 0, max: n.assets - 1 }) },
              { weight: 2, arbitrary: fc.constant(-1) },
              { weight: 1, arbitrary: fc.constant(-2) },
            ),
            // -1: none; -2: a user id no user has
            assignee: fc.integer({ min: -2, max: n.users - 1 }),
          }),
          n.tickets,
        ),
      })
      .map((r): Snapshot => {
        const organizations: Organization[] = r.orgs.map((o, i) => ({
          id: `org-${i}`,
          name: `Organization ${i}`,
          // the first org is the fleet's root and of type global, like the platform's (unless a loop or a dangling
          // parent takes that from it)
          type: i === 0 ? 'global' : o.type,
          parentId:
            i === 0
              ? r.rootParent === 'none'
                ? null
                : r.rootParent === 'gone'
                  ? 'org-gone'
                  : `org-${o.parent % n.orgs}`
              : o.link === 'gone'
                ? 'org-gone'
                : o.link === 'any'
                  ? `org-${o.parent % n.orgs}`
                  : `org-${o.parent % i}`,
        }));
        const sites: Site[] = r.sites.map((o, i) => ({
          id: `site-${i}`,
          name: `Site ${i}`,
          organizationId: o < 0 ? 'org-gone' : `org-${o % n.orgs}`,
        }));
        const users: User[] = r.users.map((u, i) => ({
          id: `u-${i}`,
          name: `User ${i}`,
          email: `u${i}@example.test`,
          organizationId: u.org < 0 ? 'org-gone' : `org-${u.org % n.orgs}`,
          systemRoleId: u.systemRoleId,
          status: u.status,
          invitedBy: null,
          ...(u.scope !== undefined ? { scope: u.scope } : {}),
        }));
        const projectRoles: ProjectRole[] = r.roles.map((x, i) => ({
          id: `pr-${i}`,
          name: `Project role ${i}`,
          location: null,
          expertMode: x.expertMode,
          fullAccessUntagged: x.fullAccessUntagged,
          tags: x.tags,
          features: {
            assets: { enabled: x.assetsEnabled, functions: { assets: x.assets } },
            tickets: { enabled: x.ticketsEnabled, functions: {} },
            engineering: { enabled: x.engineeringEnabled, functions: { usersInOtherLists: x.usersInOtherLists } },
            dashboards: { enabled: true, functions: { widgets: x.dashboards } },
          },
        }));
        const memberships: Membership[] = [];
        for (let u = 0; u < n.users; u++)
          for (let p = 0; p <= n.projects; p++) {
            const m = r.memberships[u * (n.projects + 1) + p];
            if (m === -1) continue;
            const projectId = p === n.projects ? 'prj-missing' : `prj-${p}`;
            memberships.push({ userId: `u-${u}`, projectId, projectRoleId: m === -2 ? 'pr-missing' : `pr-${m}` });
          }
        const assets: Asset[] = r.assets.map((a, i) => ({
          id: `ast-${i}`,
          name: secretAssetName(i),
          projectId: a.project < 0 ? 'prj-missing' : `prj-${a.project}`,
          siteId: a.site < 0 ? 'site-missing' : `site-${a.site}`,
          tags: a.tags,
        }));
        const tickets: Ticket[] = r.tickets.map((t, i) => ({
          id: `tkt-${i}`,
          title: `Ticket ${i}`,
          projectId: t.project < 0 ? 'prj-missing' : `prj-${t.project % n.projects}`,
          assetId: t.asset === -1 ? null : t.asset === -2 ? 'ast-missing' : `ast-${t.asset}`,
          assigneeId: t.assignee === -1 ? null : t.assignee === -2 ? 'u-ghost' : `u-${t.assignee}`,
        }));
        return {
          version: 1,
          organizations,
          sites,
          users,
          projects: Array.from({ length: n.projects }, (_, i) => ({ id: `prj-${i}`, name: `Project ${i}` })),
          projectRoles,
          memberships,
          assets,
          tickets,
        };
      });
  });
}
