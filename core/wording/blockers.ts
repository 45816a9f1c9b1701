// Words for "also:" — what would still block once the deciding step is fixed (core/engine/blockers.ts). Short
// phrases meant to follow "also:", about the user and the role, names not ids.
import type { AccessStepData } from '../engine/access-types';
import type { FailingAccessCode } from '../engine/codes';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import { FEATURE_GROUPS } from '../model/catalog';
import { statusWord } from './words';
import { listOf, orgName, projectName, q, roleName, siteName } from './access';

const assets = q(FEATURE_GROUPS.find((g) => g.id === 'assets')!.label);

/** One phrase per failing R3 code (a blocker is always a failing step); the compiler keeps it complete. */
const BLOCKER_WORDS: Record<FailingAccessCode, (f: Fleet, st: AccessStepData, role: string) => string> = {
  USER_NOT_ACTIVE: (f, st) => `${q(names.user(f, st.userId ?? '?'))} is not active (${statusWord(st.status)})`,
  OUT_OF_SCOPE: (f, st) =>
    st.scopeFailure === 'siteUnknown'
      ? `the asset's site ${q(st.siteId ?? '?')} is not in the data, so it is out of every scope`
      : `site ${siteName(f, st.siteId)}${st.organizationId ? ` (organization ${orgName(f, st.organizationId)})` : ''} is out of their scope`,
  NO_PROJECT_ROLE: (f, st) =>
    st.danglingProjectRoleId
      ? `their role in ${projectName(f, st.projectId)} (${q(st.danglingProjectRoleId)}) is not in the data`
      : `no project role in ${projectName(f, st.projectId)}`,
  ASSETS_SWITCH_OFF: (_f, _st, role) => `role ${role} has the ${assets} switch off`,
  ASSETS_NO_READ: (_f, _st, role) => `role ${role} has no read on ${assets}`,
  UNTAGGED_NO_ACCESS: (_f, _st, role) => `role ${role} does not allow assets without tags`,
  NO_READABLE_TAG: (_f, st, role) => `role ${role} reads none of this asset's tags (${listOf(st.tags ?? [])})`,
  ASSETS_NO_WRITE: (_f, _st, role) => `role ${role} has no write on ${assets}`,
  NO_WRITABLE_TAG: (_f, st, role) => `role ${role} writes none of this asset's tags (${listOf(st.tags ?? [])})`,
};

export function wordBlocker(f: Fleet, st: AccessStepData): string {
  const words = (BLOCKER_WORDS as Partial<Record<string, (f: Fleet, st: AccessStepData, role: string) => string>>)[st.code];
  // A passing step is never a blocker; its code stands for itself should one ever arrive.
  return words ? words(f, st, roleName(f, st.projectRoleId)) : st.code;
}
