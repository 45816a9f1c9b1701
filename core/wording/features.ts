// Plain-English wording for R1 features and the menu.
import type { FeaturesCode, FunctionCode } from '../engine/features';
import { names, type Fleet } from '../engine/fleet';
import { FEATURE_GROUPS } from '../model/catalog';
import { projectName, q, roleName, userName } from './access';

function labels(functionId: string): { group: string; fn: string } {
  const [g, f] = functionId.split('.');
  const group = FEATURE_GROUPS.find((x) => x.id === g);
  const fn = group?.functions.find((x) => x.id === f);
  return { group: q(group?.label ?? g), fn: q(fn?.label ?? f) };
}

export function wordFeatureSummary(
  f: Fleet,
  d: { code: FeaturesCode; userId: string; projectId: string; projectRoleId: string | null; systemRoleId: string | null },
): string {
  const user = userName(f, d.userId);
  const project = projectName(f, d.projectId);
  switch (d.code) {
    case 'USER_NOT_ACTIVE':
      return `${user} is not active, so they have no function in project ${project}.`;
    case 'SYSTEM_FULL_ACCESS':
      return `${user} has system role ${q(names.systemRole(f, d.systemRoleId ?? 'globalAdmin'))}: every function with read and write in every project.`;
    case 'PROJECT_ROLE':
      return `${user} has project role ${roleName(f, d.projectRoleId ?? undefined)} in project ${project}; its switches decide each function.`;
    case 'NO_PROJECT_ROLE':
      return `${user} has no project role in project ${project}, so they see nothing of it.`;
  }
}

export function wordFeatureFunction(f: Fleet, functionId: string, code: FunctionCode, decision: FeaturesCode, projectRoleId: string | null): string {
  const { group, fn } = labels(functionId);
  const role = roleName(f, projectRoleId ?? undefined);
  switch (code) {
    case 'READ_WRITE':
      return decision === 'SYSTEM_FULL_ACCESS' ? `${fn}: read and write (system role).` : `${fn}: read and write — role ${role} has the ${group} switch on with read and write.`;
    case 'READ_ONLY':
      return `${fn}: read only — role ${role} has the ${group} switch on with read but no write.`;
    case 'NO_READ':
      return `${fn}: no access — role ${role} has the ${group} switch on but no read on ${fn}.`;
    case 'SWITCH_OFF':
      return `${fn}: no access — role ${role} has the ${group} switch off.`;
    case 'NO_ACCESS':
      return decision === 'USER_NOT_ACTIVE' ? `${fn}: no access — the user is not active.` : `${fn}: no access — no project role in this project.`;
  }
}
