// The platform API contract (SPEC §5) shared by the sync client and the demo server. openapi.yaml at the repo
// root describes the same thing for humans and other tools; these schemas are what the code checks against.
import { z } from 'zod';
import { HistoryAuthorSchema, HistoryEntrySchema, HistoryTimeSchema } from '../model/history';
import { COLLECTION_NAMES, MEMBERSHIP_KEY_SEPARATOR, SystemRoleSchema, UserSchema, type CollectionName } from '../model/snapshot';

export const API_PREFIX = '/api/v1';
export const API_KEY_HEADER = 'X-Api-Key';
export const SESSION_COOKIE = 'ai_session';
export const DEFAULT_PAGE_LIMIT = 500;
/**
 * The most changes one sync page holds, and what the client asks for. 10,000, not 5,000 (issue 13): a 1M first
 * sync is a chain of requests, each sent when the one before answers, and every link costs the platform's fixed
 * work and a round trip besides the records; with half the links it took 14.1–15.6 s instead of 14.9–18.4 s in
 * Chromium (six runs each; docs/DECISIONS.md). A platform that caps lower just answers smaller pages.
 */
export const MAX_PAGE_LIMIT = 10_000;
/** Longest requestId a server echoes (the client sends 16 hex digits). */
export const REQUEST_ID_MAX = 64;

export const CollectionNameSchema = z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]);

/** A record's key within its collection: its id, or `userId|projectId` for memberships (they have no id). */
export function recordKey(collection: CollectionName, record: { id?: unknown; userId?: unknown; projectId?: unknown }): string {
  if (collection === 'memberships') return `${String(record.userId)}${MEMBERSHIP_KEY_SEPARATOR}${String(record.projectId)}`;
  return String(record.id);
}

/**
 * When and by whom (issue 18). Unreadable values read as absent rather than refusing the page: the change itself
 * is still good, and the history marks a change without a time with a gap (core/sync/history.ts).
 */
const ChangeWhen = {
  /** Server time of this change. Absent from older servers: the client then knows only the page's time. */
  at: HistoryTimeSchema.optional().catch(undefined),
  /** User id of who made the change, where the platform says so; null: the platform does not know (a system change). */
  author: HistoryAuthorSchema.optional().catch(undefined),
};
const DeleteChangeSchema = z.object({ op: z.literal('delete'), key: z.string().min(1), ...ChangeWhen });
/**
 * One change of a collection's feed. `record` is left unknown here on purpose: the client validates each record
 * on its own (SPEC record schemas) so one bad record is quarantined without rejecting its page.
 */
export const ChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), key: z.string().min(1), record: z.unknown(), ...ChangeWhen }),
  DeleteChangeSchema,
]);
export type Change = z.infer<typeof ChangeSchema>;

/**
 * A change as a sync page sends it: a put may leave out a key its record carries (carriedKey), and any change the
 * time and author its page says for all (SyncPageWireSchema). A first fill's pages are then records and little else:
 * ~30% fewer bytes to build, compress, decode and parse (issue 13).
 */
const WireChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), key: z.string().min(1).optional(), record: z.unknown(), ...ChangeWhen }),
  DeleteChangeSchema,
]);
export type WireChange = z.infer<typeof WireChangeSchema>;

const filled = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The key a record carries (recordKey) when the fields that make it are non-empty strings, else null: only then
 * may a put leave out its key.
 */
export function carriedKey(collection: CollectionName, record: unknown): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  if (collection === 'memberships')
    return filled(r.userId) && filled(r.projectId) ? `${r.userId}${MEMBERSHIP_KEY_SEPARATOR}${r.projectId}` : null;
  return filled(r.id) ? r.id : null;
}

/**
 * GET {base}/api/v1/sync/{collection}?cursor=C&limit=N&requestId=R, as sent.
 * Changes after `cursor` (from the beginning when absent), ordered by the server's change sequence; each key
 * appears at most once per page, with its latest state. `cursor` is where the next request resumes.
 * 410 Gone: the cursor belongs to an earlier dataset; the client drops that collection and starts again.
 */
export const SyncPageWireSchema = z.object({
  collection: CollectionNameSchema,
  changes: z.array(WireChangeSchema),
  cursor: z.string().min(1),
  hasMore: z.boolean(),
  /** Server time when the page was read. Shown only: the sync never compares server times (clocks step). */
  serverTime: z.iso.datetime({ offset: true }),
  /**
   * The request's `requestId`, echoed. A page that carries another one is an old answer served again (a replay, an
   * answer overtaken by a later one): the client never takes it as the end of the feed. Absent from a server that
   * does not echo (no replay detection then beyond the cursor).
   */
  requestId: z.string().max(REQUEST_ID_MAX).optional(),
  /** The time and author of every change of the page that does not say its own (read as ChangeWhen reads them). */
  ...ChangeWhen,
});
export type SyncPageWire = z.infer<typeof SyncPageWireSchema>;

/** A sync page as the client reads it: every change has its key, and its time and author where known. */
export type SyncPage = Omit<SyncPageWire, 'changes' | 'at' | 'author'> & { changes: Change[] };

/**
 * The page as the client reads it, its changes completed in place: a put without a key gets the one its record
 * carries, a change without a time or an author gets the page's. `brokenAt`: the index of the first put that has
 * neither a key nor a record carrying one (the page breaks the contract).
 */
export function completePage(wire: SyncPageWire): SyncPage | { brokenAt: number } {
  const { at, author, ...page } = wire;
  const { collection, changes } = page;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if (change.key === undefined) {
      const key = change.op === 'put' ? carriedKey(collection, change.record) : null;
      if (key === null) return { brokenAt: i };
      change.key = key;
    }
    if (change.at === undefined && at !== undefined) change.at = at;
    if (change.author === undefined && author !== undefined) change.author = author;
  }
  return page as SyncPage;
}

/**
 * A page's changes as a platform sends them (the inverse of completePage): the page says its first change's time
 * and author, a change only those that differ, and a put leaves out the key its record carries. A page says a time
 * (an author) only when every change has one: a change's absent one would read as the page's.
 */
export function compactChanges(collection: CollectionName, changes: readonly Change[]): Pick<SyncPageWire, 'changes' | 'at' | 'author'> {
  const shared = <K extends 'at' | 'author'>(k: K): Change[K] => (changes.every((c) => c[k] !== undefined) ? changes[0]?.[k] : undefined);
  const at = shared('at');
  const author = shared('author');
  const out = changes.map((change) => {
    const wire: WireChange =
      change.op === 'delete'
        ? { op: 'delete', key: change.key }
        : carriedKey(collection, change.record) === change.key
          ? { op: 'put', record: change.record }
          : { op: 'put', key: change.key, record: change.record };
    if (change.at !== undefined && change.at !== at) wire.at = change.at;
    if (change.author !== undefined && change.author !== author) wire.author = change.author;
    return wire;
  });
  return { changes: out, ...(at !== undefined ? { at } : {}), ...(author !== undefined ? { author } : {}) };
}

/** A sync page read and completed (completePage). */
export const SyncPageSchema = SyncPageWireSchema.transform((wire, ctx): SyncPage => {
  const page = completePage(wire);
  if ('brokenAt' in page) {
    ctx.addIssue({
      code: 'custom',
      path: ['changes', page.brokenAt, 'key'],
      message: 'a put without a key needs a record that carries it (a non-empty id; userId and projectId for memberships)',
    });
    return z.NEVER;
  }
  return page;
});

/** Default and most entries one history page holds. */
export const DEFAULT_HISTORY_LIMIT = 1000;
export const MAX_HISTORY_LIMIT = 5000;

/**
 * GET {base}/api/v1/history?since=ISO&cursor=C&limit=N (issue 18) — every change of every collection the server
 * still keeps, oldest first (ties in the server's change order), each with its record before and after. `since`
 * starts the first request (absent: from the oldest kept), `cursor` resumes after the page that returned it.
 * `since` in the answer is the oldest time the server can serve: the history is complete from there.
 * 410 Gone (HistoryGoneSchema): `since` or `cursor` is older than the server keeps; the answer says from when it has.
 */
export const HistoryPageSchema = z.object({
  entries: z.array(HistoryEntrySchema),
  cursor: z.string().min(1),
  hasMore: z.boolean(),
  since: HistoryTimeSchema,
  serverTime: HistoryTimeSchema,
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

/** Most keys one lookup may ask for (the sync asks for quarantined records in batches of at most this many). */
export const MAX_LOOKUP_KEYS = 5000;

/**
 * POST {base}/api/v1/sync/{collection}/lookup with {keys}: the current state of each key, as changes (a `put` with
 * the record, or a `delete` when the server holds no such record). How a client fetches again the records it
 * refused (quarantined) without paging the whole feed: the cursor does not move.
 */
export const LookupRequestSchema = z.object({ keys: z.array(z.string().min(1)).min(1).max(MAX_LOOKUP_KEYS) });
export const LookupResponseSchema = z.object({
  collection: CollectionNameSchema,
  changes: z.array(ChangeSchema),
  serverTime: z.iso.datetime({ offset: true }),
});
export type LookupResponse = z.infer<typeof LookupResponseSchema>;

/** GET {base}/api/v1/me — who is signed in (by session cookie or API key). */
export const MeSchema = z.object({
  user: UserSchema,
  systemRole: SystemRoleSchema.nullable(),
  /** How this request was authenticated. */
  auth: z.enum(['session', 'apiKey']),
});
export type Me = z.infer<typeof MeSchema>;

/** Body of every non-2xx answer. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.enum(['unauthorized', 'forbidden', 'notFound', 'badRequest', 'gone', 'rateLimited', 'serverError', 'conflict']),
    message: z.string(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** 410 of the history endpoint: an ApiError that also says the oldest time the server can serve. */
export const HistoryGoneSchema = ApiErrorSchema.extend({ since: HistoryTimeSchema });
export type HistoryGone = z.infer<typeof HistoryGoneSchema>;

/** A reason an assignment was refused, with the engine's stable code (R6 check codes, NOT_A_VERIFIER, …). */
export const ApiReasonSchema = z.object({ code: z.string(), message: z.string() });

/**
 * POST {base}/api/v1/users/{userId}/role — the signed-in user (session cookie or API key) gives the user a system
 * role. The server runs the same rules as the engine: R6 for everyone, and R8 for a pending registrant (only one
 * of its verifiers may give it a role; verifying also makes it active). `ifCurrentRoleId` (null = "still has no
 * role") makes the request conditional: 409 when the user's role changed in the meantime.
 */
export const AssignRoleRequestSchema = z.object({
  roleId: z.string().min(1),
  ifCurrentRoleId: z.string().min(1).nullable().optional(),
});

export const AssignRoleResponseSchema = z.object({
  /** The user as stored now (it comes back through sync too). */
  user: UserSchema,
  assignedBy: z.string(),
  /** A pending registrant was verified (its status is now active). */
  verified: z.boolean(),
});
export type AssignRoleResponse = z.infer<typeof AssignRoleResponseSchema>;

/** An ApiError that also lists every failing check (403) — still a valid ApiError. */
export const AssignRoleErrorSchema = z.object({
  error: ApiErrorSchema.shape.error.extend({ reasons: z.array(ApiReasonSchema).optional() }),
});
export type AssignRoleError = z.infer<typeof AssignRoleErrorSchema>;
