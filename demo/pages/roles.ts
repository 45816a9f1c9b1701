// Engineering → Roles (seed 004): the project roles (name, used in projects, holders) and the editor with every
// element of the seed in its order and words — [A] name, [B] location, [C] expert mode, [D] used in projects,
// [E]/[G] tags with read and write, [F] full access to untagged assets, the universal switches [H]–[T] with their
// functions' read and write, and [U] Save. A plain form post works without script; /static/roles.js adds R2 as you
// click and saves through the API. Every input carries data-ai-role-* attributes: the panel reads the unsaved
// state from them (core/adapters/roles.ts).
import { html } from 'hono/html';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import type { ProjectRole } from '../../core/model/snapshot';
import { roleVersion } from '../../core/engine/role-edit';
import type { FeedStore } from '../store';
import { csrfField, type Html } from './layout';

/** The seed's words for each universal switch's function (its "«…» function"), where they differ from the label. */
const SWITCH_FUNCTION: Record<string, string> = { alarms: 'Alarms', smartView: 'Smart View', engineering: 'Settings', ar: 'Smart Assist' };

export interface RoleRow {
  role: ProjectRole;
  projects: { id: string; name: string }[];
  holders: number;
}

/** Every stored role (first record per id) with the projects that use it and how many memberships name it. */
export function roleRows(store: FeedStore): RoleRow[] {
  const s = store.snapshot();
  const projectName = new Map(s.projects.map((p) => [p.id, p.name]));
  const used = new Map<string, Set<string>>();
  const holders = new Map<string, number>();
  for (const m of s.memberships) {
    holders.set(m.projectRoleId, (holders.get(m.projectRoleId) ?? 0) + 1);
    let set = used.get(m.projectRoleId);
    if (!set) used.set(m.projectRoleId, (set = new Set()));
    set.add(m.projectId);
  }
  const seen = new Set<string>();
  return s.projectRoles
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((role) => ({
      role,
      projects: [...(used.get(role.id) ?? [])].map((id) => ({ id, name: projectName.get(id) ?? id })),
      holders: holders.get(role.id) ?? 0,
    }));
}

export function noRolePermission(reason: string): Html {
  return html`<section class="roles"><h1>Roles</h1>
    <p class="notice" data-ai-no-permission="editProjectRoles">You may not edit project roles: ${reason}.</p></section>`;
}

export function rolesListContent(rows: RoleRow[], saved: string | null): Html {
  return html`<section class="roles" data-ai-roles-list>
    <p class="crumbs">Engineering /</p>
    <h1>Roles</h1>
    ${saved ? html`<p class="notice" role="status">Project role ${saved} saved.</p>` : ''}
    <p class="actions"><a class="button" href="/engineering/roles/new" data-ai-role-create>Create a new project role</a></p>
    <table class="grid">
      <thead><tr><th>Name</th><th>Used in projects</th><th>Holders</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr data-ai-role-row="${r.role.id}">
            <td><a href="/engineering/roles/${encodeURIComponent(r.role.id)}">${r.role.name || r.role.id}</a></td>
            <td>${r.projects.length === 0 ? html`<span class="muted">none</span>` : r.projects.map((p) => html`<span class="tag">${p.name}</span> `)}</td>
            <td>${r.holders.toLocaleString('en')}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

const checked = (on: boolean) => (on ? 'checked' : '');

function pairInputs(name: string, pair: { read: boolean; write: boolean }, attrs: { fn?: string; tag?: boolean }): Html {
  const box = (access: 'read' | 'write', on: boolean) =>
    attrs.fn
      ? html`<label class="rw"><input type="checkbox" name="${name}_${access}" value="on" data-ai-role-function="${attrs.fn}" data-ai-role-access="${access}" ${checked(on)}> ${access === 'read' ? 'Read' : 'Write'}</label>`
      : html`<label class="rw"><input type="checkbox" name="${name}_${access}" value="on" data-ai-role-tag-access="${access}" ${checked(on)}> ${access === 'read' ? 'Read' : 'Write'}</label>`;
  return html`${box('read', pair.read)} ${box('write', pair.write)}`;
}

export interface EditorModel {
  /** null: "Create a new project role". */
  role: ProjectRole | null;
  projects: { id: string; name: string }[];
  csrf: string;
  /** Why the last plain form post was refused (400/409), shown above the form. */
  problems?: string[];
  /** The version the form carries when it shows an edit that was refused (the edit, not the stored role). */
  version?: string;
}

export function roleEditorContent(m: EditorModel): Html {
  const r: ProjectRole = m.role ?? {
    id: '',
    name: '',
    location: null,
    expertMode: false,
    fullAccessUntagged: false,
    tags: [],
    features: {},
  };
  const isNew = m.role === null;
  const action = isNew ? '/engineering/roles' : `/engineering/roles/${encodeURIComponent(r.id)}`;
  const loc = r.location;
  const version = isNew ? '' : (m.version ?? roleVersion(r));
  return html`<section class="role-editor" data-ai-role-id="${r.id}">
    <p class="crumbs"><a href="/engineering/roles">Engineering / Roles</a> /</p>
    <h1>${isNew ? 'Create a new project role' : html`Project role ${r.name || r.id}`}</h1>
    <p class="notice error" role="alert" data-ai-role-save-message ${m.problems && m.problems.length > 0 ? '' : 'hidden'}>${(m.problems ?? []).join(' ')}</p>
    <form class="role-form" method="post" action="${action}" data-ai-role-form data-ai-role-version="${version}" data-ai-role-new="${isNew ? 'true' : 'false'}">
      ${csrfField(m.csrf)}
      <input type="hidden" name="version" value="${version}">
      <fieldset class="role-basics">
        <label class="field"><span class="letter">[A]</span> Name
          <input type="text" name="name" value="${r.name}" required maxlength="200" data-ai-role-field="name"></label>
        <div class="field"><span class="letter">[B]</span> Location <span class="muted">(where the map opens)</span>
          <label>Latitude <input type="number" step="any" name="location_lat" value="${loc ? String(loc.lat) : ''}" data-ai-role-field="location.lat"></label>
          <label>Longitude <input type="number" step="any" name="location_lng" value="${loc ? String(loc.lng) : ''}" data-ai-role-field="location.lng"></label>
          <label>Zoom <input type="number" step="any" name="location_zoom" value="${loc ? String(loc.zoom) : ''}" data-ai-role-field="location.zoom"></label>
        </div>
        <label class="field switch"><span class="letter">[C]</span>
          <input type="checkbox" name="expertMode" value="on" data-ai-role-field="expertMode" ${checked(r.expertMode)}> Expert Mode
          <span class="muted">entities (e.g. tickets) of assets the role would otherwise not reach can be accessed, without the asset's name</span></label>
        <div class="field"><span class="letter">[D]</span> Used in Projects
          <span data-ai-role-used-in>${m.projects.length === 0 ? html`<span class="muted">none</span>` : m.projects.map((p) => html`<span class="tag" data-ai-project-ref="${p.id}">${p.name}</span> `)}</span></div>
      </fieldset>
      <fieldset class="role-tags">
        <legend>Tags</legend>
        <label class="field"><span class="letter">[E]</span> Tags <span class="muted">only allow the role access to specific tags</span>
          <span data-ai-role-tag-row="new"><input type="text" name="newTag" value="" maxlength="100" placeholder="Add a tag" data-ai-role-tag-name>
          ${pairInputs('newTag', { read: true, write: false }, { tag: true })}</span></label>
        <label class="field switch"><span class="letter">[F]</span>
          <input type="checkbox" name="fullAccessUntagged" value="on" data-ai-role-field="fullAccessUntagged" ${checked(r.fullAccessUntagged)}> Full access to assets without tags</label>
        <div class="field"><span class="letter">[G]</span> Tags <span class="muted">a list of all tags to which owners of this role have access</span>
          <table class="grid role-tag-list"><tbody>
            ${r.tags.length === 0 ? html`<tr><td class="muted">No tags: the role is not restricted by tags.</td></tr>` : ''}
            ${r.tags.map(
              (t, i) => html`<tr data-ai-role-tag-row="${i}">
                <td><input type="hidden" name="tag_${i}" value="${t.tag}" data-ai-role-tag-name><span class="tag">${t.tag}</span></td>
                <td>${pairInputs(`tag_${i}`, t, { tag: true })}</td>
                <td><label><input type="checkbox" name="tag_${i}_remove" value="on" data-ai-role-tag-remove> Remove</label></td>
              </tr>`,
            )}
          </tbody></table></div>
      </fieldset>
      ${FEATURE_GROUPS.map((g) => {
        const setting = Object.prototype.hasOwnProperty.call(r.features, g.id) ? r.features[g.id] : undefined;
        const on = setting?.enabled === true;
        return html`<fieldset class="role-switch ${on ? '' : 'greyed'}" data-ai-role-switch="${g.id}">
          <legend><label class="switch"><span class="letter">[${g.letter}]</span>
            <input type="checkbox" name="group_${g.id}" value="on" data-ai-role-group="${g.id}" ${checked(on)}> Universal switch «${g.label}»</label>
            <span class="muted">all write permissions and read permission for the «${SWITCH_FUNCTION[g.id] ?? g.label}» function</span></legend>
          <table class="grid"><tbody>
            ${g.functions.map((f) => {
              const pair =
                setting && Object.prototype.hasOwnProperty.call(setting.functions, f.id)
                  ? setting.functions[f.id]
                  : { read: false, write: false };
              return html`<tr data-ai-role-function-row="${g.id}.${f.id}"><td><span class="letter">[${f.letter}]</span> ${f.label}</td><td>${pairInputs(`fn_${g.id}.${f.id}`, pair, { fn: `${g.id}.${f.id}` })}</td></tr>`;
            })}
          </tbody></table>
        </fieldset>`;
      })}
      <p class="actions"><span class="letter">[U]</span> <button type="submit" data-ai-role-save>Save</button>
        <span class="muted">You must save your selection. It is not possible to have write permissions but no read permissions.</span>
        <span role="status" data-ai-role-save-status></span></p>
    </form>
    <script type="module" src="/static/roles.js"></script>
  </section>`;
}

/** The role a plain form post describes (checked afterwards by the same check as the API). */
export function roleFromForm(form: Record<string, unknown>, id: string | undefined): Record<string, unknown> {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  const on = (k: string) => form[k] === 'on';
  const num = (k: string) => (text(k).trim() === '' || Number.isNaN(Number(text(k))) ? text(k) : Number(text(k)));
  const hasLoc = ['location_lat', 'location_lng', 'location_zoom'].some((k) => text(k).trim() !== '');
  const tags: { tag: string; read: boolean; write: boolean }[] = [];
  for (let i = 0; typeof form[`tag_${i}`] === 'string'; i++) {
    if (!on(`tag_${i}_remove`)) tags.push({ tag: text(`tag_${i}`), read: on(`tag_${i}_read`), write: on(`tag_${i}_write`) });
  }
  if (text('newTag').trim() !== '') tags.push({ tag: text('newTag').trim(), read: on('newTag_read'), write: on('newTag_write') });
  const features: Record<string, unknown> = {};
  for (const g of FEATURE_GROUPS) {
    const functions: Record<string, { read: boolean; write: boolean }> = {};
    for (const f of g.functions) functions[f.id] = { read: on(`fn_${g.id}.${f.id}_read`), write: on(`fn_${g.id}.${f.id}_write`) };
    features[g.id] = { enabled: on(`group_${g.id}`), functions };
  }
  return {
    ...(id !== undefined ? { id } : {}),
    name: text('name'),
    location: hasLoc ? { lat: num('location_lat'), lng: num('location_lng'), zoom: num('location_zoom') } : null,
    expertMode: on('expertMode'),
    fullAccessUntagged: on('fullAccessUntagged'),
    tags,
    features,
  };
}
