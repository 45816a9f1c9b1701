// The contract check of a sync page (SyncPageSchema), with a fast path for its changes: zod (jitless in the
// extension) parsed each of a 1M fleet's 1.14M changes as a discriminated union with two optional, caught fields,
// ~1.3 s of the first fill's worker thread. The page's own fields still go through zod; each change is taken by
// plain checks only when it is exactly a well-formed change (op, key, record for a put, a valid time and author),
// and any other change sends the whole page to zod, so the verdict, the value and the error are zod's.
// test/sync/page-check.test.ts compares both.
import { SyncPageSchema, type Change, type SyncPage } from '../api/contract';
import { HISTORY_AUTHOR_MAX, HistoryTimeSchema } from '../model/history';
import { exactKeys } from './record-check';

const PUT_KEYS: ReadonlySet<string> = new Set(['op', 'key', 'record', 'at', 'author']);
const DELETE_KEYS: ReadonlySet<string> = new Set(['op', 'key', 'at', 'author']);

/** The last change time that passed HistoryTimeSchema: a page's changes mostly share their times. */
let lastValidAt = '';

function validAt(at: unknown): at is string {
  if (typeof at !== 'string') return false;
  if (at === lastValidAt) return true;
  if (!HistoryTimeSchema.safeParse(at).success) return false;
  lastValidAt = at;
  return true;
}

/** The change as SyncPageSchema returns it, when it is one exactly as the schema reads it; else null. */
function fastChange(input: unknown): Change | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const c = input as Record<string, unknown>;
  const { op, key, at, author } = c;
  if (typeof key !== 'string' || key.length === 0 || !validAt(at)) return null;
  if (author !== null && (typeof author !== 'string' || author.length === 0 || author.length > HISTORY_AUTHOR_MAX)) return null;
  // Exactly the schema's fields, all checked: the parsed object itself is the change (no copy per record of a fill).
  if (op === 'put') return exactKeys(c, PUT_KEYS, 5) ? (c as Change) : null;
  if (op === 'delete') return exactKeys(c, DELETE_KEYS, 4) ? (c as Change) : null;
  return null;
}

/** The page as SyncPageSchema.safeParse returns it when it and all its changes take the fast path; else null. */
export function fastSyncPage(input: unknown): SyncPage | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const changes = (input as { changes?: unknown }).changes;
  if (!Array.isArray(changes)) return null;
  const out: Change[] = new Array<Change>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const change = fastChange(changes[i]);
    if (!change) return null;
    out[i] = change;
  }
  const envelope = SyncPageSchema.safeParse({ ...input, changes: [] });
  if (!envelope.success) return null;
  envelope.data.changes = out;
  return envelope.data;
}
