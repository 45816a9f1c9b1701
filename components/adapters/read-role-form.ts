// The DOM side of a role editor's adapter (core/adapters/roles.ts): the form's unsaved state (its inputs' current
// values) and the role as it was opened (their defaults — the HTML the platform sent, or what its script made the
// new baseline after a save). Page data is untrusted text: it is read, never executed, and the data source checks it.
import { PAGE_ADAPTERS, type PageAdapter, type RoleEditorReads } from '../../core/adapters';

export interface RoleFormState {
  form: HTMLFormElement;
  isNew: boolean;
  /** The version the editor opened (its Save's If-Match); '' for a new role. */
  version: string;
  draft: Record<string, unknown>;
  opened: Record<string, unknown>;
}

/** The role editor on this page, per the adapter whose marker the page carries, or null. */
export function findRoleEditor(
  doc: Document,
  adapters: readonly PageAdapter[] = PAGE_ADAPTERS,
): { reads: RoleEditorReads; form: HTMLFormElement } | null {
  const marker = doc.body?.getAttribute('data-ai-page') ?? null;
  for (const a of adapters) {
    if (!a.roleEditor || a.pageMarker !== marker) continue;
    const form = doc.querySelector(a.roleEditor.form);
    if (form instanceof (doc.defaultView?.HTMLFormElement ?? HTMLFormElement))
      return { reads: a.roleEditor, form: form as HTMLFormElement };
  }
  return null;
}

type Side = 'now' | 'opened';
const checkedOf = (el: HTMLInputElement, side: Side) => (side === 'now' ? el.checked : el.defaultChecked);
const valueOf = (el: HTMLInputElement, side: Side) => (side === 'now' ? el.value : el.defaultValue);

function roleOf(form: HTMLFormElement, r: RoleEditorReads, roleId: string, side: Side): Record<string, unknown> {
  const field = (name: string) => form.querySelector<HTMLInputElement>(`[${r.fieldAttr}="${name}"]`);
  const text = (name: string) => {
    const el = field(name);
    return el ? valueOf(el, side) : '';
  };
  const num = (name: string) => (text(name).trim() === '' || Number.isNaN(Number(text(name))) ? text(name) : Number(text(name)));
  const flag = (name: string) => {
    const el = field(name);
    return el ? checkedOf(el, side) : false;
  };
  const hasLoc = ['location.lat', 'location.lng', 'location.zoom'].some((n) => text(n).trim() !== '');
  const tags: { tag: string; read: boolean; write: boolean }[] = [];
  for (const row of form.querySelectorAll(r.tagRow)) {
    const nameEl = row.querySelector<HTMLInputElement>(r.tagName);
    const name = nameEl ? valueOf(nameEl, side).trim() : '';
    const remove = row.querySelector<HTMLInputElement>(r.tagRemove);
    if (name === '' || (remove && checkedOf(remove, side))) continue;
    const box = (access: string) => {
      const el = row.querySelector<HTMLInputElement>(`[${r.tagAccessAttr}="${access}"]`);
      return el ? checkedOf(el, side) : false;
    };
    tags.push({ tag: name, read: box('read'), write: box('write') });
  }
  const features: Record<string, { enabled: boolean; functions: Record<string, { read: boolean; write: boolean }> }> = Object.create(null);
  for (const el of form.querySelectorAll<HTMLInputElement>(`input[${r.groupAttr}]`)) {
    features[el.getAttribute(r.groupAttr)!] = { enabled: checkedOf(el, side), functions: Object.create(null) };
  }
  for (const el of form.querySelectorAll<HTMLInputElement>(`input[${r.functionAttr}]`)) {
    const [g, f] = (el.getAttribute(r.functionAttr) ?? '').split('.');
    const access = el.getAttribute(r.accessAttr);
    if (!features[g] || !f || (access !== 'read' && access !== 'write')) continue;
    const pair = (features[g].functions[f] ??= { read: false, write: false });
    pair[access] = checkedOf(el, side);
  }
  return {
    id: roleId,
    name: text('name'),
    location: hasLoc ? { lat: num('location.lat'), lng: num('location.lng'), zoom: num('location.zoom') } : null,
    expertMode: flag('expertMode'),
    fullAccessUntagged: flag('fullAccessUntagged'),
    tags,
    // Plain objects again (the data source's message channel and zod expect them).
    features: JSON.parse(JSON.stringify(features)) as Record<string, unknown>,
  };
}

/** The editor's state now and as opened; `roleId` is the page's role (ignored for a new role). */
export function readRoleForm(editor: { reads: RoleEditorReads; form: HTMLFormElement }, roleId: string | null): RoleFormState {
  const { reads, form } = editor;
  const isNew = form.getAttribute(reads.newAttr) === 'true';
  const id = isNew ? '' : (roleId ?? '');
  return {
    form,
    isNew,
    version: form.getAttribute(reads.versionAttr) ?? '',
    draft: roleOf(form, reads, id, 'now'),
    opened: roleOf(form, reads, id, 'opened'),
  };
}
