// R11 lint: data that is valid by schema but does not mean what its author probably thinks. Each problem has a
// stable code and the path of the record (and field) it is about, e.g. `memberships[3].projectId`.
//
// Decisions (SPEC leaves them open):
// - A record that loses to an earlier record with the same id (DUPLICATE_ID, first wins) gets no other problem:
//   the engine ignores it, so its other faults change nothing.
// - ORGANIZATION_CYCLE (SPEC §7): organizations whose parent chain loops. Reported once per loop, at the `parentId`
//   of the loop's member that comes first in the snapshot. The rules read a loop literally (core/engine/fleet.ts):
//   every member lies under every other member, and so does everything below any of them.
// - TAG_UNUSED: no asset of the snapshot carries the tag (any project): a tag can be about to be used elsewhere,
//   but a tag nobody carries is the common typo ("Pump" vs "pump"). Path: the tag field, `projectRoles[i].tags[j].tag`.
// - REGISTRANT_UNVERIFIABLE: also when Quote Managers have the registrant in scope but none of them may give it
//   any role (verifying is assigning a role, R8), and when the registrant's organization does not exist.
// - INTERNAL_USER_AUDIENCE_MISMATCH checks the catalog in force; the default catalog has no such mismatch, so in
//   practice it fires on a snapshot's own `systemRoles`. Path: `systemRoles[i].permissions`.
// - Order: collection by collection (snapshot order of collections), record by record.
import { COLLECTION_NAMES, systemRolesOf, type CollectionName, type Snapshot } from '../model/snapshot';
import type { LintFinding, LintResult, Named, ReferenceTarget } from './lint-types';
import { compileFleet, type Fleet } from './fleet';
import { allVerifiers, registrantVerifiability } from './verify-queue';

export { LINT_CODES } from './lint-types';
export type { LintFinding, LintResult } from './lint-types';

type Record_ = { id?: string; name?: string };

/** Index of the first record with each id (first wins, as everywhere in the engine). */
function firstIndexById(records: readonly Record_[]): Map<string, number> {
  const map = new Map<string, number>();
  records.forEach((r, i) => {
    if (r.id !== undefined && !map.has(r.id)) map.set(r.id, i);
  });
  return map;
}

function named(r: { id: string; name: string }): Named {
  return { id: r.id, name: r.name };
}

/** `fleet` compiles the snapshot when a rule needs it (registrants); pass one in to reuse a compiled fleet. */
export function lintFindings(snapshot: Snapshot, fleet: () => Fleet = () => compileFleet(snapshot)): LintFinding[] {
  const findings: LintFinding[] = [];
  const catalog = systemRolesOf(snapshot);
  const index = {
    organization: firstIndexById(snapshot.organizations),
    site: firstIndexById(snapshot.sites),
    systemRole: firstIndexById(catalog),
    user: firstIndexById(snapshot.users),
    project: firstIndexById(snapshot.projects),
    projectRole: firstIndexById(snapshot.projectRoles),
    asset: firstIndexById(snapshot.assets),
    ticket: firstIndexById(snapshot.tickets),
  } satisfies Record<ReferenceTarget, Map<string, number>>;
  const indexOfCollection: Partial<Record<CollectionName, Map<string, number>>> = {
    organizations: index.organization,
    sites: index.site,
    systemRoles: snapshot.systemRoles ? index.systemRole : undefined,
    users: index.user,
    projects: index.project,
    projectRoles: index.projectRole,
    assets: index.asset,
    tickets: index.ticket,
  };

  /** False for a record that lost to an earlier one with its id; reports it once. */
  const isWinner = (collection: CollectionName, i: number, id: string): boolean => {
    const first = indexOfCollection[collection]?.get(id);
    if (first === undefined || first === i) return true;
    findings.push({ code: 'DUPLICATE_ID', path: `${collection}[${i}].id`, collection, id, firstPath: `${collection}[${first}]` });
    return false;
  };

  const ref = (path: string, recordLabel: string, target: ReferenceTarget, id: string | null | undefined) => {
    if (id === null || id === undefined) return;
    if (!index[target].has(id)) findings.push({ code: 'DANGLING_REFERENCE', path, recordLabel, target, targetId: id });
  };

  // Tags that some (non-duplicate) asset carries, and project roles used in some project: as R10's "Used in
  // projects", a membership counts when its project exists (a membership of a duplicate role id uses the winner).
  const carriedTags = new Set(snapshot.assets.filter((a, i) => index.asset.get(a.id) === i).flatMap((a) => a.tags));
  const usedProjectRoles = new Set(snapshot.memberships.filter((m) => index.project.has(m.projectId)).map((m) => m.projectRoleId));

  for (const collection of COLLECTION_NAMES) {
    switch (collection) {
      case 'organizations': {
        const cycleFindings = organizationCycles(snapshot, index.organization);
        snapshot.organizations.forEach((o, i) => {
          if (!isWinner('organizations', i, o.id)) return;
          ref(`organizations[${i}].parentId`, `organization "${o.id}"`, 'organization', o.parentId);
          const cycle = cycleFindings.get(i);
          if (cycle) findings.push(cycle);
        });
        break;
      }
      case 'sites':
        snapshot.sites.forEach((s, i) => {
          if (!isWinner('sites', i, s.id)) return;
          ref(`sites[${i}].organizationId`, `site "${s.id}"`, 'organization', s.organizationId);
        });
        break;
      case 'systemRoles':
        catalog.forEach((r, i) => {
          if (snapshot.systemRoles && !isWinner('systemRoles', i, r.id)) return;
          const hasInternalUser = r.permissions.includes('internalUser');
          if (hasInternalUser !== (r.audience === 'internal')) {
            findings.push({
              code: 'INTERNAL_USER_AUDIENCE_MISMATCH',
              path: `systemRoles[${i}].permissions`,
              role: { ...named(r), level: r.level, audience: r.audience },
              hasInternalUser,
            });
          }
        });
        break;
      case 'users':
        snapshot.users.forEach((u, i) => {
          if (!isWinner('users', i, u.id)) return;
          const label = `user "${u.id}"`;
          ref(`users[${i}].organizationId`, label, 'organization', u.organizationId);
          ref(`users[${i}].systemRoleId`, label, 'systemRole', u.systemRoleId);
          ref(`users[${i}].invitedBy`, label, 'user', u.invitedBy);
          ref(`users[${i}].requestedRoleId`, label, 'systemRole', u.requestedRoleId);
          u.scope?.organizationIds?.forEach((id, j) => ref(`users[${i}].scope.organizationIds[${j}]`, label, 'organization', id));
          u.scope?.siteIds?.forEach((id, j) => ref(`users[${i}].scope.siteIds[${j}]`, label, 'site', id));
          const roleIdx = u.systemRoleId === null ? undefined : index.systemRole.get(u.systemRoleId);
          const orgIdx = index.organization.get(u.organizationId);
          if (roleIdx !== undefined && orgIdx !== undefined) {
            const role = catalog[roleIdx];
            const org = snapshot.organizations[orgIdx];
            if (!role.orgTypes.includes(org.type)) {
              findings.push({
                code: 'SYSTEM_ROLE_NOT_FOR_ORG_TYPE',
                path: `users[${i}].systemRoleId`,
                user: named(u),
                role: { ...named(role), level: role.level, orgTypes: [...role.orgTypes] },
                organization: { ...named(org), type: org.type },
              });
            }
          }
        });
        break;
      case 'projects':
        snapshot.projects.forEach((p, i) => void isWinner('projects', i, p.id));
        break;
      case 'projectRoles':
        snapshot.projectRoles.forEach((r, i) => {
          if (!isWinner('projectRoles', i, r.id)) return;
          if (r.fullAccessUntagged && r.tags.length === 0) {
            findings.push({ code: 'UNTAGGED_ACCESS_NO_EFFECT', path: `projectRoles[${i}].fullAccessUntagged`, role: named(r) });
          }
          r.tags.forEach((t, j) => {
            if (!carriedTags.has(t.tag))
              findings.push({ code: 'TAG_UNUSED', path: `projectRoles[${i}].tags[${j}].tag`, role: named(r), tag: t.tag });
          });
          if (!usedProjectRoles.has(r.id)) findings.push({ code: 'PROJECT_ROLE_UNUSED', path: `projectRoles[${i}]`, role: named(r) });
        });
        break;
      case 'memberships':
        snapshot.memberships.forEach((m, i) => {
          const label = `membership of user "${m.userId}" in project "${m.projectId}"`;
          ref(`memberships[${i}].userId`, label, 'user', m.userId);
          ref(`memberships[${i}].projectId`, label, 'project', m.projectId);
          ref(`memberships[${i}].projectRoleId`, label, 'projectRole', m.projectRoleId);
        });
        break;
      case 'assets':
        snapshot.assets.forEach((a, i) => {
          if (!isWinner('assets', i, a.id)) return;
          ref(`assets[${i}].projectId`, `asset "${a.id}"`, 'project', a.projectId);
          ref(`assets[${i}].siteId`, `asset "${a.id}"`, 'site', a.siteId);
        });
        break;
      case 'tickets':
        snapshot.tickets.forEach((t, i) => {
          if (!isWinner('tickets', i, t.id)) return;
          ref(`tickets[${i}].projectId`, `ticket "${t.id}"`, 'project', t.projectId);
          ref(`tickets[${i}].assetId`, `ticket "${t.id}"`, 'asset', t.assetId);
          ref(`tickets[${i}].assigneeId`, `ticket "${t.id}"`, 'user', t.assigneeId);
        });
        break;
    }
  }

  // Registrants need the compiled fleet (scopes, levels); placed after the other user problems would scatter them,
  // so they are merged back in by path order below.
  const registrantFindings = unverifiableRegistrants(snapshot, fleet, index.organization, index.user);
  return mergeByRecord(findings, registrantFindings);
}

/** Loops in the organization tree, keyed by the index of the loop member that comes first in the snapshot. */
function organizationCycles(snapshot: Snapshot, orgIndex: Map<string, number>): Map<number, LintFinding> {
  const out = new Map<number, LintFinding>();
  const orgs = snapshot.organizations;
  const state = new Uint8Array(orgs.length); // 0 unseen, 1 on the current walk, 2 done
  for (let start = 0; start < orgs.length; start++) {
    if (state[start] !== 0 || orgIndex.get(orgs[start].id) !== start) continue;
    const walk: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      const parentId: string | null = orgs[at].parentId;
      at = parentId === null ? undefined : orgIndex.get(parentId);
    }
    if (at !== undefined && state[at] === 1) {
      const loop = walk.slice(walk.indexOf(at));
      const first = Math.min(...loop);
      // List the loop from its first member, following parents, and back to it.
      const k = loop.indexOf(first);
      const ordered = [...loop.slice(k), ...loop.slice(0, k), first];
      out.set(first, { code: 'ORGANIZATION_CYCLE', path: `organizations[${first}].parentId`, cycle: ordered.map((j) => named(orgs[j])) });
    }
    for (const j of walk) state[j] = 2;
  }
  return out;
}

function unverifiableRegistrants(
  snapshot: Snapshot,
  getFleet: () => Fleet,
  orgIndex: Map<string, number>,
  userIndex: Map<string, number>,
): LintFinding[] {
  const registrants = snapshot.users.filter(
    (u, i) => u.status === 'pendingVerification' && u.systemRoleId === null && userIndex.get(u.id) === i,
  );
  if (registrants.length === 0) return [];
  const fleet = getFleet();
  const verifiers = allVerifiers(fleet);
  const out: LintFinding[] = [];
  snapshot.users.forEach((u, i) => {
    if (u.status !== 'pendingVerification' || u.systemRoleId !== null || userIndex.get(u.id) !== i) return;
    const orgIdx = orgIndex.get(u.organizationId);
    const org = orgIdx === undefined ? null : snapshot.organizations[orgIdx];
    const organization = org ? { ...named(org), type: org.type } : null;
    const base = { code: 'REGISTRANT_UNVERIFIABLE' as const, path: `users[${i}]`, user: named(u), organization };
    if (!org) {
      out.push({ ...base, reason: 'unknownOrganization', verifierCount: 0 });
      return;
    }
    const v = registrantVerifiability(fleet, i, verifiers);
    if (v.verifiers.length === 0) out.push({ ...base, reason: 'noVerifier', verifierCount: 0 });
    else if (!v.anyCanAssign) out.push({ ...base, reason: 'noAssignableRole', verifierCount: v.verifiers.length });
  });
  return out;
}

/** Record order of a path: collection order, then index. */
function pathKey(path: string): [number, number] {
  const m = /^(\w+)\[(\d+)\]/.exec(path);
  if (!m) return [COLLECTION_NAMES.length, 0];
  return [COLLECTION_NAMES.indexOf(m[1] as CollectionName), Number(m[2])];
}

function mergeByRecord(a: LintFinding[], b: LintFinding[]): LintFinding[] {
  // Stable: within one record, a's problems keep their order and come before b's.
  const tagged = [...a.map((f, k) => ({ f, k })), ...b.map((f, k) => ({ f, k: a.length + k }))];
  tagged.sort((x, y) => {
    const [cx, ix] = pathKey(x.f.path);
    const [cy, iy] = pathKey(y.f.path);
    return cx - cy || ix - iy || x.k - y.k;
  });
  return tagged.map((t) => t.f);
}

export function lint(snapshot: Snapshot, fleet?: () => Fleet): LintResult {
  return {
    problems: lintFindings(snapshot, fleet),
  };
}
