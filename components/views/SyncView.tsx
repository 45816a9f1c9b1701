// How fresh the cached data is: data as of, progress while syncing, errors, quarantined records, and refresh.
import { whenText, withoutQueries } from '../freshness';
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

export const syncView = defineView({ id: 'sync', label: 'Sync', needsUser: false, component: SyncView, css: SYNC_CSS });
