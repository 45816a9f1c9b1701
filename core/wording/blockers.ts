// Words for "also:" — what would still block once the deciding step is fixed (core/engine/blockers.ts). Short
// phrases meant to follow "also:", about the user and the role, names not ids.
import type { AccessStepData } from '../engine/access';
import { names, type Fleet } from '../engine/fleet';
import { FEATURE_GROUPS } from '../model/catalog';
import { statusWord } from './words';
import { listOf, orgName, projectName, q, roleName, siteName } from './access';

const assets = q(FEATURE_GROUPS.find((g) => g.id === 'assets')!.label);

export function wordBlocker(f: Fleet, st: AccessStepData): string {
  const role = roleName(f, st.projectRoleId);
  const tags = st.tags ?? [];
  switch (st.code) {
    case 'USER_NOT_ACTIVE':
      return `${q(names.user(f, st.userId ?? '?'))} is not active (${statusWord(st.status)})`;
    case 'OUT_OF_SCOPE':
      if (st.scopeFailure === 'siteUnknown') return `the asset's site ${q(st.siteId ?? '?')} is not in the data, so it is out of every scope`;
      return `site ${siteName(f, st.siteId)}${st.organizationId ? ` (organization ${orgName(f, st.organizationId)})` : ''} is out of their scope`;
    case 'NO_PROJECT_ROLE':
      return st.danglingProjectRoleId
        ? `their role in ${projectName(f, st.projectId)} (${q(st.danglingProjectRoleId)}) is not in the data`
        : `no project role in ${projectName(f, st.projectId)}`;
    case 'ASSETS_SWITCH_OFF':
      return `role ${role} has the ${assets} switch off`;
    case 'ASSETS_NO_READ':
      return `role ${role} has no read on ${assets}`;
    case 'UNTAGGED_NO_ACCESS':
      return `role ${role} does not allow assets without tags`;
    case 'NO_READABLE_TAG':
      return `role ${role} reads none of this asset's tags (${listOf(tags)})`;
    case 'ASSETS_NO_WRITE':
      return `role ${role} has no write on ${assets}`;
    case 'NO_WRITABLE_TAG':
      return `role ${role} writes none of this asset's tags (${listOf(tags)})`;
    default:
      return st.code;
  }
}
