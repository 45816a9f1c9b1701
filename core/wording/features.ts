// Plain-English wording for R1 features and the menu.
import type { FeaturesCode, FunctionAccess, FunctionCode, ProjectFeatures } from '../engine/feature-types';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import { FEATURE_GROUPS } from '../model/catalog';
import { projectName, q, roleName, userName } from './access';

function labels(functionId: string): { group: string; fn: string } {
  const [g, f] = functionId.split('.');
  const group = FEATURE_GROUPS.find((x) => x.id === g);
  const fn = group?.functions.find((x) => x.id === f);
  return { group: q(group?.label ?? g), fn: q(fn?.label ?? f) };
}

type SummaryData = Pick<ProjectFeatures, 'code' | 'userId' | 'projectId' | 'projectRoleId' | 'systemRoleId'>;
interface SummaryWording {
  f: Fleet;
  d: SummaryData;
  user: string;
  project: string;
}

/** One wording per features code; the compiler keeps it complete. */
const SUMMARY_WORDS: Record<FeaturesCode, (w: SummaryWording) => string> = {
  USER_NOT_ACTIVE: ({ user, project }) => `${user} is not active, so they have no function in project ${project}.`,
  SYSTEM_FULL_ACCESS: ({ f, d, user }) =>
    `${user} has system role ${q(names.systemRole(f, d.systemRoleId ?? 'globalAdmin'))}: every function with read and write in every project.`,
  PROJECT_ROLE: ({ f, d, user, project }) =>
    `${user} has project role ${roleName(f, d.projectRoleId ?? undefined)} in project ${project}; its switches decide each function.`,
  NO_PROJECT_ROLE: ({ user, project }) => `${user} has no project role in project ${project}, so they see nothing of it.`,
};

export function wordFeatureSummary(f: Fleet, d: SummaryData): string {
  return SUMMARY_WORDS[d.code]({ f, d, user: userName(f, d.userId), project: projectName(f, d.projectId) });
}

interface FunctionWording {
  group: string;
  fn: string;
  role: string;
  /** The decision for the whole project (says why a function is all or nothing). */
  decision: FeaturesCode;
}

/** One wording per function code; the compiler keeps it complete. */
const FUNCTION_WORDS: Record<FunctionCode, (w: FunctionWording) => string> = {
  READ_WRITE: ({ fn, group, role, decision }) =>
    decision === 'SYSTEM_FULL_ACCESS'
      ? `${fn}: read and write (system role).`
      : `${fn}: read and write — role ${role} has the ${group} switch on with read and write.`,
  READ_ONLY: ({ fn, group, role }) => `${fn}: read only — role ${role} has the ${group} switch on with read but no write.`,
  NO_READ: ({ fn, group, role }) => `${fn}: no access — role ${role} has the ${group} switch on but no read on ${fn}.`,
  SWITCH_OFF: ({ fn, group, role }) => `${fn}: no access — role ${role} has the ${group} switch off.`,
  NO_ACCESS: ({ fn, decision }) =>
    decision === 'USER_NOT_ACTIVE' ? `${fn}: no access — the user is not active.` : `${fn}: no access — no project role in this project.`,
};

export function wordFeatureFunction(
  f: Fleet,
  functionId: string,
  code: FunctionCode,
  decision: FeaturesCode,
  projectRoleId: string | null,
): string {
  return FUNCTION_WORDS[code]({ ...labels(functionId), role: roleName(f, projectRoleId ?? undefined), decision });
}

export type WordedFunctionAccess = FunctionAccess & { message: string };
/** The engine's project features worded: the summary message after `code`, a message per function. */
export type WordedProjectFeatures = Omit<ProjectFeatures, 'systemRoleId' | 'functions'> & {
  message: string;
  functions: WordedFunctionAccess[];
};

export function wordProjectFeatures(f: Fleet, d: ProjectFeatures): WordedProjectFeatures {
  // Keys in the order the CLI's JSON has always printed them.
  return {
    userId: d.userId,
    projectId: d.projectId,
    projectRoleId: d.projectRoleId,
    code: d.code,
    message: wordFeatureSummary(f, d),
    functions: d.functions.map((fn) => ({ ...fn, message: wordFeatureFunction(f, fn.id, fn.code, d.code, d.projectRoleId) })),
    menu: d.menu,
    location: d.location,
    usedInProjects: d.usedInProjects,
  };
}
