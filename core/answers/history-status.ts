// The Sync view's account of the history: from when it is complete, how many changes and how big, the retention it
// is kept to, and its gaps. Counts come from the history the source holds (what the answers can use).
import type { History } from '../model/history';
import type { HistoryStatus } from '../source/data-source';
import { gapFact } from './history-facts';

export interface HistoryKeeping {
  /** The cache's size of the history (null: it came from a snapshot file). */
  bytes: number | null;
  retention: { days: number; megabytes: number } | null;
}

export function historyStatus(history: History, keeping: HistoryKeeping): HistoryStatus {
  const entries = history.entries;
  return {
    since: history.since,
    count: entries.length,
    bytes: keeping.bytes,
    retention: keeping.retention,
    oldest: entries.length > 0 ? entries[0].at : null,
    newest: entries.length > 0 ? entries[entries.length - 1].at : null,
    gaps: history.gaps.map(gapFact),
  };
}
