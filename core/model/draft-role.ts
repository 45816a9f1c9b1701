// Draft project roles for the what-if editor (SPEC R2): stored roles with write-without-read are invalid data, but an
// editor normalises instead — turning write on turns read on, turning read off turns write off.
import { FEATURE_GROUPS } from './catalog';
import type { ProjectRole } from './snapshot';

export type DraftRoleEdit =
  | { kind: 'group'; groupId: string; enabled: boolean }
  /** functionId is `group.function`, e.g. `assets.assets`. */
  | { kind: 'function'; functionId: string; access: 'read' | 'write'; value: boolean }
  | { kind: 'tag'; tag: string; access: 'read' | 'write'; value: boolean }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'fullAccessUntagged'; value: boolean }
  | { kind: 'expertMode'; value: boolean };

const clone = (role: ProjectRole): ProjectRole => ({
  ...role,
  location: role.location ? { ...role.location } : null,
  tags: role.tags.map((t) => ({ ...t })),
  features: Object.fromEntries(
    Object.entries(role.features).map(([g, s]) => [
      g,
      { enabled: s.enabled, functions: Object.fromEntries(Object.entries(s.functions).map(([f, p]) => [f, { ...p }])) },
    ]),
  ),
});

/** Every pair normalised: write without read gets read (write on ⇒ read on). Returns a copy. */
export function normaliseRole(role: ProjectRole): ProjectRole {
  const out = clone(role);
  for (const s of Object.values(out.features)) for (const p of Object.values(s.functions)) if (p.write) p.read = true;
  for (const t of out.tags) if (t.write) t.read = true;
  return out;
}

/** Applies one editor action to a copy of the role, normalised per R2. */
export function normaliseDraftRole(role: ProjectRole, edit: DraftRoleEdit): ProjectRole {
  const out = normaliseRole(role);
  const pair = (p: { read: boolean; write: boolean }, access: 'read' | 'write', value: boolean) => {
    if (access === 'write') {
      p.write = value;
      if (value) p.read = true;
    } else {
      p.read = value;
      if (!value) p.write = false;
    }
  };
  switch (edit.kind) {
    case 'group': {
      const s = (out.features[edit.groupId] ??= { enabled: false, functions: {} });
      s.enabled = edit.enabled;
      break;
    }
    case 'function': {
      const [g, f] = edit.functionId.split('.');
      if (!FEATURE_GROUPS.some((x) => x.id === g && x.functions.some((y) => y.id === f)))
        throw new Error(`unknown function ${JSON.stringify(edit.functionId)} (expected group.function from the catalog)`);
      const s = (out.features[g] ??= { enabled: false, functions: {} });
      pair((s.functions[f] ??= { read: false, write: false }), edit.access, edit.value);
      break;
    }
    case 'tag': {
      let t = out.tags.find((x) => x.tag === edit.tag);
      if (!t) out.tags.push((t = { tag: edit.tag, read: false, write: false }));
      pair(t, edit.access, edit.value);
      for (const x of out.tags) if (x.tag === edit.tag) Object.assign(x, { read: t.read, write: t.write });
      break;
    }
    case 'removeTag':
      out.tags = out.tags.filter((x) => x.tag !== edit.tag);
      break;
    case 'fullAccessUntagged':
      out.fullAccessUntagged = edit.value;
      break;
    case 'expertMode':
      out.expertMode = edit.value;
      break;
  }
  return out;
}
