// Guards for hostile input, checked before zod sees a record: platform records (sync pages) and snapshot files are
// written by people we do not trust. zod alone would accept a 10 MB name, a record nested 100,000 levels deep in a
// field it ignores, or a `__proto__` key (which its record parser silently drops), so these bounds come first and
// name the record and the path of what broke them. Every bound is far above anything a real fleet holds (the
// deepest legitimate value, a function's read flag, sits at depth 5; names are a line of text).

export const RECORD_LIMITS = {
  /** Nesting of objects/arrays inside one record (the record itself is depth 0). */
  maxDepth: 16,
  /** Characters of any one string value or object key anywhere in a record, known field or not. */
  maxStringLength: 10_000,
  /** Entries of any one array or object (a role's tags, a scope's site ids, a role's feature groups). */
  maxEntries: 10_000,
  /** Values (of any kind) in one record: bounds the work and memory one record can cost. */
  maxNodes: 100_000,
} as const;
export type RecordLimits = { readonly [K in keyof typeof RECORD_LIMITS]: number };

/**
 * Keys that could reach an object's prototype when some code copies data into a plain object (`out[key] = v`).
 * No field, feature group or function of the snapshot is called so, so a record holding one is refused outright
 * rather than trusting every consumer to copy with care.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Problems listed per record at most (one hostile record must not produce a hostile amount of text). */
const MAX_PROBLEMS = 10;
/** Keys longer than this are cut in a problem's path (the path is shown to people, the key may be 10 MB). */
const PATH_KEY_SHOWN = 60;

export interface LimitProblem {
  /** Path inside the record, formatted like validate.ts (`features.assets.functions`, `tags[3]`). */
  path: string;
  message: string;
}

/** A string that is safe to show in a message: cut to `max` characters. */
export function shorten(text: string, max = PATH_KEY_SHOWN): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = shorten(p);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

interface Walk {
  limits: RecordLimits;
  problems: LimitProblem[];
  path: (string | number)[];
  nodes: number;
  stopped: boolean;
}

function report(w: Walk, message: string, extra?: string | number): void {
  if (w.problems.length >= MAX_PROBLEMS) {
    w.stopped = true;
    return;
  }
  w.problems.push({ path: formatPath(extra === undefined ? w.path : [...w.path, extra]), message });
}

// Plain recursion over plain functions: this runs over every record of a 100k-asset snapshot, so it avoids
// closures and per-object key arrays. Its depth is bounded by maxDepth, never by the input.
function visit(w: Walk, value: unknown, depth: number): void {
  if (++w.nodes > w.limits.maxNodes) {
    report(w, `the record holds more than ${w.limits.maxNodes} values`);
    w.stopped = true;
    return;
  }
  if (typeof value === 'string') {
    if (value.length > w.limits.maxStringLength) {
      report(w, `a text of ${value.length} characters is longer than the limit of ${w.limits.maxStringLength}`);
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= w.limits.maxDepth) {
    report(w, `nested deeper than ${w.limits.maxDepth} levels`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > w.limits.maxEntries) {
      report(w, `a list of ${value.length} entries is longer than the limit of ${w.limits.maxEntries}`);
      return;
    }
    for (let i = 0; i < value.length && !w.stopped; i++) {
      w.path.push(i);
      visit(w, value[i], depth + 1);
      w.path.pop();
    }
    return;
  }
  let entries = 0;
  for (const key in value) {
    if (w.stopped) return;
    if (++entries > w.limits.maxEntries) {
      report(w, `an object with more than ${w.limits.maxEntries} keys`);
      return;
    }
    if (FORBIDDEN_KEYS.has(key)) {
      report(w, `the key "${key}" is not allowed (it could reach an object's prototype)`, key);
      continue;
    }
    if (key.length > w.limits.maxStringLength) {
      report(w, `a key of ${key.length} characters is longer than the limit of ${w.limits.maxStringLength}`, key);
      continue;
    }
    w.path.push(key);
    visit(w, (value as Record<string, unknown>)[key], depth + 1);
    w.path.pop();
  }
}

/**
 * Checks one record (a sync page's item, or one element of a snapshot collection) against `limits`. Returns no
 * problems for a record within bounds. The walk never goes deeper than `maxDepth + 1` and stops after `maxNodes`
 * values, so it is itself safe on any input JSON.parse can produce.
 */
export function checkRecordLimits(record: unknown, limits: RecordLimits = RECORD_LIMITS): LimitProblem[] {
  const w: Walk = { limits, problems: [], path: [], nodes: 0, stopped: false };
  visit(w, record, 0);
  return w.problems;
}
