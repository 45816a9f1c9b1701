// The record check of a sync page, with a fast path for the collections a large fleet's first fill is made of
// (assets, tickets, memberships: ~1.1M of the 1M fleet's 1.14M records). zod (jitless under the extension's CSP)
// costs ~2 µs and several allocations per record; these plain checks cost a tenth of that. The fast path only ever
// *accepts*: a record it does not take exactly as it is (a missing or extra field, a wrong type, an empty id, a text
// over the hostile-input bounds) goes to parseRecord, which gives the verdict and the problems, so a malformed
// record is refused with the same reasons as before. What it accepts, parseRecord accepts too and turns into the
// same value (the schema's fields, in the schema's order): a record that already is that value is taken itself,
// not copied (a 1M fill's records mostly are). test/sync/record-check.test.ts compares both on valid, malformed and
// hostile records.
import { MEMBERSHIP_KEY_SEPARATOR, type Asset, type CollectionName, type Membership, type Ticket } from '../model/snapshot';
import { RECORD_LIMITS } from '../model/limits';
import { parseRecord, recordLimitProblems, recordProblem, type ParseResult } from '../model/validate';

type Value<C extends CollectionName> = ReturnType<typeof parseRecord<C>> extends ParseResult<infer T> ? T : never;

const MAX_TEXT = RECORD_LIMITS.maxStringLength;

/** A text field: a string within the hostile-input bound (nonEmpty: an id). */
function text(value: unknown, nonEmpty: boolean): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && (!nonEmpty || value.length > 0);
}

/** What exactKeys finds: not the schema's keys, its keys in another order, or its keys in the schema's order. */
const NOT_EXACT = 0;
const OTHER_ORDER = 1;
const SCHEMA_ORDER = 2;

/**
 * Whether `input` is a plain record (not null, not an array) whose own enumerable keys are exactly `order`'s, and
 * whether they come in that order: a record parsed from the platform's JSON mostly does, and is then already the
 * value parseRecord would build (JSON text in the same field order), so the fast path takes it without a copy.
 */
function exactKeys(
  input: unknown,
  order: readonly string[],
  known: ReadonlySet<string>,
): typeof NOT_EXACT | typeof OTHER_ORDER | typeof SCHEMA_ORDER {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return NOT_EXACT;
  let n = 0;
  let inOrder = true;
  for (const key in input) {
    if (!Object.hasOwn(input, key) || !known.has(key)) return NOT_EXACT;
    if (key !== order[n]) inOrder = false;
    n++;
  }
  if (n !== order.length) return NOT_EXACT;
  return inOrder ? SCHEMA_ORDER : OTHER_ORDER;
}

/**
 * The schema's fields of a record, in the schema's order, and how zod sees each of them (one letter per field, for
 * refusalKey): `i` an id (`Id`, nullable or not: a non-empty string), `u` a membership's user id (an id without the
 * key separator), `s` any string, `t` a list of tags (non-empty strings).
 */
const fieldsOf = (kinds: string, ...order: string[]) => ({ order, known: new Set(order) as ReadonlySet<string>, kinds });
const ASSET = fieldsOf('isiit', 'id', 'name', 'projectId', 'siteId', 'tags');
const TICKET = fieldsOf('isiii', 'id', 'title', 'projectId', 'assetId', 'assigneeId');
const MEMBERSHIP = fieldsOf('uii', 'userId', 'projectId', 'projectRoleId');

function validTags(tags: unknown): tags is string[] {
  if (!Array.isArray(tags) || tags.length > RECORD_LIMITS.maxEntries) return false;
  for (let i = 0; i < tags.length; i++) if (!text(tags[i], true)) return false;
  return true;
}

function fastAsset(input: unknown): Asset | null {
  const keys = exactKeys(input, ASSET.order, ASSET.known);
  if (keys === NOT_EXACT) return null;
  const r = input as Record<string, unknown>;
  const { id, name, projectId, siteId, tags } = r;
  if (!text(id, true) || !text(name, false) || !text(projectId, true) || !text(siteId, true) || !validTags(tags)) return null;
  return keys === SCHEMA_ORDER ? (r as Asset) : { id, name, projectId, siteId, tags: tags.slice() };
}

function fastTicket(input: unknown): Ticket | null {
  const keys = exactKeys(input, TICKET.order, TICKET.known);
  if (keys === NOT_EXACT) return null;
  const r = input as Record<string, unknown>;
  const { id, title, projectId, assetId, assigneeId } = r;
  if (!text(id, true) || !text(title, false) || !text(projectId, true)) return null;
  if (assetId !== null && !text(assetId, true)) return null;
  if (assigneeId !== null && !text(assigneeId, true)) return null;
  return keys === SCHEMA_ORDER ? (r as Ticket) : { id, title, projectId, assetId, assigneeId };
}

function fastMembership(input: unknown): Membership | null {
  const keys = exactKeys(input, MEMBERSHIP.order, MEMBERSHIP.known);
  if (keys === NOT_EXACT) return null;
  const r = input as Record<string, unknown>;
  const { userId, projectId, projectRoleId } = r;
  if (!text(userId, true) || userId.includes(MEMBERSHIP_KEY_SEPARATOR) || !text(projectId, true) || !text(projectRoleId, true)) return null;
  return keys === SCHEMA_ORDER ? (r as Membership) : { userId, projectId, projectRoleId };
}

/** The hot collections: their fast path and their fields. */
const HOT: Partial<Record<CollectionName, { fast: (input: unknown) => unknown; fields: typeof ASSET }>> = {
  assets: { fast: fastAsset, fields: ASSET },
  tickets: { fast: fastTicket, fields: TICKET },
  memberships: { fast: fastMembership, fields: MEMBERSHIP },
};

/** The record as parseRecord would return it when the fast path takes it as it is; null: ask parseRecord. */
export function fastRecord(collection: CollectionName, input: unknown): unknown {
  return HOT[collection]?.fast(input) ?? null;
}

/**
 * The class of a field's value that zod's verdict on it depends on, or null when it may depend on more (an object or
 * an array where a string belongs, a tag list with anything but non-empty strings): null, NaN, or the type of
 * anything else but a string; for a string, whether it is empty (an id) or holds the key separator (a membership's
 * user id).
 */
function classOf(kind: string, value: unknown): string | null {
  if (typeof value === 'string') {
    if (kind === 't') return 'x';
    if (kind === 's') return 's';
    return value === '' ? 'e' : kind === 'u' && value.includes(MEMBERSHIP_KEY_SEPARATOR) ? 'p' : 's';
  }
  if (value === null) return 'null';
  if (typeof value !== 'object') return Number.isNaN(value) ? 'NaN' : typeof value;
  if (kind === 't' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string' || value[i] === '') return null;
    return 'A';
  }
  return null;
}

/** A refused hot record's key in `refusals`: its collection and its fields' classes; null when not classed. */
function refusalKey(collection: CollectionName, input: unknown): string | null {
  const fields = HOT[collection]?.fields;
  if (!fields || input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  let key = collection;
  for (let f = 0; f < fields.kinds.length; f++) {
    // read as zod reads it (an inherited value too; a JSON record has none)
    const c = classOf(fields.kinds[f], (input as Record<string, unknown>)[fields.order[f]]);
    if (c === null) return null;
    key += `,${c}`;
  }
  return key;
}

/**
 * zod's problems with a refused hot record (path and message), by refusalKey: zod runs once per kind of refusal,
 * not once per record. A platform that starts sending a value the client's schema lacks makes most of a fill fail
 * (bench/quarantine.ts: 132,482 records refused), and zod's refusal of a record costs ~4 µs and an error object;
 * the classes are few (a field of each record broken the same way), and at most REFUSALS_KEPT are kept.
 */
const refusals = new Map<string, ReadonlyArray<{ path: string; message: string }>>();
const REFUSALS_KEPT = 1024;

/** parseRecord's verdict on a record the fast path did not take: from `refusals` when zod refused its class. */
function refusedHot<C extends CollectionName>(collection: C, input: unknown): ParseResult<Value<C>> {
  const key = refusalKey(collection, input);
  if (key === null) return parseRecord(collection, input);
  // the hostile-input guards come first, as in parseRecord: their problems depend on the values themselves
  const guarded = recordLimitProblems(collection, input);
  if (guarded.length > 0) return { ok: false, problems: guarded };
  const known = refusals.get(key);
  if (known) return { ok: false, problems: known.map((p) => recordProblem(collection, input, p)) };
  const parsed = parseRecord(collection, input);
  if (!parsed.ok && refusals.size < REFUSALS_KEPT)
    refusals.set(
      key,
      parsed.problems.map(({ path, message }) => ({ path, message })),
    );
  return parsed;
}

/** Validates one record of a collection: the same verdict, value and problems as parseRecord, sooner for the hot collections. */
export function checkRecord<C extends CollectionName>(collection: C, input: unknown): ParseResult<Value<C>> {
  const fast = fastRecord(collection, input);
  if (fast) return { ok: true, value: fast as Value<C> };
  return refusedHot(collection, input);
}
