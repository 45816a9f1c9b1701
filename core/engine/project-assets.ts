// Assets and members grouped by project key (CSR, snapshot order within a project): "all visible assets of one user"
// then walks only the projects the user holds a role in instead of every asset of the fleet, and "who can see one
// asset" only the members of its project and the Global Admins instead of every user. Derived from the compiled fleet on
// first use and kept beside it (a WeakMap keyed by the fleet object): a fleet is never changed in place, a changed
// snapshot is compiled into a new fleet, which starts without one.
import type { Fleet } from './fleet';
import { groupByKey } from './group-by-key';

export interface ProjectAssets {
  /** Assets of project key p: list[start[p] .. start[p+1]), ascending asset index. */
  start: Int32Array;
  list: Int32Array;
  /** Users with a membership (first per project) in project key p: members[memberStart[p] .. memberStart[p+1]),
   * ascending user index. "Who can see one asset" asks only them and the Global Admins. */
  memberStart: Int32Array;
  members: Int32Array;
  /** Active Global Admins, ascending user index (they see every asset). */
  admins: Int32Array;
  /** Each asset's id, by asset index: a dense copy the list views read instead of each record object. */
  assetIds: string[];
}

const memo = new WeakMap<Fleet, ProjectAssets>();

export function projectAssets(fleet: Fleet): ProjectAssets {
  let index = memo.get(fleet);
  if (!index) memo.set(fleet, (index = buildProjectAssets(fleet)));
  return index;
}

/** Asset and member indexes by project key: linear, and ascending within each project. */
function buildProjectAssets(fleet: Fleet): ProjectAssets {
  const P = fleet.projectKeyIds.length;
  const { start, list } = groupByKey(fleet.assetProject, P);

  const U = fleet.users.length;
  const memberStart = new Int32Array(P + 1);
  for (let i = 0; i < fleet.memberProject.length; i++) memberStart[fleet.memberProject[i] + 1]++;
  for (let p = 0; p < P; p++) memberStart[p + 1] += memberStart[p];
  const memberFill = memberStart.slice(0, P);
  const members = new Int32Array(fleet.memberProject.length);
  // users in ascending order, so each project's members come out ascending
  for (let u = 0; u < U; u++)
    for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++) members[memberFill[fleet.memberProject[i]]++] = u;
  const admins: number[] = [];
  for (let u = 0; u < U; u++) if (fleet.users[u].active && fleet.users[u].isGlobalAdmin) admins.push(u);
  const assetIds = fleet.assetIds;
  return { start, list, memberStart, members, admins: Int32Array.from(admins), assetIds };
}
