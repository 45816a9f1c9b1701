// Turns zod issues into problems that name the record (collection, index, id) and the field path inside it,
// so a support engineer can find the broken record in a 100 MB snapshot or a sync page.
import type { z } from 'zod';
import { checkRecordLimits, FORBIDDEN_KEYS, shorten } from './limits';
import {
  COLLECTION_NAMES,
  COLLECTION_SCHEMAS,
  MEMBERSHIP_KEY_SEPARATOR,
  SnapshotSchema,
  type CollectionName,
  type Snapshot,
} from './snapshot';

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
  const where =
    p.collection === null ? '' : `${p.collection}[${p.index}]${p.recordId !== null ? ` (id ${JSON.stringify(p.recordId)})` : ''}`;
  const field = p.path === '' ? '' : p.path;
  const location = [where, field].filter(Boolean).join(' ');
  return `${location || '(snapshot)'}: ${p.message}`;
}

/** Validates a whole snapshot. All problems are listed; nothing is half-read. */
export function parseSnapshot(input: unknown): ParseResult<Snapshot> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ collection: null, index: null, recordId: null, path: '', message: 'the snapshot must be a JSON object' }],
    };
  }
  // Size, depth and key guards first (core/model/limits.ts): each record on its own, so every problem names one.
  const limitProblems: SnapshotProblem[] = [];
  // The top level itself (SPEC §7): no forbidden key, and fields other than the collections (unknown ones are
  // ignored, not unchecked) within the same bounds as a record.
  const collectionNames = new Set<string>(COLLECTION_NAMES);
  for (const key in input) {
    const top = { collection: null, index: null, recordId: null };
    if (FORBIDDEN_KEYS.has(key)) {
      limitProblems.push({
        ...top,
        path: shorten(key, 60),
        message: `the key "${key}" is not allowed (it could reach an object's prototype)`,
      });
      continue;
    }
    const value = (input as Record<string, unknown>)[key];
    if (collectionNames.has(key) && Array.isArray(value)) continue;
    if (key === 'history' && isObject(value) && Array.isArray(value.entries)) {
      // Like a collection: each entry within a record's bounds on its own, so a long history is no problem.
      const { entries, ...head } = value;
      for (const p of checkRecordLimits({ history: head })) limitProblems.push({ ...top, ...p });
      entries.forEach((entry, i) => {
        for (const p of checkRecordLimits(entry))
          limitProblems.push({
            ...top,
            path: `history.entries[${i}]${p.path === '' ? '' : p.path.startsWith('[') ? p.path : `.${p.path}`}`,
            message: p.message,
          });
      });
      continue;
    }
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
  if (result.success && limitProblems.length === 0) {
    const historyProblems = checkHistoryRecords(result.data);
    if (historyProblems.length === 0) return { ok: true, value: result.data };
    return { ok: false, problems: historyProblems };
  }
  const seen = new Set(limitProblems.map((p) => `${p.collection}|${p.index}|${p.path}`));
  const schemaProblems = result.success ? [] : result.error.issues.map((i) => issueToProblem(input, i));
  return { ok: false, problems: [...limitProblems, ...schemaProblems.filter((p) => !seen.has(`${p.collection}|${p.index}|${p.path}`))] };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The key a record has in its collection's feed (core/api/contract.ts recordKey; repeated here: model comes first). */
const keyOf = (collection: CollectionName, r: Record<string, unknown>) =>
  collection === 'memberships' ? `${String(r.userId)}${MEMBERSHIP_KEY_SEPARATOR}${String(r.projectId)}` : String(r.id);

/**
 * The history section's records (issue 18): each `before`/`after` must be a valid record of its collection with the
 * entry's key, so "as of" never builds a state the engine cannot read. Valid records are replaced by what their
 * schema gives (as the collections are). Problems name the entry: `history.entries[3].after.tags[0]`.
 */
function checkHistoryRecords(snapshot: Snapshot): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  const top = { collection: null, index: null, recordId: null };
  snapshot.history?.entries.forEach((entry, i) => {
    for (const side of ['before', 'after'] as const) {
      const record = entry[side];
      if (record === null) continue;
      const where = `history.entries[${i}].${side}`;
      const parsed = COLLECTION_SCHEMAS[entry.collection].safeParse(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues.slice(0, 10))
          problems.push({
            ...top,
            path: `${where}${issue.path.length ? (typeof issue.path[0] === 'number' ? '' : '.') + formatPath(issue.path) : ''}`,
            message: `${issue.message} (a ${entry.collection} record)`,
          });
        continue;
      }
      const key = keyOf(entry.collection, parsed.data as Record<string, unknown>);
      if (key !== entry.key)
        problems.push({
          ...top,
          path: where,
          message: `the record's key is ${JSON.stringify(shorten(key, 200))}, not the entry's key ${JSON.stringify(shorten(entry.key, 200))}`,
        });
      else entry[side] = parsed.data;
    }
  });
  return problems;
}

/** A field's problem in one record of a collection (a sync page's item), named by collection and id. */
export const recordProblem = (collection: CollectionName, input: unknown, p: { path: string; message: string }): SnapshotProblem => ({
  collection,
  index: null,
  recordId: idOf(input),
  path: p.path,
  message: p.message,
});

/** What the hostile-input guards (core/model/limits.ts) find wrong in one record; checked before its schema. */
export const recordLimitProblems = (collection: CollectionName, input: unknown): SnapshotProblem[] =>
  checkRecordLimits(input).map((p) => recordProblem(collection, input, p));

/** Validates one record of a collection (a sync page's item), naming it by collection and id. */
export function parseRecord<C extends CollectionName>(collection: C, input: unknown): ParseResult<z.infer<(typeof COLLECTION_SCHEMAS)[C]>> {
  // A record that breaks the guards is not parsed further.
  const guarded = recordLimitProblems(collection, input);
  if (guarded.length > 0) return { ok: false, problems: guarded };
  const result = COLLECTION_SCHEMAS[collection].safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.infer<(typeof COLLECTION_SCHEMAS)[C]> };
  return {
    ok: false,
    problems: result.error.issues.map((issue) =>
      recordProblem(collection, input, { path: formatPath(issue.path), message: issue.message }),
    ),
  };
}
