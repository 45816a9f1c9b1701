// Stable decision codes (SPEC §3, §6). Numbers exist only so the hot loops can pack a result into one integer;
// every public decision carries the string code.

export const ACCESS_CODES = [
  'USER_ACTIVE',
  'USER_NOT_ACTIVE',
  'SYSTEM_FULL_ACCESS',
  'IN_SCOPE',
  'OUT_OF_SCOPE',
  'PROJECT_ROLE',
  'NO_PROJECT_ROLE',
  'ASSETS_READ',
  'ASSETS_SWITCH_OFF',
  'ASSETS_NO_READ',
  'NO_TAG_RESTRICTION',
  'UNTAGGED_FULL_ACCESS',
  'UNTAGGED_NO_ACCESS',
  'TAG_READ',
  'NO_READABLE_TAG',
  'ASSETS_NO_WRITE',
  'NO_WRITABLE_TAG',
  'TAG_WRITE',
  'ASSETS_WRITE',
] as const;
export type AccessCode = (typeof ACCESS_CODES)[number];

/** The R3 codes of a failing step (`ok: false`): what hides an asset or stops it at read. */
export type FailingAccessCode = Extract<
  AccessCode,
  | 'USER_NOT_ACTIVE'
  | 'OUT_OF_SCOPE'
  | 'NO_PROJECT_ROLE'
  | 'ASSETS_SWITCH_OFF'
  | 'ASSETS_NO_READ'
  | 'UNTAGGED_NO_ACCESS'
  | 'NO_READABLE_TAG'
  | 'ASSETS_NO_WRITE'
  | 'NO_WRITABLE_TAG'
>;

/** Numeric codes for the packed fast path: C.USER_ACTIVE === ACCESS_CODES.indexOf('USER_ACTIVE'). */
export const C = Object.fromEntries(ACCESS_CODES.map((c, i) => [c, i])) as { readonly [K in AccessCode]: number };

// The effect vocabulary is model data (core/model/effects.ts): the wire schemas and the views share it.
export { EFFECTS, type Effect, type TicketEffect } from '../model/effects';
export const HIDDEN = 0;
export const READ = 1;
export const FULL = 2;

export const FLIP_CODES = [
  'ACTIVATE_USER',
  'WIDEN_SCOPE',
  'ADD_PROJECT_ROLE',
  'GRANT_ASSETS_READ',
  'GRANT_ASSETS_WRITE',
  'ENABLE_FULL_ACCESS_UNTAGGED',
  'GRANT_TAG_READ',
  'GRANT_TAG_WRITE',
] as const;
export type FlipCode = (typeof FLIP_CODES)[number];

export const TICKET_CODES = [
  'USER_ACTIVE',
  'USER_NOT_ACTIVE',
  'SYSTEM_FULL_ACCESS',
  'PROJECT_ROLE',
  'NO_PROJECT_ROLE',
  'TICKETS_ON',
  'TICKETS_OFF',
  'NO_ASSET',
  'ASSET_VISIBLE',
  'EXPERT_MODE',
  'ASSET_HIDDEN',
  'OWN_NAME',
  'SYSTEM_ROLE_USERS',
  'USERS_IN_OTHER_LISTS',
  'NAMES_HIDDEN',
] as const;
export type TicketCode = (typeof TICKET_CODES)[number];
export type NameCode = 'OWN_NAME' | 'SYSTEM_ROLE_USERS' | 'USERS_IN_OTHER_LISTS' | 'NAMES_HIDDEN';

// Packed fast-path result: bits 0–1 effect, bits 2–7 the last step's code (first failing, or the final passing
// one), bits 8–13 the passing tag-step code (0 when the evaluation stopped before step 6).
export const packEffect = (packed: number): number => packed & 3;
export const packLast = (packed: number): number => (packed >>> 2) & 63;
export const packTag = (packed: number): number => (packed >>> 8) & 63;

/** The full step-code sequence a packed result stands for (R3 stops at the first failing step). */
export function codesOfPacked(packed: number): AccessCode[] {
  const last = packLast(packed);
  switch (last) {
    case C.USER_NOT_ACTIVE:
      return ['USER_NOT_ACTIVE'];
    case C.SYSTEM_FULL_ACCESS:
      return ['USER_ACTIVE', 'SYSTEM_FULL_ACCESS'];
    case C.OUT_OF_SCOPE:
      return ['USER_ACTIVE', 'OUT_OF_SCOPE'];
    case C.NO_PROJECT_ROLE:
      return ['USER_ACTIVE', 'IN_SCOPE', 'NO_PROJECT_ROLE'];
    case C.ASSETS_SWITCH_OFF:
    case C.ASSETS_NO_READ:
      return ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', ACCESS_CODES[last]];
    case C.UNTAGGED_NO_ACCESS:
    case C.NO_READABLE_TAG:
      return ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', ACCESS_CODES[last]];
    default:
      return ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', ACCESS_CODES[packTag(packed)], ACCESS_CODES[last]];
  }
}
