// Plain-English wording for the project-role editor: why Save is refused (core/engine/role-edit), why a holder's
// access does not follow the role, and the impact's headline (core/engine/role-impact).
import type { RoleEditCode, RoleEditProblem } from '../engine/role-edit-types';
import type { HolderCode, RoleImpact } from '../engine/role-impact-types';
import { FEATURE_GROUPS } from '../model/catalog';

const id = (s: string) => JSON.stringify(s);
const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** «Group › Function» for `group.function` ids of the catalog, else the id. */
export function functionLabel(functionId: string): string {
  const [g, f] = functionId.split('.');
  const group = FEATURE_GROUPS.find((x) => x.id === g);
  const fn = group?.functions.find((x) => x.id === f);
  return group && fn ? `${group.label} › ${fn.label}` : functionId;
}

export function groupLabel(groupId: string): string {
  return FEATURE_GROUPS.find((g) => g.id === groupId)?.label ?? groupId;
}

/** Why the platform refuses to save a field, one wording per code; the compiler keeps it complete. */
const ROLE_EDIT_WORDS: Record<RoleEditCode, (p: RoleEditProblem) => string> = {
  ROLE_INVALID: (p) => `${p.path}: ${p.detail ?? 'not a valid value'}.`,
  ROLE_WRITE_WITHOUT_READ: (p) =>
    `${p.path}: it is not possible to have write permissions but no read permissions — turn read on, or write off.`,
  ROLE_UNKNOWN_GROUP: (p) => `${p.path}: there is no universal switch ${id(p.value ?? '')} in the role editor.`,
  ROLE_UNKNOWN_FUNCTION: (p) => `${p.path}: there is no function ${id(p.value ?? '')} in the role editor.`,
  ROLE_NAME_EMPTY: () => 'name: a project role needs a name.',
  ROLE_NAME_TOO_LONG: (p) => `name: longer than ${p.limit} characters.`,
  ROLE_TAG_EMPTY: (p) => `${p.path}: a tag entry needs a tag.`,
  ROLE_TAG_TOO_LONG: (p) => `${p.path}: the tag is longer than ${p.limit} characters.`,
  ROLE_TOO_MANY_TAGS: (p) => `tags: more than ${p.limit} tag entries.`,
  ROLE_DUPLICATE_TAG: (p) => `${p.path}: tag ${id(p.value ?? '')} is listed twice.`,
  ROLE_ID_MISMATCH: (p) => `id: the body names role ${id(p.value ?? '')}, not the one in the address.`,
};

/** Why the platform refuses to save this field (the path is shown beside it). */
export const describeRoleEditProblem = (p: RoleEditProblem): string => ROLE_EDIT_WORDS[p.code](p);

const HOLDER_WORDS: Record<HolderCode, string> = {
  ROLE_DECIDES: "The role decides this holder's access in the project.",
  USER_NOT_ACTIVE: 'Not active: sees nothing, whatever the role says.',
  SYSTEM_FULL_ACCESS: 'Global Admin: sees everything, whatever the role says.',
};

export const describeHolderCode = (code: HolderCode): string => HOLDER_WORDS[code];

/** The totals first: "This change hides 1,240 assets from 37 users in 3 projects." (or that it changes nothing). */
export function describeImpactHeadline(impact: RoleImpact): string {
  const t = impact.totals;
  if (t.holders === 0) return "Nobody holds this role yet: saving it changes no one's access.";
  const parts: string[] = [];
  if (t.assets.hiddenAssets > 0)
    parts.push(
      `hides ${plural(t.assets.hiddenAssets, 'asset')} from ${plural(t.assets.hiddenFromUsers, 'user')} in ${plural(t.assets.hiddenInProjects, 'project')}`,
    );
  if (t.assets.revealedAssets > 0)
    parts.push(
      `shows ${plural(t.assets.revealedAssets, 'asset')} to ${plural(t.assets.revealedToUsers, 'user')} in ${plural(t.assets.revealedInProjects, 'project')}`,
    );
  const rest = t.assets.gained - t.assets.revealed + t.assets.lost - t.assets.hidden;
  if (rest > 0) parts.push(`changes edit rights on ${plural(rest, 'asset')} of holders`);
  for (const m of impact.menu)
    parts.push(
      `${m.after ? 'shows' : 'hides'} the ${groupLabel(m.groupId)} menu item ${m.after ? 'to' : 'from'} ${plural(m.users, 'user')}`,
    );
  const tk = t.tickets.visible + t.tickets.redacted + t.tickets.hidden;
  if (tk > 0) parts.push(`changes ${plural(tk, 'ticket view')} for ${plural(t.tickets.users, 'user')}`);
  if (parts.length === 0 && impact.functions.length > 0)
    parts.push(`changes ${plural(impact.functions.length, 'function')} for ${plural(t.decidingUsers, 'user')}`);
  if (parts.length === 0) return `This change alters nothing for the ${plural(t.users, 'user')} holding the role.`;
  return `This change ${parts.join('; ')}.`;
}
