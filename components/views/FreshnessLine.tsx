// One line beside the answers: how old the data is (kept current while the panel is open), stale marked, and the
// last sync error where the answer is read rather than only in the Sync tab.
import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus } from '../../core/source/data-source';
import { freshnessOf } from '../freshness';

const TICK_MS = 30_000;

export function FreshnessLine(props: { status: SyncStatus | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  const f = freshnessOf(props.status, now);
  return (
    <div class={`freshness${f.stale ? ' stale' : ''}`} data-freshness={f.stale ? 'stale' : 'fresh'}>
      <span title={f.asOf ?? undefined}>
        {f.text}
        {f.stale && f.asOf !== null ? ' — stale, a sync is due' : ''}
      </span>
      {f.error !== null && (
        <p class="error" role="alert" data-sync-error>
          Last sync failed: {f.error}
        </p>
      )}
    </div>
  );
}
