// Display names for the explain layer: a record's name looked up by id in the compiled fleet. Reads only the
// fleet's data (a type from the fleet-types leaf), so wording may use it without importing the engine.
import type { Fleet } from './fleet-types';

/** Display names for wording: the record's name, falling back to its id when the record is unknown or unnamed. */
export const names = {
  user: (f: Fleet, id: string) => nameIn(f.snapshot.users, f.userIndex, id),
  organization: (f: Fleet, id: string) => nameIn(f.snapshot.organizations, f.orgIndex, id),
  site: (f: Fleet, id: string) => nameIn(f.snapshot.sites, f.siteIndex, id),
  project: (f: Fleet, id: string) => nameIn(f.snapshot.projects, f.projectIndex, id),
  projectRole: (f: Fleet, id: string) => nameIn(f.snapshot.projectRoles, f.projectRoleIndex, id),
  systemRole: (f: Fleet, id: string) => nameIn(f.systemRoles, f.systemRoleIndex, id),
};
function nameIn(records: readonly { id: string; name: string }[], index: Map<string, number>, id: string): string {
  const i = index.get(id);
  const n = i === undefined ? '' : records[i].name;
  return n.trim() === '' ? id : n;
}
