// Role-impact types (what one project-role edit changes across the fleet): a leaf of types only, filled by
// core/engine/role-impact.ts and worded by core/wording/role-edit.ts.
import type { Effect } from './codes';
import type { AccessLevel } from './feature-types';

/** Why a holder's access does or does not follow the role: R3 steps 1–2 come before any project role. */
export type HolderCode = 'ROLE_DECIDES' | 'USER_NOT_ACTIVE' | 'SYSTEM_FULL_ACCESS';
export type TicketOutcome = 'visible' | 'redacted' | 'hidden';

export interface EffectCounts {
  /** Pairs (holder, asset) whose effect rises / falls. */
  gained: number;
  lost: number;
  /** Of those: assets that become hidden / stop being hidden. */
  hidden: number;
  revealed: number;
  /** Per before→after pair, most frequent first. */
  transitions: { before: Effect; after: Effect; count: number }[];
}

export interface TicketCounts {
  /** Tickets whose outcome changes, by the outcome they get. */
  visible: number;
  redacted: number;
  hidden: number;
}

export interface HolderImpact {
  userId: string;
  projectId: string;
  code: HolderCode;
  assets: EffectCounts;
  tickets: TicketCounts;
  /** Functions and menu items of this project that change for the holder (0 unless the role decides). */
  functions: number;
  menu: number;
}

export interface FunctionChange {
  id: string;
  before: AccessLevel;
  after: AccessLevel;
  /** Distinct holders (users) for whom the role decides it. */
  users: number;
}
export interface MenuChange {
  groupId: string;
  before: boolean;
  after: boolean;
  users: number;
}

export interface RoleImpact {
  roleId: string | null;
  /** Projects where some membership uses the role (snapshot order). */
  projectIds: string[];
  holders: HolderImpact[];
  totals: {
    holders: number;
    users: number;
    projects: number;
    /** Distinct users for whom the role decides (active, not Global Admin). */
    decidingUsers: number;
    assets: EffectCounts & {
      /** Distinct assets hidden from / shown to at least one holder, the users concerned, and their projects. */
      hiddenAssets: number;
      hiddenFromUsers: number;
      hiddenInProjects: number;
      revealedAssets: number;
      revealedToUsers: number;
      revealedInProjects: number;
    };
    tickets: TicketCounts & { users: number };
  };
  functions: FunctionChange[];
  menu: MenuChange[];
}
