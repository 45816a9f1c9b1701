// The contract check of a sync page (SyncPageSchema), with a fast path for its changes: zod (jitless in the
// extension) parsed each of a 1M fleet's 1.14M changes as a discriminated union with two optional, caught fields,
// ~1.3 s of the first fill's worker thread. The page's own fields still go through zod; each change is taken by
// plain checks only when it is exactly a well-formed change (op, a key or a put's record that carries one, a valid
// time and author where present), and any other change sends the whole page to zod, so the verdict, the value and
// the error are zod's. Both complete the changes the same way (completePage).
// test/sync/page-check.test.ts compares both.
import { SyncPageWireSchema, completePage, type SyncPage, type WireChange } from '../api/contract';
import { HISTORY_AUTHOR_MAX, HistoryTimeSchema } from '../model/history';

/** The last change time that passed HistoryTimeSchema: a page's changes mostly share their times. */
let lastValidAt = '';

function validAt(at: unknown): at is string {
  if (typeof at !== 'string') return false;
  if (at === lastValidAt) return true;
  if (!HistoryTimeSchema.safeParse(at).success) return false;
  lastValidAt = at;
  return true;
}

const validAuthor = (author: unknown) =>
  author === null || (typeof author === 'string' && author.length > 0 && author.length <= HISTORY_AUTHOR_MAX);

/**
 * The change as the wire schema returns it, when it is one exactly as the schema reads it (its own fields only, each
 * valid where present; a put without a key is completed later); else null.
 */
function fastChange(input: unknown): WireChange | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const c = input as Record<string, unknown>;
  let fields = 0;
  for (const name in c) {
    if (!Object.hasOwn(c, name)) return null;
    fields++;
  }
  const { op, key, at, author } = c;
  let present = 1; // op
  if (key !== undefined) {
    if (typeof key !== 'string' || key.length === 0) return null;
    present++;
  }
  if (at !== undefined) {
    if (!validAt(at)) return null;
    present++;
  }
  if (author !== undefined) {
    if (!validAuthor(author)) return null;
    present++;
  }
  // Only the schema's fields, all checked: the parsed object itself is the change (no copy per record of a fill).
  if (op === 'put') return 'record' in c && fields === present + 1 ? (c as WireChange) : null;
  if (op === 'delete') return key !== undefined && fields === present ? (c as WireChange) : null;
  return null;
}

/** The page as SyncPageSchema.safeParse returns it when it and all its changes take the fast path; else null. */
export function fastSyncPage(input: unknown): SyncPage | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const changes = (input as { changes?: unknown }).changes;
  if (!Array.isArray(changes)) return null;
  const out: WireChange[] = new Array<WireChange>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const change = fastChange(changes[i]);
    if (!change) return null;
    out[i] = change;
  }
  const envelope = SyncPageWireSchema.safeParse({ ...input, changes: [] });
  if (!envelope.success) return null;
  envelope.data.changes = out;
  const page = completePage(envelope.data);
  // A put that neither has nor carries its key: the schema names the fault.
  return 'brokenAt' in page ? null : page;
}
