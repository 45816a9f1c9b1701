// Role-edit refusal types: a leaf of types only, filled by core/engine/role-edit.ts and worded by core/wording/role-edit.ts.

export const ROLE_EDIT_CODES = [
  'ROLE_INVALID',
  'ROLE_WRITE_WITHOUT_READ',
  'ROLE_UNKNOWN_GROUP',
  'ROLE_UNKNOWN_FUNCTION',
  'ROLE_NAME_EMPTY',
  'ROLE_NAME_TOO_LONG',
  'ROLE_TAG_EMPTY',
  'ROLE_TAG_TOO_LONG',
  'ROLE_TOO_MANY_TAGS',
  'ROLE_DUPLICATE_TAG',
  'ROLE_ID_MISMATCH',
] as const;
export type RoleEditCode = (typeof ROLE_EDIT_CODES)[number];

/** One refusal: the field (`features.alarms.functions.alarms.write`, `tags[2].tag`, …) and why, as data. */
export interface RoleEditProblem {
  code: RoleEditCode;
  path: string;
  /** ROLE_INVALID: the model's own message; the others are worded by core/wording/role-edit. */
  detail?: string;
  value?: string;
  limit?: number;
}
