// A draft project role for what-if questions: feature switches, each function's read/write, tags with read/write,
// expert mode and full access to untagged assets. Every toggle goes through normaliseDraftRole (core/model/draft-role), so the
// draft obeys R2 as the editor changes it: turning write on turns read on, turning read off turns write off.
import { useState } from 'preact/hooks';
import { normaliseDraftRole, normaliseRole, type DraftRoleEdit } from '../../core/model/draft-role';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import type { ProjectRole } from '../../core/model/snapshot';

export function blankDraftRole(): ProjectRole {
  return { id: 'draft', name: 'Draft role', location: null, expertMode: false, fullAccessUntagged: false, tags: [], features: {} };
}

/** A stored role copied into the editor (normalised, renamed so it is never mistaken for the stored one). */
export function draftFrom(role: ProjectRole): ProjectRole {
  return { ...normaliseRole(role), id: 'draft', name: `${role.name} (draft)` };
}

export function DraftRoleEditor(props: {
  role: ProjectRole;
  onChange: (role: ProjectRole) => void;
  storedRoles: readonly ProjectRole[];
  idPrefix: string;
}) {
  const { role, onChange, idPrefix } = props;
  const [newTag, setNewTag] = useState('');
  const edit = (e: DraftRoleEdit) => onChange(normaliseDraftRole(role, e));
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  const fn = (g: string, f: string) => role.features[g]?.functions[f] ?? { read: false, write: false };
  const addTag = () => {
    const tag = newTag.trim();
    if (tag === '') return;
    edit({ kind: 'tag', tag, access: 'read', value: true });
    setNewTag('');
  };

  return (
    <div class="draft-editor" data-draft-editor>
      <div class="row">
        <label for={`${idPrefix}-draft-name`}>Draft name</label>
        <input
          id={`${idPrefix}-draft-name`}
          type="text"
          value={role.name}
          onInput={(e) => onChange({ ...role, name: (e.currentTarget as HTMLInputElement).value })}
        />
        <label for={`${idPrefix}-draft-from`}>Start from</label>
        <select
          id={`${idPrefix}-draft-from`}
          value=""
          onChange={(e) => {
            const id = (e.currentTarget as HTMLSelectElement).value;
            const stored = props.storedRoles.find((r) => r.id === id);
            onChange(stored ? draftFrom(stored) : blankDraftRole());
          }}
        >
          <option value="" disabled>
            choose…
          </option>
          <option value="__blank">An empty role</option>
          {props.storedRoles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <label>
          <input type="checkbox" checked={role.expertMode} onChange={(e) => edit({ kind: 'expertMode', value: checked(e) })} /> Expert mode
        </label>
        <label>
          <input
            type="checkbox"
            checked={role.fullAccessUntagged}
            onChange={(e) => edit({ kind: 'fullAccessUntagged', value: checked(e) })}
          />{' '}
          Full access to untagged assets
        </label>
      </div>

      <h4>Tags</h4>
      {role.tags.length === 0 ? (
        <p class="muted">No tag entries: tags do not restrict which assets this role reaches.</p>
      ) : (
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Read</th>
              <th scope="col">Write</th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {role.tags.map((t) => (
              <tr key={t.tag} data-tag={t.tag}>
                <th scope="row">{t.tag}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Tag ${t.tag}: read`}
                    checked={t.read}
                    onChange={(e) => edit({ kind: 'tag', tag: t.tag, access: 'read', value: checked(e) })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Tag ${t.tag}: write`}
                    checked={t.write}
                    onChange={(e) => edit({ kind: 'tag', tag: t.tag, access: 'write', value: checked(e) })}
                  />
                </td>
                <td>
                  <button type="button" aria-label={`Remove tag ${t.tag}`} onClick={() => edit({ kind: 'removeTag', tag: t.tag })}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="row">
        <label for={`${idPrefix}-draft-tag`}>Add tag</label>
        <input
          id={`${idPrefix}-draft-tag`}
          type="text"
          value={newTag}
          onInput={(e) => setNewTag((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              addTag();
            }
          }}
        />
        <button type="button" onClick={addTag} disabled={newTag.trim() === ''}>
          Add with read
        </button>
      </div>

      <h4>Feature switches and functions</h4>
      <table class="compact features-editor">
        <thead>
          <tr>
            <th scope="col">Switch</th>
            <th scope="col">Function</th>
            <th scope="col">Read</th>
            <th scope="col">Write</th>
          </tr>
        </thead>
        <tbody>
          {FEATURE_GROUPS.map((g) =>
            g.functions.map((f, i) => {
              const id = `${g.id}.${f.id}`;
              const p = fn(g.id, f.id);
              const on = role.features[g.id]?.enabled ?? false;
              return (
                <tr key={id} data-function={id} class={on ? '' : 'off'}>
                  {i === 0 && (
                    <th scope="row" rowSpan={g.functions.length}>
                      <label>
                        <input type="checkbox" checked={on} onChange={(e) => edit({ kind: 'group', groupId: g.id, enabled: checked(e) })} />{' '}
                        [{g.letter}] {g.label}
                      </label>
                    </th>
                  )}
                  <td>
                    [{f.letter}] {f.label}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${g.label} › ${f.label}: read`}
                      checked={p.read}
                      onChange={(e) => edit({ kind: 'function', functionId: id, access: 'read', value: checked(e) })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${g.label} › ${f.label}: write`}
                      checked={p.write}
                      onChange={(e) => edit({ kind: 'function', functionId: id, access: 'write', value: checked(e) })}
                    />
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
