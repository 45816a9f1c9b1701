// Turns zod issues into problems that name the record (collection, index, id) and the field path inside it,
// so a support engineer can find the broken record in a 100 MB snapshot or a sync page.
import type { z } from 'zod';
import { checkRecordLimits, FORBIDDEN_KEYS, shorten } from './limits';
import { COLLECTION_NAMES, COLLECTION_SCHEMAS, SnapshotSchema, type CollectionName, type Snapshot } from './snapshot';

export interface SnapshotProblem {
  /** e.g. "projectRoles", or null for a top-level problem such as `version`. */
  collection: string | null;
  index: number | null;
  /** The record's id when it has a readable one. */
  recordId: string | null;
  /** Path inside the record, e.g. "tags[0].write"; the top-level field for top-level problems. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: SnapshotProblem[] };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function idOf(record: unknown): string | null {
  if (record && typeof record === 'object' && !Array.isArray(record)) {
    const r = record as Record<string, unknown>;
    // Cut: a hostile id may be megabytes long, and the problem is printed.
    if (typeof r.id === 'string') return shorten(r.id, 200);
    // Memberships have no id of their own: name them by what makes them unique.
    if (typeof r.userId === 'string' && typeof r.projectId === 'string') return shorten(`${r.userId}@${r.projectId}`, 200);
  }
  return null;
}

function issueToProblem(input: unknown, issue: z.core.$ZodIssue): SnapshotProblem {
  const [collection, index, ...rest] = issue.path;
  if (typeof collection === 'string' && typeof index === 'number' && collection in COLLECTION_SCHEMAS) {
    const records = (input as Record<string, unknown>)[collection];
    const record = Array.isArray(records) ? records[index] : undefined;
    return { collection, index, recordId: idOf(record), path: formatPath(rest), message: issue.message };
  }
  return { collection: null, index: null, recordId: null, path: formatPath(issue.path), message: issue.message };
}

/** One line a problem: `projectRoles[3] (id "pr-ops") tags[0].write: write without read`. */
export function formatProblem(p: SnapshotProblem): string {
  const where = p.collection === null ? '' : `${p.collection}[${p.index}]${p.recordId !== null ? ` (id ${JSON.stringify(p.recordId)})` : ''}`;
  const field = p.path === '' ? '' : p.path;
  const location = [where, field].filter(Boolean).join(' ');
  return `${location || '(snapshot)'}: ${p.message}`;
}

/** Validates a whole snapshot. All problems are listed; nothing is half-read. */
export function parseSnapshot(input: unknown): ParseResult<Snapshot> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ collection: null, index: null, recordId: null, path: '', message: 'the snapshot must be a JSON object' }] };
  }
  // Size, depth and key guards first (core/model/limits.ts): each record on its own, so every problem names one.
  const limitProblems: SnapshotProblem[] = [];
  // The top level itself (SPEC §7): no forbidden key, and fields other than the collections (unknown ones are
  // ignored, not unchecked) within the same bounds as a record.
  const collectionNames = new Set<string>(COLLECTION_NAMES);
  for (const key in input) {
    const top = { collection: null, index: null, recordId: null };
    if (FORBIDDEN_KEYS.has(key)) {
      limitProblems.push({ ...top, path: shorten(key, 60), message: `the key "${key}" is not allowed (it could reach an object's prototype)` });
      continue;
    }
    const value = (input as Record<string, unknown>)[key];
    if (collectionNames.has(key) && Array.isArray(value)) continue;
    for (const p of checkRecordLimits({ [key]: value })) limitProblems.push({ ...top, ...p });
  }
  for (const collection of COLLECTION_NAMES) {
    const records = (input as Record<string, unknown>)[collection];
    if (!Array.isArray(records)) continue;
    records.forEach((record, index) => {
      for (const p of checkRecordLimits(record)) limitProblems.push({ collection, index, recordId: idOf(record), ...p });
    });
  }
  const result = SnapshotSchema.safeParse(input);
  if (result.success && limitProblems.length === 0) return { ok: true, value: result.data };
  const seen = new Set(limitProblems.map((p) => `${p.collection}|${p.index}|${p.path}`));
  const schemaProblems = result.success ? [] : result.error.issues.map((i) => issueToProblem(input, i));
  return { ok: false, problems: [...limitProblems, ...schemaProblems.filter((p) => !seen.has(`${p.collection}|${p.index}|${p.path}`))] };
}

/** Validates one record of a collection (a sync page's item), naming it by collection and id. */
export function parseRecord<C extends CollectionName>(
  collection: C,
  input: unknown,
): ParseResult<z.infer<(typeof COLLECTION_SCHEMAS)[C]>> {
  // Hostile-input guards before zod (core/model/limits.ts); a record that breaks them is not parsed further.
  const guarded = checkRecordLimits(input);
  if (guarded.length > 0) {
    return { ok: false, problems: guarded.map((p) => ({ collection, index: null, recordId: idOf(input), path: p.path, message: p.message })) };
  }
  const result = COLLECTION_SCHEMAS[collection].safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.infer<(typeof COLLECTION_SCHEMAS)[C]> };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      collection,
      index: null,
      recordId: idOf(input),
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}
