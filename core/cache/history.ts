// The cache's history of changes (issue 18): one row per change of one record (HistoryRow, db.ts) with the record
// before and after, written by the sync in the same transaction as the change itself (core/sync/sync.ts), plus one
// bookkeeping row (totals and gaps). Reading it (historyEntries, historyStats, loadHistory) and keeping it within
// the user's retention (compactHistory) are here; compaction touches only these two tables, never the current state.
import type { CollectionName } from '../model/collections';
import { COLLECTION_NAMES } from '../model/collections';
import type { History, HistoryEntry, HistoryGap } from '../model/history';
import { emptySyncState, type CacheDb, type HistoryInfoRow, type HistoryRow, type SyncStateRow } from './db';
import { DAY_MS, retentionBytes, type HistoryRetention } from './history-retention';

export const HISTORY_INFO_ID = 'history';
/** Most gaps kept: beyond it the oldest two are merged into one (a longer hole, never a lost one). */
export const MAX_HISTORY_GAPS = 100;
/** What a row costs beyond its texts (keys, index entries), roughly. */
const ROW_OVERHEAD_BYTES = 64;

export function emptyHistoryInfo(): HistoryInfoRow {
  return { id: HISTORY_INFO_ID, count: 0, bytes: 0, gaps: [], compactedThrough: null, fill: null };
}

/** An instant as the history stores it: UTC, millisecond ISO text, so text order is time order. */
export function canonicalTime(time: string | number): string {
  return new Date(typeof time === 'number' ? time : Date.parse(time)).toISOString();
}

const ms = (time: string) => Date.parse(time);
export const laterOf = (a: string, b: string): string => (ms(a) >= ms(b) ? a : b);

export interface NewHistoryEntry {
  collection: CollectionName;
  key: string;
  at: string;
  author: string | null;
  before: unknown;
  after: unknown;
}

/** A record as a history row stores it: its JSON text, or null for none. */
export function encodeHistoryRecord(record: unknown): string | null {
  return record === null || record === undefined ? null : JSON.stringify(record);
}

export function toHistoryRow(entry: NewHistoryEntry): HistoryRow {
  return encodedHistoryRow({ ...entry, before: encodeHistoryRecord(entry.before), after: encodeHistoryRecord(entry.after) });
}

/** toHistoryRow for records already encoded (encodeHistoryRecord): the sync compares the texts, then stores them. */
export function encodedHistoryRow(
  entry: Omit<NewHistoryEntry, 'before' | 'after'> & { before: string | null; after: string | null },
): HistoryRow {
  const { before, after } = entry;
  return {
    collection: entry.collection,
    key: entry.key,
    at: canonicalTime(entry.at),
    author: entry.author,
    before,
    after,
    bytes: ROW_OVERHEAD_BYTES + entry.key.length + (entry.author?.length ?? 0) + (before?.length ?? 0) + (after?.length ?? 0),
  };
}

export function fromHistoryRow(row: HistoryRow): HistoryEntry {
  return {
    collection: row.collection,
    key: row.key,
    at: row.at,
    author: row.author,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  };
}

/** Gaps sorted by start, overlapping or touching ones merged (their reasons joined), at most MAX_HISTORY_GAPS. */
export function mergeGaps(gaps: readonly HistoryGap[]): HistoryGap[] {
  const sorted = gaps
    .map((g) => ({ from: canonicalTime(g.from), to: canonicalTime(g.to), reason: g.reason }))
    .sort((a, b) => ms(a.from) - ms(b.from));
  const out: HistoryGap[] = [];
  const join = (a: string, b: string) => (a.split('; ').includes(b) ? a : `${a}; ${b}`);
  for (const g of sorted) {
    const last = out.at(-1);
    if (last && ms(g.from) <= ms(last.to)) {
      last.to = laterOf(last.to, g.to);
      last.reason = join(last.reason, g.reason);
    } else out.push({ ...g });
  }
  while (out.length > MAX_HISTORY_GAPS) {
    const [a, b] = out.splice(0, 2);
    out.unshift({ from: a.from, to: laterOf(a.to, b.to), reason: join(a.reason, b.reason) });
  }
  return out;
}

/** The bookkeeping row (joins the caller's transaction). */
export async function readHistoryInfo(db: CacheDb): Promise<HistoryInfoRow> {
  return (await db.historyInfo.get(HISTORY_INFO_ID)) ?? emptyHistoryInfo();
}

/**
 * Changes whenever the history's answers may: rows added or dropped, gaps, the fill of the past, and each
 * collection's coverage (where the history starts). Read it with the rows it describes (one transaction).
 */
export function historyMark(info: HistoryInfoRow, states: ReadonlyArray<SyncStateRow | undefined>): string {
  const coverage = states.map((s) => s?.history ?? null);
  return JSON.stringify([info.count, info.compactedThrough, info.gaps.length, info.fill, coverage]);
}

/**
 * Appends rows and gaps, keeping the totals. Call inside the transaction that writes the changes they record (it
 * must include db.history and db.historyInfo), so a change and its history commit together or not at all.
 */
export async function addHistory(
  db: CacheDb,
  rows: readonly HistoryRow[],
  gaps: readonly HistoryGap[],
  patch: Partial<HistoryInfoRow> = {},
): Promise<void> {
  if (rows.length === 0 && gaps.length === 0 && Object.keys(patch).length === 0) return;
  const info = await readHistoryInfo(db);
  if (rows.length > 0) await db.history.bulkAdd(rows as HistoryRow[]);
  await db.historyInfo.put({
    ...info,
    ...patch,
    count: info.count + rows.length,
    bytes: info.bytes + rows.reduce((sum, r) => sum + r.bytes, 0),
    gaps: gaps.length > 0 ? mergeGaps([...info.gaps, ...gaps]) : info.gaps,
  });
}

/** Forgets the whole history (the cache now belongs to another platform or key). */
export async function clearHistory(db: CacheDb): Promise<void> {
  await db.transaction('rw', [db.history, db.historyInfo], async () => {
    await db.history.clear();
    await db.historyInfo.clear();
  });
}

/**
 * From when the history is complete (but for its gaps): every collection's first fill caught up by then, and no
 * compaction dropped a later change. Null while a collection has never caught up.
 */
export async function historySince(db: CacheDb): Promise<string | null> {
  return db.transaction('r', [db.syncState, db.historyInfo], async () => {
    const rows = await db.syncState.bulkGet(COLLECTION_NAMES);
    let since: string | null = null;
    for (const [i, c] of COLLECTION_NAMES.entries()) {
      const coverage = (rows[i] ?? emptySyncState(c)).history;
      if (!coverage) return null;
      since = since === null ? coverage.since : laterOf(since, coverage.since);
    }
    const info = await readHistoryInfo(db);
    return since !== null && info.compactedThrough ? laterOf(since, info.compactedThrough) : since;
  });
}

export interface HistoryQuery {
  /** From this time (inclusive); from the oldest kept when absent. */
  since?: string;
  /** Up to this time (inclusive); to the newest when absent. */
  until?: string;
  collection?: CollectionName;
  /** One record (with `collection`). */
  key?: string;
}

/** The history's entries in a time range, oldest first (ties in the order they were recorded). */
export async function historyEntries(db: CacheDb, query: HistoryQuery = {}): Promise<HistoryEntry[]> {
  const since = query.since === undefined ? null : canonicalTime(query.since);
  const until = query.until === undefined ? null : canonicalTime(query.until);
  if (query.key !== undefined && query.collection === undefined) throw new Error('historyEntries: a key needs its collection');
  let rows: HistoryRow[];
  if (query.collection !== undefined && query.key !== undefined) {
    rows = (await db.history.where('[collection+key]').equals([query.collection, query.key]).toArray())
      .filter((r) => (since === null || r.at >= since) && (until === null || r.at <= until))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id! - b.id!));
  } else {
    const index = db.history.where('at');
    const range =
      since !== null && until !== null
        ? index.between(since, until, true, true)
        : since !== null
          ? index.aboveOrEqual(since)
          : until !== null
            ? index.belowOrEqual(until)
            : db.history.orderBy('at');
    rows = await (query.collection === undefined ? range : range.filter((r) => r.collection === query.collection)).toArray();
  }
  return rows.map(fromHistoryRow);
}

/** The history as the shared model has it (core/model/history.ts): null while it has no start yet. */
export async function loadHistory(db: CacheDb, query: Omit<HistoryQuery, 'collection' | 'key'> = {}): Promise<History | null> {
  const since = await historySince(db);
  if (since === null) return null;
  const from = query.since !== undefined && ms(query.since) > ms(since) ? query.since : since;
  const [entries, info] = await Promise.all([
    historyEntries(db, { since: from, until: query.until }),
    db.transaction('r', db.historyInfo, () => readHistoryInfo(db)),
  ]);
  return { since, entries, gaps: info.gaps };
}

export interface HistoryStats {
  count: number;
  bytes: number;
  /** Time of the oldest and newest change kept; null when none is. */
  oldest: string | null;
  newest: string | null;
  /** From when the history is complete (historySince). */
  since: string | null;
  gaps: HistoryGap[];
}

/** What the Sync view shows: how many changes, how big, from when, and where the holes are. Reads no entry. */
export async function historyStats(db: CacheDb): Promise<HistoryStats> {
  const since = await historySince(db);
  return db.transaction('r', [db.history, db.historyInfo], async () => {
    const info = await readHistoryInfo(db);
    const [oldest, newest] = await Promise.all([db.history.orderBy('at').first(), db.history.orderBy('at').last()]);
    return { count: info.count, bytes: info.bytes, oldest: oldest?.at ?? null, newest: newest?.at ?? null, since, gaps: info.gaps };
  });
}

/**
 * Drops the oldest changes beyond the retention: older than `days` before `now` (client clock: retention is the
 * user's setting, and a few minutes of clock offset do not matter to it), then the oldest while the history is
 * bigger than `megabytes`. The history is then complete only after the newest dropped change. Touches only the
 * history's two tables, so the current state cannot change.
 */
export async function compactHistory(db: CacheDb, retention: HistoryRetention, now: Date = new Date()): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - retention.days * DAY_MS).toISOString();
  const maxBytes = retentionBytes(retention);
  return db.transaction('rw', [db.history, db.historyInfo], async () => {
    const info = await readHistoryInfo(db);
    let remaining = info.bytes;
    const doomed: number[] = [];
    let through = null as string | null;
    await db.history
      .orderBy('at')
      .until((row) => !(row.at < cutoff || remaining > maxBytes))
      .each((row) => {
        doomed.push(row.id!);
        remaining -= row.bytes;
        through = row.at;
      });
    if (doomed.length === 0) return { deleted: 0 };
    await db.history.bulkDelete(doomed);
    const compactedThrough =
      info.compactedThrough && through ? laterOf(info.compactedThrough, through) : (through ?? info.compactedThrough);
    // A gap that ended before the new start says nothing any more; one across it starts there.
    const gaps = info.gaps
      .filter((g) => compactedThrough === null || ms(g.to) > ms(compactedThrough))
      .map((g) => (compactedThrough !== null && ms(g.from) < ms(compactedThrough) ? { ...g, from: compactedThrough } : g));
    await db.historyInfo.put({ ...info, count: info.count - doomed.length, bytes: remaining, compactedThrough, gaps });
    return { deleted: doomed.length };
  });
}
