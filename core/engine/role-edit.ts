// Checking a project role as an editor would save it (Engineering → Roles, seed 004): the snapshot's own zod model
// (core/model) plus what a stored role may hold but an edit must not add — function ids outside the catalog, a tag
// beyond the editor's limits, the same tag twice, no name. One check for the platform's API (400 naming the field)
// and for the panel (what Save would be refused for), so the two can never disagree.
import { FEATURE_GROUPS } from '../model/catalog';
import { checkRecordLimits } from '../model/limits';
import { ProjectRoleSchema, type ProjectRole } from '../model/snapshot';
import type { RoleEditProblem } from './role-edit-types';

/** Bounds of the role editor: far above any real role, low enough that a crafted request cannot bloat every cache. */
export const ROLE_EDIT_LIMITS = { nameLength: 200, tagLength: 100, tags: 500 } as const;

export type { RoleEditProblem } from './role-edit-types';

export type RoleEditCheck = { ok: true; role: ProjectRole } | { ok: false; problems: RoleEditProblem[] };

const GROUPS = new Map<string, ReadonlySet<string>>(FEATURE_GROUPS.map((g) => [g.id, new Set(g.functions.map((f) => f.id))]));

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/**
 * The role a request asks to store, or every reason it may not be. `expectedId`: the id the URL names (an update);
 * the body's id must then be that one.
 */
export function checkRoleEdit(input: unknown, expectedId?: string): RoleEditCheck {
  const limits = checkRecordLimits(input);
  if (limits.length > 0) return { ok: false, problems: limits.map((p) => ({ code: 'ROLE_INVALID', path: p.path, detail: p.message })) };
  const problems: RoleEditProblem[] = [];
  // Write without read is R2's own refusal: named as such, whichever pair it is in.
  const raw = input as { features?: unknown; tags?: unknown } | null;
  if (raw && typeof raw === 'object') {
    if (raw.features && typeof raw.features === 'object') {
      for (const [g, setting] of Object.entries(raw.features as Record<string, unknown>)) {
        const fns = (setting as { functions?: unknown } | null)?.functions;
        if (!fns || typeof fns !== 'object') continue;
        for (const [f, pair] of Object.entries(fns as Record<string, unknown>)) {
          const p = pair as { read?: unknown; write?: unknown } | null;
          if (p && p.write === true && p.read !== true)
            problems.push({ code: 'ROLE_WRITE_WITHOUT_READ', path: `features.${g}.functions.${f}.write` });
        }
      }
    }
    if (Array.isArray(raw.tags)) {
      raw.tags.forEach((t: unknown, i) => {
        const p = t as { write?: unknown; read?: unknown } | null;
        if (p && p.write === true && p.read !== true) problems.push({ code: 'ROLE_WRITE_WITHOUT_READ', path: `tags[${i}].write` });
      });
    }
  }
  const parsed = ProjectRoleSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = pathText(issue.path);
      if (issue.message === 'write without read' && problems.some((p) => p.path === path)) continue;
      problems.push({ code: 'ROLE_INVALID', path: path || '(body)', detail: issue.message });
    }
    return { ok: false, problems };
  }
  const role = parsed.data;
  if (expectedId !== undefined && role.id !== expectedId) problems.push({ code: 'ROLE_ID_MISMATCH', path: 'id', value: role.id });
  if (role.name.trim() === '') problems.push({ code: 'ROLE_NAME_EMPTY', path: 'name' });
  else if (role.name.length > ROLE_EDIT_LIMITS.nameLength)
    problems.push({ code: 'ROLE_NAME_TOO_LONG', path: 'name', limit: ROLE_EDIT_LIMITS.nameLength });
  for (const [g, setting] of Object.entries(role.features)) {
    const known = GROUPS.get(g);
    if (!known) {
      problems.push({ code: 'ROLE_UNKNOWN_GROUP', path: `features.${g}`, value: g });
      continue;
    }
    for (const f of Object.keys(setting.functions)) {
      if (!known.has(f)) problems.push({ code: 'ROLE_UNKNOWN_FUNCTION', path: `features.${g}.functions.${f}`, value: `${g}.${f}` });
    }
  }
  if (role.tags.length > ROLE_EDIT_LIMITS.tags) problems.push({ code: 'ROLE_TOO_MANY_TAGS', path: 'tags', limit: ROLE_EDIT_LIMITS.tags });
  const seen = new Set<string>();
  role.tags.forEach((t, i) => {
    if (t.tag.trim() === '') problems.push({ code: 'ROLE_TAG_EMPTY', path: `tags[${i}].tag` });
    else if (t.tag.length > ROLE_EDIT_LIMITS.tagLength)
      problems.push({ code: 'ROLE_TAG_TOO_LONG', path: `tags[${i}].tag`, value: t.tag, limit: ROLE_EDIT_LIMITS.tagLength });
    else if (seen.has(t.tag)) problems.push({ code: 'ROLE_DUPLICATE_TAG', path: `tags[${i}].tag`, value: t.tag });
    seen.add(t.tag);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, role };
}

/**
 * The role's version for optimistic concurrency (If-Match → 409): two 32-bit FNV-1a-style hashes (different seeds
 * and primes, 64 bits together) of its canonical JSON (keys sorted), so the platform, the page and the panel
 * compute the same value with no crypto API. Not a security measure: it only tells edits apart.
 */
export function roleVersion(role: ProjectRole): string {
  const text = canonicalJson(role);
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193 + 2) >>> 0;
  }
  return `r${h1.toString(36)}${h2.toString(36)}`;
}

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/**
 * The role an editor's unsaved state stands for, for the impact preview: write without read is read as the editor
 * would normalise it (R2) and empty tag rows are left out, so a half-typed draft still shows its effect. Null when
 * even that is not a project role (the save check then says why).
 */
export function draftForImpact(input: unknown): ProjectRole | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
  if (checkRecordLimits(input).length > 0) return null;
  const raw = structuredClone(input) as { features?: unknown; tags?: unknown };
  const fix = (p: unknown) => {
    if (p && typeof p === 'object' && (p as { write?: unknown }).write === true) (p as { read?: unknown }).read = true;
  };
  if (raw.features && typeof raw.features === 'object')
    for (const setting of Object.values(raw.features as Record<string, { functions?: unknown }>))
      if (setting && typeof setting.functions === 'object' && setting.functions) for (const p of Object.values(setting.functions)) fix(p);
  if (Array.isArray(raw.tags)) {
    raw.tags = raw.tags.filter((t: unknown) => !(t && typeof t === 'object' && (t as { tag?: unknown }).tag === ''));
    for (const t of raw.tags as unknown[]) fix(t);
  }
  const parsed = ProjectRoleSchema.safeParse({ id: '(new)', ...raw, ...((raw as { id?: unknown }).id === '' ? { id: '(new)' } : {}) });
  return parsed.success ? parsed.data : null;
}
