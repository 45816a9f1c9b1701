// Turns what core/sync and core/cache report into the panel's SyncStatus fields. Pure and types-only imports: the
// background (or the widget) calls it and hands the result to DirectSource.setSyncStatus.
import type { QuarantineRow } from '../cache/db';
import type { SyncStatus as CacheSyncStatus } from '../sync/run';
import type { ApiErrorKind } from '../sync/errors';
import type { SyncProgress } from '../sync/sync';
import type { SyncStatusFields } from './direct-source';

/** Keep the panel's list short; the count says how many there are. */
export const QUARANTINE_SHOWN = 200;

export interface SyncStatusInput {
  status: CacheSyncStatus;
  quarantine: readonly QuarantineRow[];
  /** The latest progress event per collection of a sync that is running now (empty/undefined when none runs). */
  running?: ReadonlyMap<string, SyncProgress> | null;
}

export function toPanelSyncStatus({ status, quarantine, running }: SyncStatusInput): SyncStatusFields {
  const syncing = running != null && running.size > 0;
  let done = 0;
  let total: number | null = 0;
  for (const p of running?.values() ?? []) {
    done += p.recordsDone;
    total = total === null || p.estimatedTotal === undefined ? null : total + p.estimatedTotal;
  }
  const neverSynced = status.collections.every((c) => c.dataAsOf === null);
  return {
    state: syncing ? 'syncing' : status.errors.length > 0 ? 'error' : neverSynced ? 'empty' : 'idle',
    dataAsOf: status.dataAsOf,
    progress: syncing ? { done, total: total !== null && total >= done ? total : null } : null,
    errors: status.errors.map((e) => ({
      message: `${e.collection}: ${e.message}${e.kind === ('AuthError' satisfies ApiErrorKind) ? ' — check the API key or sign in again' : ''}`,
      at: e.at,
    })),
    quarantined: quarantine.slice(0, QUARANTINE_SHOWN).map((q) => ({
      collection: q.collection,
      key: q.key,
      path: q.problems
        .map((p) => p.path)
        .filter(Boolean)
        .join(', '),
      message: q.problems.map((p) => p.message).join('; '),
    })),
  };
}
