// How the readable output names records: "Name (id)", falling back to the id alone.
import { type Fleet, names } from '../core/engine/fleet';
import { roleLabel } from '../core/wording/roles';
import { nameWithId } from './text';

export const userText = (f: Fleet, id: string) => nameWithId(names.user(f, id), id);
export const assetText = (f: Fleet, id: string) => {
  const i = f.assetIndex.get(id);
  return nameWithId(i === undefined ? id : f.assetNames[i], id);
};
export const orgText = (f: Fleet, id: string) => {
  const i = f.orgIndex.get(id);
  return i === undefined ? id : `${nameWithId(f.snapshot.organizations[i].name, id)}, ${f.snapshot.organizations[i].type}`;
};
export const projectText = (f: Fleet, id: string) => nameWithId(names.project(f, id), id);
export const projectRoleText = (f: Fleet, id: string) => nameWithId(names.projectRole(f, id), id);

/** "Technician (level 3)" for a catalog role id; the id alone when the catalog does not hold it. */
export const systemRoleText = (f: Fleet, id: string | null) => {
  if (id === null) return 'no system role';
  const i = f.systemRoleIndex.get(id);
  return i === undefined ? `${id} (not in the catalog)` : roleLabel(f.systemRoles[i]);
};

/** The user with their system role: "Quinn Manager (u-qm), Internal Admin CC (Quote Manager, level 2)". */
export const userWithRole = (f: Fleet, id: string) => {
  const i = f.userIndex.get(id);
  const roleId = i === undefined ? null : f.snapshot.users[i].systemRoleId;
  return `${userText(f, id)}, ${systemRoleText(f, roleId)}`;
};
