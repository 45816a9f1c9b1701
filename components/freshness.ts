// How fresh the answers are, said beside them: "Data as of 3 min ago", marked stale when older than STALE_AFTER_MS,
// and a sync error in words a support engineer can act on (addresses without their query strings: a paging cursor
// in a URL is noise, and may be long).
import type { SyncStatus } from '../core/source/data-source';

/** Older than this (four default sync intervals), the data is marked stale. */
export const STALE_AFTER_MS = 60 * 60_000;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "3 minutes ago", "yesterday"; a time ahead of the clock (skew) reads "just now". */
export function relativeTime(iso: string, now: number): string {
  const diff = now - Date.parse(iso);
  if (!Number.isFinite(diff) || diff < 60_000) return 'just now';
  for (const [unit, ms] of UNITS) if (diff >= ms) return relative.format(-Math.floor(diff / ms), unit);
  return 'just now';
}

export interface Freshness {
  /** "Data as of 3 minutes ago" / "No data synced yet". */
  text: string;
  stale: boolean;
  /** The exact time, for a tooltip and copied text. */
  asOf: string | null;
  /** The latest sync error, readable; null when the last sync went well. */
  error: string | null;
}

/** Addresses keep their origin and path; the query (paging cursors, tokens) goes. */
export const withoutQueries = (message: string): string =>
  message.replace(/\b(https?:\/\/[^\s?#"')]+)[?#][^\s"')]*?(?=[:,.;]?(?:\s|$|["')]))/g, '$1');

export function freshnessOf(status: SyncStatus | null, now: number): Freshness {
  const asOf = status?.dataAsOf ?? null;
  const error = status && status.state === 'error' && status.errors.length > 0 ? withoutQueries(status.errors[0].message) : null;
  if (asOf === null) return { text: status?.state === 'syncing' ? 'First sync running…' : 'No data synced yet', stale: true, asOf, error };
  const age = now - Date.parse(asOf);
  return { text: `Data as of ${relativeTime(asOf, now)}`, stale: Number.isFinite(age) && age > STALE_AFTER_MS, asOf, error };
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** The one date format of the panel: "5 Dec 2026, 11:57 (3 minutes ago)"; text that is no date is shown as it is. */
export function whenText(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return `${dateFormat.format(t)} (${relativeTime(iso, now)})`;
}

const momentFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** A moment of the history, in the panel's date format with the zone: "28 Nov 2026, 14:02 UTC". */
export function momentText(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? momentFormat.format(t) : iso;
}
