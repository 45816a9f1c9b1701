// The record check of a sync page, with a fast path for the collections a large fleet's first fill is made of
// (assets, tickets, memberships: ~1.1M of the 1M fleet's 1.14M records). zod (jitless under the extension's CSP)
// costs ~2 µs and several allocations per record; these plain checks cost a tenth of that. The fast path only ever
// *accepts*: a record it does not take exactly as it is (a missing or extra field, a wrong type, an empty id, a text
// over the hostile-input bounds) goes to parseRecord, which gives the verdict and the problems, so a malformed
// record is refused with the same reasons as before. What it accepts, parseRecord accepts too and turns into the
// same value (the schema's fields, in the schema's order, tags copied): test/sync/record-check.test.ts compares
// both on valid, malformed and hostile records.
import { MEMBERSHIP_KEY_SEPARATOR, type Asset, type CollectionName, type Membership, type Ticket } from '../model/snapshot';
import { RECORD_LIMITS } from '../model/limits';
import { parseRecord, type ParseResult } from '../model/validate';

type Value<C extends CollectionName> = ReturnType<typeof parseRecord<C>> extends ParseResult<infer T> ? T : never;

const MAX_TEXT = RECORD_LIMITS.maxStringLength;

/** A text field: a string within the hostile-input bound (nonEmpty: an id). */
function text(value: unknown, nonEmpty: boolean): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && (!nonEmpty || value.length > 0);
}

/** A plain record (not null, not an array) with exactly `count` own enumerable keys, all of them in `known`. */
export function exactKeys(input: unknown, known: ReadonlySet<string>, count: number): input is Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  let n = 0;
  for (const key in input) {
    if (!Object.hasOwn(input, key) || !known.has(key)) return false;
    n++;
  }
  return n === count;
}

const ASSET_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'projectId', 'siteId', 'tags']);
const TICKET_KEYS: ReadonlySet<string> = new Set(['id', 'title', 'projectId', 'assetId', 'assigneeId']);
const MEMBERSHIP_KEYS: ReadonlySet<string> = new Set(['userId', 'projectId', 'projectRoleId']);

function fastAsset(r: unknown): Asset | null {
  if (!exactKeys(r, ASSET_KEYS, 5)) return null;
  if (!text(r.id, true) || !text(r.name, false) || !text(r.projectId, true) || !text(r.siteId, true)) return null;
  const tags = r.tags;
  if (!Array.isArray(tags) || tags.length > RECORD_LIMITS.maxEntries) return null;
  const copy: string[] = new Array<string>(tags.length);
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (!text(tag, true)) return null;
    copy[i] = tag;
  }
  return { id: r.id, name: r.name, projectId: r.projectId, siteId: r.siteId, tags: copy };
}

function fastTicket(r: unknown): Ticket | null {
  if (!exactKeys(r, TICKET_KEYS, 5)) return null;
  const { id, title, projectId, assetId, assigneeId } = r;
  if (!text(id, true) || !text(title, false) || !text(projectId, true)) return null;
  if (assetId !== null && !text(assetId, true)) return null;
  if (assigneeId !== null && !text(assigneeId, true)) return null;
  return { id, title, projectId, assetId, assigneeId };
}

function fastMembership(r: unknown): Membership | null {
  if (!exactKeys(r, MEMBERSHIP_KEYS, 3)) return null;
  const { userId, projectId, projectRoleId } = r;
  if (!text(userId, true) || userId.includes(MEMBERSHIP_KEY_SEPARATOR) || !text(projectId, true) || !text(projectRoleId, true)) return null;
  return { userId, projectId, projectRoleId };
}

const FAST: Partial<Record<CollectionName, (input: unknown) => unknown>> = {
  assets: fastAsset,
  tickets: fastTicket,
  memberships: fastMembership,
};

/** The record as parseRecord would return it when the fast path takes it as it is; null: ask parseRecord. */
export function fastRecord(collection: CollectionName, input: unknown): unknown {
  return FAST[collection]?.(input) ?? null;
}

/** Validates one record of a collection: the same verdict, value and problems as parseRecord, sooner for the hot collections. */
export function checkRecord<C extends CollectionName>(collection: C, input: unknown): ParseResult<Value<C>> {
  const fast = fastRecord(collection, input);
  if (fast) return { ok: true, value: fast as Value<C> };
  return parseRecord(collection, input);
}
