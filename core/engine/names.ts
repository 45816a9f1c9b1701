// Display names for the explain layer: a record's name looked up by id in the compiled fleet. Reads only the
// fleet's data (a type from the fleet-types leaf), so wording may use it without importing the engine.
import type { Fleet } from './fleet-types';
import { snapshotRecord, type TextCollection } from './lazy-snapshot';

/** Display names for wording: the record's name, falling back to its id when the record is unknown or unnamed. */
export const names = {
  user: (f: Fleet, id: string) => recordName(f, 'users', f.userIndex, id),
  organization: (f: Fleet, id: string) => recordName(f, 'organizations', f.orgIndex, id),
  site: (f: Fleet, id: string) => recordName(f, 'sites', f.siteIndex, id),
  project: (f: Fleet, id: string) => recordName(f, 'projects', f.projectIndex, id),
  projectRole: (f: Fleet, id: string) => recordName(f, 'projectRoles', f.projectRoleIndex, id),
  systemRole: (f: Fleet, id: string) => {
    const i = f.systemRoleIndex.get(id);
    return nameOf(i === undefined ? undefined : f.systemRoles[i], id);
  },
};
// one record read alone (snapshotRecord): a name needs no whole collection of a fleet loaded from its image
function recordName(
  f: Fleet,
  collection: Exclude<TextCollection, 'systemRoles' | 'memberships' | 'tickets'>,
  index: Map<string, number>,
  id: string,
): string {
  const i = index.get(id);
  return nameOf(i === undefined ? undefined : snapshotRecord(f.snapshot, collection, i), id);
}
function nameOf(record: { name: string } | undefined, id: string): string {
  const n = record === undefined ? '' : record.name;
  return n.trim() === '' ? id : n;
}
