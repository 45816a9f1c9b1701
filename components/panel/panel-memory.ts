// What the panel remembers for a browser tab so a full page load does not lose the support engineer's context:
// whom they inspect ("inspect as"), whom they compare with, the tab they chose (for the kind of page it was chosen
// on) and whether the panel was open. Checked by hand rather than with zod: the content script reads it too.
export interface PanelMemory {
  open: boolean;
  /** The user picked with "Inspect as"; null = the page's signed-in user. */
  inspectUserId: string | null;
  /** The tab chosen, and the kind of page it was chosen on (another kind of page opens its own fitting tab). */
  tab: string | null;
  tabPageKind: string | null;
  /** The other user of Compare. */
  compareUserId: string | null;
}

export const EMPTY_PANEL_MEMORY: PanelMemory = { open: false, inspectUserId: null, tab: null, tabPageKind: null, compareUserId: null };

const MAX_ID = 200;
const idOrNull = (v: unknown): string | null | undefined =>
  v === null || v === undefined ? null : typeof v === 'string' && v.length > 0 && v.length <= MAX_ID ? v : undefined;

/** A stored or sent memory, or null when it is not one (then the panel starts fresh). */
export function parsePanelMemory(value: unknown): PanelMemory | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.open !== 'boolean') return null;
  const inspectUserId = idOrNull(v.inspectUserId);
  const tab = idOrNull(v.tab);
  const tabPageKind = idOrNull(v.tabPageKind);
  const compareUserId = idOrNull(v.compareUserId);
  if (inspectUserId === undefined || tab === undefined || tabPageKind === undefined || compareUserId === undefined) return null;
  return { open: v.open, inspectUserId, tab, tabPageKind, compareUserId };
}
