// Plain-English wording for R4 ticket steps and R5 name steps. The asset is named by its id only: a redacted
// ticket's decision must not carry the asset's name anywhere (the name is in `assetName` only when visible).
import type { AccessStepData } from '../engine/access';
import { names, type Fleet } from '../engine/fleet';
import type { TicketStepData } from '../engine/tickets';
import { FEATURE_GROUPS } from '../model/catalog';
import { q, roleName, userName, wordAccessStep } from './access';

const ticketsSwitch = q(FEATURE_GROUPS.find((g) => g.id === 'tickets')!.label);
const usersInOtherLists = q('Users in other lists');

export function wordTicketStep(f: Fleet, st: TicketStepData): string {
  const user = userName(f, st.userId);
  const role = roleName(f, st.projectRoleId);
  const asset = `asset ${q(st.assetId ?? '?')}`;
  switch (st.code) {
    case 'SYSTEM_FULL_ACCESS':
      return `${user} has system role ${q(names.systemRole(f, st.systemRoleId ?? 'globalAdmin'))}, which sees every ticket, its asset and the names of other users.`;
    case 'TICKETS_ON':
      return `Role ${role} has the ${ticketsSwitch} switch on.`;
    case 'TICKETS_OFF':
      return `Role ${role} has the ${ticketsSwitch} switch off, so tickets of this project are hidden.`;
    case 'NO_ASSET':
      return st.assetMissing
        ? `The ticket refers to ${asset}, which is not in the snapshot.`
        : 'The ticket refers to no asset.';
    case 'ASSET_VISIBLE':
      return `${user} may see the ticket's ${asset}, so the ticket shows it by name.`;
    case 'EXPERT_MODE':
      return `${user} may not see the ticket's ${asset}, but role ${role} has expert mode: the ticket is shown without the asset's name.`;
    case 'ASSET_HIDDEN': {
      if (st.assetMissing) return `The ticket refers to ${asset}, which is not in the snapshot, so the ticket is hidden.`;
      const why =
        st.hiddenBy === 'OUT_OF_SCOPE' || st.hiddenBy === 'NO_PROJECT_ROLE'
          ? 'expert mode lifts only a role\'s switch and tag restrictions, not scope or project membership'
          : `role ${role} has no expert mode`;
      return `${user} may not see the ticket's ${asset} and ${why}, so the ticket is hidden.`;
    }
    case 'OWN_NAME':
      return `${user} is the assignee and always sees their own name.`;
    case 'SYSTEM_ROLE_USERS':
      if (st.systemRoleId === 'globalAdmin') return `${user} is a ${q(names.systemRole(f, 'globalAdmin'))}, who sees the names of all other users.`;
      return `${user}'s system role ${q(names.systemRole(f, st.systemRoleId ?? '?'))} may manage users, so the assignee's name is shown.`;
    case 'USERS_IN_OTHER_LISTS':
      return `Role ${role} has read on ${usersInOtherLists}, so the assignee's name is shown.`;
    case 'NAMES_HIDDEN': {
      if (st.assigneeMissing) return `The assignee ${q(st.assigneeId ?? '?')} is not a user in the snapshot, so there is no name to show.`;
      const sys = st.systemRoleId ? `system role ${q(names.systemRole(f, st.systemRoleId))}` : 'no system role';
      const pr = st.projectRoleId ? `role ${role} has no read on ${usersInOtherLists}` : 'no project role grants it';
      return `${user} has ${sys} without the right to manage users and ${pr}, so the assignee is shown as a placeholder.`;
    }
    default:
      // R3 steps (status, project role, the asset's steps 3–6): the asset wording never uses asset names.
      return wordAccessStep(f, st as AccessStepData);
  }
}
