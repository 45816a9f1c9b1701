// How fresh the cached data is: data as of, progress while syncing, errors, quarantined records, and refresh.
import { momentText, whenText, withoutQueries } from '../freshness';
import { countOf } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useState } from 'preact/hooks';
import { usePanel } from '../panel/use-panel';
import { defineView } from './view';
import { SYNC_CSS } from './sync-css';

export function SyncView() {
  const { source, status: statusSignal } = usePanel();
  const status = statusSignal.value;
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const refresh = () => {
    setRefreshError(null);
    setAsked(true);
    source.refresh({}).then(
      (r) => !r.started && setRefreshError('A sync is already running or refresh is not available here.'),
      (err: unknown) => setRefreshError(err instanceof Error ? err.message : String(err)),
    );
  };
  if (status === null)
    return (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  const p = status.progress;
  return (
    <section>
      <dl class="facts">
        <dt>Data as of</dt>
        <dd>{status.dataAsOf ? whenText(status.dataAsOf) : 'Never synced'}</dd>
        <dt>State</dt>
        <dd>{status.state}</dd>
      </dl>
      {status.state === 'syncing' && (
        <div class="row">
          <progress aria-label="Sync progress" value={p?.done ?? undefined} max={p?.total ?? undefined} />
          <span class="muted">{p ? (p.total !== null ? `${p.done} of ${p.total}` : `${p.done} records`) : ''}</span>
        </div>
      )}
      <button type="button" onClick={refresh} disabled={status.state === 'syncing'}>
        Refresh now
      </button>
      {asked && refreshError !== null && (
        <p class="error" role="alert">
          {refreshError}
        </p>
      )}
      {status.errors.length > 0 && (
        <>
          <h3>Errors</h3>
          <ul class="errors">
            {status.errors.map((e, i) => (
              <li key={i} class="error">
                {e.at ? `${whenText(e.at)}: ` : ''}
                {withoutQueries(e.message)}
              </li>
            ))}
          </ul>
        </>
      )}
      <HistoryFacts />
      <h3>Quarantined records</h3>
      {status.quarantined.length === 0 ? (
        <p class="muted">None: every record the server sent passed its schema.</p>
      ) : (
        <>
          <p class="muted">
            The cache keeps the last valid version of each. Every sync asks the platform for them again; Refresh now does it at once.
          </p>
          <ul class="quarantine">
            {status.quarantined.map((q, i) => (
              <li key={`${q.collection}-${q.key}-${i}`}>
                {q.collection}
                {q.key !== null ? ` ${q.key}` : ''}
                {q.path ? ` ${q.path}` : ''}: {q.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The history of changes the data keeps (issue 18): its size against the retention, its range and its holes. */
function HistoryFacts() {
  const { nowSource } = usePanel();
  const query = useQuery(() => nowSource.historyStatus({}).then((r) => r.history), [nowSource]);
  return (
    <section data-history-status>
      <h3>History of changes</h3>
      <QueryState query={query} empty="None kept yet: the cache records changes from its next sync on.">
        {(h) => (
          <>
            <dl class="facts">
              <dt>Changes kept</dt>
              <dd>
                {countOf(h.count, 'change')}
                {h.bytes !== null ? `, ${sizeText(h.bytes)}` : ''}
              </dd>
              <dt>Kept for</dt>
              <dd>
                {h.retention
                  ? `${countOf(h.retention.days, 'day')}, at most ${h.retention.megabytes.toLocaleString('en')} MB (set in the options)`
                  : 'as the file holds it'}
              </dd>
              <dt>Complete since</dt>
              <dd>{momentText(h.since)}</dd>
              <dt>Changes from</dt>
              <dd>{h.oldest !== null && h.newest !== null ? `${momentText(h.oldest)} to ${momentText(h.newest)}` : 'none recorded yet'}</dd>
            </dl>
            {h.gaps.length === 0 ? (
              <p class="muted">No holes: every change since the start is kept.</p>
            ) : (
              <ul class="history-gaps" aria-label="Holes in the history">
                {h.gaps.map((g, i) => (
                  <li key={`${g.from}-${i}`} data-gap>
                    {momentText(g.from)} to {momentText(g.to)}: {g.text}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

export const syncView = defineView({ id: 'sync', label: 'Sync', needsUser: false, component: SyncView, css: SYNC_CSS });
