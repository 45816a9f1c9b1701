// "As of" a past moment for every answer (issue 18): the panel's source asks each data question as of the moment
// the panel is set to, so no view carries its own as-of code; and the moments the header offers.
import type { DataSource } from '../../core/source/data-source';
import { momentText } from '../freshness';
import type { PlatformActions } from '../platform-actions';
import { DATA_SOURCE_METHOD_NAMES, NOW_ONLY_METHOD_NAMES, type DataSourceMethod } from '../../core/source/methods';

/** Methods about now whatever the moment (the sync, the history's own questions, which ask their moments themselves). */
const ABOUT_NOW: ReadonlySet<DataSourceMethod> = new Set(NOW_ONLY_METHOD_NAMES);

/** `source` with every data question asked as of `at` (an ISO time with a zone). */
export function sourceAsOf(source: DataSource, at: string): DataSource {
  const calls: Record<string, (request?: object) => Promise<unknown>> = {};
  for (const method of DATA_SOURCE_METHOD_NAMES) {
    const call = source[method] as (request?: object) => Promise<unknown>;
    calls[method] = ABOUT_NOW.has(method)
      ? (request) => call.call(source, request)
      : (request) => call.call(source, { ...request, asOf: at });
  }
  return { ...(calls as unknown as Omit<DataSource, 'subscribe'>), subscribe: (listener) => source.subscribe(listener) };
}

/**
 * The panel's writes while it answers as of a past moment: refused, not sent. The answers on screen (the roles a user
 * may give, a registrant's facts) are about then, and a change to the platform must be decided on the present.
 */
export function actionsAsOf(at: string): PlatformActions {
  return {
    assignRole: () =>
      Promise.resolve({
        ok: false,
        status: 0,
        message: `Not sent: the panel answers as of ${momentText(at)}, not now. Go back to now and check again before changing the platform.`,
        reasons: [],
      }),
  };
}

/** A `<input type="datetime-local">` value ("2026-11-28T14:02", the browser's zone) for an ISO time. */
export function localInputValue(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO time (UTC) of a `datetime-local` value read in the browser's zone; null for an empty or unreadable one. */
export function isoOfLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())) return null;
  const t = new Date(value.trim()).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

export interface MomentPreset {
  label: string;
  at: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PRESETS: readonly { label: string; ago: number }[] = [
  { label: '1 hour ago', ago: HOUR },
  { label: 'Yesterday', ago: DAY },
  { label: '7 days ago', ago: 7 * DAY },
  { label: '30 days ago', ago: 30 * DAY },
];

/**
 * The preset moments the history can answer for (from `since`, its start, to now), the start itself last: a preset
 * outside the history would only earn an error.
 */
export function momentPresets(since: string | null, now: number): MomentPreset[] {
  if (since === null) return [];
  const start = Date.parse(since);
  if (!Number.isFinite(start) || start >= now) return [];
  const presets = PRESETS.filter((p) => now - p.ago >= start).map((p) => ({ label: p.label, at: new Date(now - p.ago).toISOString() }));
  return [...presets, { label: 'Start of the history', at: new Date(start).toISOString() }];
}
