// Plain-English wording for R4 ticket steps and R5 name steps. The asset is named by its id only: a redacted
// ticket's decision must not carry the asset's name anywhere (the name is in `assetName` only when visible).
import type { AccessStepData } from '../engine/access-types';
import type { AccessCode, TicketCode } from '../engine/codes';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import type { TicketDecision, TicketStepData } from '../engine/ticket-types';
import { FEATURE_GROUPS } from '../model/catalog';
import { q, roleName, userName, wordAccessStep } from './access';

const ticketsSwitch = q(FEATURE_GROUPS.find((g) => g.id === 'tickets')!.label);
const usersInOtherLists = q('Users in other lists');

interface TicketWording {
  f: Fleet;
  st: TicketStepData;
  user: string;
  role: string;
  /** "asset «id»" */
  asset: string;
}
/** R3 steps (status, project role, the asset's steps 3–6): the asset wording never uses asset names. */
const asAccessStep = (w: TicketWording) => wordAccessStep(w.f, w.st as AccessStepData);

/** The codes a ticket decision words itself; the rest are R3 steps. */
type TicketOwnCode = Exclude<TicketCode, 'USER_ACTIVE' | 'USER_NOT_ACTIVE' | 'PROJECT_ROLE' | 'NO_PROJECT_ROLE'>;

/** One wording per ticket step code; the compiler keeps it complete. */
const TICKET_STEP_WORDS: Record<TicketOwnCode, (w: TicketWording) => string> = {
  SYSTEM_FULL_ACCESS: ({ f, st, user }) =>
    `${user} has system role ${q(names.systemRole(f, st.systemRoleId ?? 'globalAdmin'))}, which sees every ticket, its asset and the names of other users.`,
  TICKETS_ON: ({ role }) => `Role ${role} has the ${ticketsSwitch} switch on.`,
  TICKETS_OFF: ({ role }) => `Role ${role} has the ${ticketsSwitch} switch off, so tickets of this project are hidden.`,
  NO_ASSET: ({ st, asset }) =>
    st.assetMissing ? `The ticket refers to ${asset}, which is not in the snapshot.` : 'The ticket refers to no asset.',
  ASSET_VISIBLE: ({ user, asset }) => `${user} may see the ticket's ${asset}, so the ticket shows it by name.`,
  EXPERT_MODE: ({ user, role, asset }) =>
    `${user} may not see the ticket's ${asset}, but role ${role} has expert mode: the ticket is shown without the asset's name.`,
  ASSET_HIDDEN: ({ st, user, role, asset }) => {
    if (st.assetMissing) return `The ticket refers to ${asset}, which is not in the snapshot, so the ticket is hidden.`;
    const why =
      st.hiddenBy === 'OUT_OF_SCOPE' || st.hiddenBy === 'NO_PROJECT_ROLE'
        ? "expert mode lifts only a role's switch and tag restrictions, not scope or project membership"
        : `role ${role} has no expert mode`;
    return `${user} may not see the ticket's ${asset} and ${why}, so the ticket is hidden.`;
  },
  OWN_NAME: ({ user }) => `${user} is the assignee and always sees their own name.`,
  SYSTEM_ROLE_USERS: ({ f, st, user }) =>
    st.systemRoleId === 'globalAdmin'
      ? `${user} is a ${q(names.systemRole(f, 'globalAdmin'))}, who sees the names of all other users.`
      : `${user}'s system role ${q(names.systemRole(f, st.systemRoleId ?? '?'))} may manage users, so the assignee's name is shown.`,
  USERS_IN_OTHER_LISTS: ({ role }) => `Role ${role} has read on ${usersInOtherLists}, so the assignee's name is shown.`,
  NAMES_HIDDEN: ({ f, st, user, role }) => {
    if (st.assigneeMissing) return `The assignee ${q(st.assigneeId ?? '?')} is not a user in the snapshot, so there is no name to show.`;
    const sys = st.systemRoleId ? `system role ${q(names.systemRole(f, st.systemRoleId))}` : 'no system role';
    const pr = st.projectRoleId ? `role ${role} has no read on ${usersInOtherLists}` : 'no project role grants it';
    return `${user} has ${sys} without the right to manage users and ${pr}, so the assignee is shown as a placeholder.`;
  },
};

const isOwn = (code: TicketCode | AccessCode): code is TicketOwnCode => Object.prototype.hasOwnProperty.call(TICKET_STEP_WORDS, code);

export function wordTicketStep(f: Fleet, st: TicketStepData): string {
  const w: TicketWording = {
    f,
    st,
    user: userName(f, st.userId),
    role: roleName(f, st.projectRoleId),
    asset: `asset ${q(st.assetId ?? '?')}`,
  };
  return isOwn(st.code) ? TICKET_STEP_WORDS[st.code](w) : asAccessStep(w);
}

export type WordedTicketStep = TicketStepData & { message: string };
/** The engine's ticket decision with every step worded (same keys, each step plus `message`). */
export type WordedTicketDecision = Omit<TicketDecision, 'steps'> & { steps: WordedTicketStep[] };

export function wordTicketDecision(f: Fleet, d: TicketDecision): WordedTicketDecision {
  return { ...d, steps: d.steps.map((st) => ({ ...st, message: wordTicketStep(f, st) })) };
}
