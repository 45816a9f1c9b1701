// Project facts for the panel: the engine's projectFeatures (R1, R10, §6 menu) joined with the role record's
// stored settings (tags, expert mode, untagged access, switches) and the catalog's labels.
import { names, projectFeatures, type Fleet } from '../engine';
import { FEATURE_GROUPS } from '../model/catalog';
import { wordProjectFeatures } from '../wording/features';
import type { ProjectFacts } from '../source/data-source';

export function projectFactsOf(fleet: Fleet, userId: string, projectId: string): ProjectFacts {
  const f = wordProjectFeatures(fleet, projectFeatures(fleet, userId, projectId));
  const roleIdx = f.projectRoleId === null ? undefined : fleet.projectRoleIndex.get(f.projectRoleId);
  const role = roleIdx === undefined ? null : fleet.snapshot.projectRoles[roleIdx];
  const everything = f.code === 'SYSTEM_FULL_ACCESS';
  const fn = new Map(f.functions.map((x) => [x.id, x]));
  const menu = new Map(f.menu.map((m) => [m.groupId, m.visible]));
  return {
    userId,
    projectId,
    projectName: names.project(fleet, projectId),
    projectRoleId: f.projectRoleId,
    projectRoleName: f.projectRoleId === null ? null : names.projectRole(fleet, f.projectRoleId),
    summary: { code: f.code, message: f.message },
    location: f.location,
    expertMode: role?.expertMode ?? false,
    fullAccessUntagged: role?.fullAccessUntagged ?? false,
    tags: role ? role.tags.map((t) => ({ tag: t.tag, read: t.read, write: t.write })) : [],
    groups: FEATURE_GROUPS.map((g) => ({
      groupId: g.id,
      label: g.label,
      letter: g.letter,
      enabled: role ? (role.features[g.id]?.enabled ?? false) : everything,
      menuVisible: menu.get(g.id) ?? false,
      functions: g.functions.map((x) => {
        const access = fn.get(`${g.id}.${x.id}`);
        return {
          id: `${g.id}.${x.id}`,
          label: x.label,
          letter: x.letter,
          read: access?.read ?? false,
          write: access?.write ?? false,
          code: access?.code ?? 'NO_ACCESS',
          message: access?.message ?? '',
        };
      }),
    })),
    usedInProjects: f.usedInProjects.map((id) => ({ id, name: names.project(fleet, id) })),
  };
}
