// What both peers need from a snapshot before they can state a rule: records by id and each user's memberships.
// Lookups, and R1 read off a role record; the R3 access rules live in the peer that states them (casl.ts, casbin.ts).
import { systemRolesOf, type Membership, type Organization, type ProjectRole, type Site, type Snapshot } from '../../core/model/snapshot';

export interface SnapshotRecords {
  orgById: Map<string, Organization>;
  siteById: Map<string, Site>;
  roleById: Map<string, ProjectRole>;
  projectIds: Set<string>;
  /** A user's memberships, the first per project; project ids as given (SPEC §7: the project may be unknown). */
  membershipsOf: (userId: string) => readonly Membership[];
  /** The system-role catalog in force has a `globalAdmin` role. */
  hasGlobalAdmin: boolean;
}

const firstById = <T extends { id: string }>(records: readonly T[]) => {
  const m = new Map<string, T>();
  for (const r of records) if (!m.has(r.id)) m.set(r.id, r);
  return m;
};

export function snapshotRecords(snapshot: Snapshot): SnapshotRecords {
  const projectIds = new Set(snapshot.projects.map((p) => p.id));
  const byUser = new Map<string, Membership[]>();
  for (const m of snapshot.memberships) {
    let list = byUser.get(m.userId);
    if (!list) byUser.set(m.userId, (list = []));
    if (!list.some((x) => x.projectId === m.projectId)) list.push(m);
  }
  return {
    orgById: firstById(snapshot.organizations),
    siteById: firstById(snapshot.sites),
    roleById: firstById(snapshot.projectRoles),
    projectIds,
    membershipsOf: (userId) => byUser.get(userId) ?? [],
    hasGlobalAdmin: systemRolesOf(snapshot).some((r) => r.id === 'globalAdmin'),
  };
}

/**
 * The organization ids `orgId` lies under, nearest first (SPEC §7): itself, then parent ids followed by id — an
 * unknown id included, where the chain ends — until one repeats (a loop: every member is on the path).
 */
export function orgAncestry(orgById: Map<string, Organization>, orgId: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null = orgId; id !== null && !seen.has(id); id = orgById.get(id)?.parentId ?? null) {
    seen.add(id);
    path.push(id);
  }
  return path;
}

/** R1 for the Assets function of a role: the group's switch and the function's read/write toggles. */
export function assetsFunctionOf(role: ProjectRole): { read: boolean; write: boolean } {
  const group = Object.hasOwn(role.features, 'assets') ? role.features.assets : undefined;
  const fn = group?.enabled && Object.hasOwn(group.functions, 'assets') ? group.functions.assets : undefined;
  const read = fn?.read === true;
  return { read, write: read && fn?.write === true };
}

/**
 * Positions of records by their project id, ascending: the index a database keeps on the project column, which the
 * peers' list queries go through (assets of the user's projects, members of the asset's project).
 */
export function indexByProject<T>(records: readonly T[], projectOf: (record: T) => string): Map<string, number[]> {
  const byProject = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    const p = projectOf(records[i]);
    let list = byProject.get(p);
    if (!list) byProject.set(p, (list = []));
    list.push(i);
  }
  return byProject;
}
