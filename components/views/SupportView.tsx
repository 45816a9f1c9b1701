// For a support ticket: any asset of the page (or found by name) explained for the inspected user — the reason
// chain and the flips — with a Copy button for the plain text, and the two exports: the snapshot (SPEC §1 JSON,
// what the CLI reads) and the inspected user's access report (CSV).
import { useRef, useState } from 'preact/hooks';
import { explanationText } from '../copy-text';
import { downloadText } from '../export/download';
import { accessReportCsv, fileSafe, snapshotJson } from '../export/export-data';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { Explanation } from './Explanation';
import { defineView } from './view';
import { SUPPORT_CSS } from './support-css';

const MAX_PAGE_CHOICES = 300;

export function SupportView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const { idPrefix, context } = usePanel();
  const ctx = context.value;
  const [chosen, setChosen] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  // The asset a detail page is about first, then the asset rows of the page.
  const pageAssetIds = ctx.assetDetailId ? [ctx.assetDetailId, ...ctx.assetIds.filter((a) => a !== ctx.assetDetailId)] : ctx.assetIds;
  const onPage = pageAssetIds.slice(0, MAX_PAGE_CHOICES);
  const assetId = chosen ?? onPage[0] ?? null;
  const found = useQuery(
    () =>
      search.trim() === '' ? Promise.resolve(null) : source.assetPage({ userId, query: search.trim(), limit: 20 }).then((p) => p.rows),
    [source, userId, search],
  );
  const names = useQuery(
    () => source.assetEffects({ userId, assetIds: onPage }).then((r) => new Map(r.rows.map((x) => [x.assetId, x.name]))),
    [source, userId, onPage.join('\u0000')],
  );

  return (
    <section class="support">
      <h3>Explain an asset for a ticket</h3>
      {onPage.length > 0 && (
        <div class="row">
          <label for={`${idPrefix}-support-asset`}>Asset on this page</label>
          <select
            id={`${idPrefix}-support-asset`}
            value={assetId ?? ''}
            onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}
          >
            {onPage.map((id) => (
              <option key={id} value={id}>
                {names.data?.get(id) ?? id}
              </option>
            ))}
            {chosen !== null && !onPage.includes(chosen) && <option value={chosen}>{chosen}</option>}
          </select>
        </div>
      )}
      <div class="row">
        <label for={`${idPrefix}-support-search`}>Find an asset</label>
        <input
          id={`${idPrefix}-support-search`}
          type="search"
          placeholder="Name, id, tag or site"
          value={search}
          onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {found.data && found.data.length > 0 && (
        <ul class="found">
          {found.data.map((r) => (
            <li key={r.assetId}>
              <button
                type="button"
                onClick={() => {
                  setChosen(r.assetId);
                  setSearch('');
                }}
              >
                {r.name}
              </button>{' '}
              <span class="muted">{r.assetId}</span>
            </li>
          ))}
        </ul>
      )}
      {assetId === null ? (
        <p class="muted">This page lists no assets: find one by name or id.</p>
      ) : (
        <ExplainAndCopy userId={userId} assetId={assetId} />
      )}
      <Exports userId={userId} />
    </section>
  );
}

function ExplainAndCopy(props: { userId: string; assetId: string }) {
  const { userId, assetId } = props;
  const { source } = usePanel();
  const dataAsOf = usePanel().answersAsOf.value;
  const query = useQuery(
    () =>
      Promise.all([source.explainAsset({ userId, assetId }), source.who({ userId })]).then(([e, w]) =>
        e.explanation ? { e: e.explanation, name: w.facts?.user.name ?? null } : null,
      ),
    [source, userId, assetId],
  );
  const [copy, setCopy] = useState<{ state: 'copied' | 'failed'; text: string } | null>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  return (
    <QueryState query={query} empty={`Asset ${assetId} is not in the cached data.`}>
      {({ e, name }) => {
        const text = explanationText(e, { userName: name, dataAsOf });
        const doCopy = async () => {
          try {
            await navigator.clipboard.writeText(text);
            setCopy({ state: 'copied', text });
          } catch {
            // No clipboard permission (or an insecure page): show the text selected, ready for Ctrl+C.
            setCopy({ state: 'failed', text });
            queueMicrotask(() => fallback.current?.select());
          }
        };
        return (
          <>
            <div class="row">
              <button type="button" onClick={doCopy} data-copy-explanation>
                Copy as text for a ticket
              </button>
              <span role="status" class="muted">
                {copy?.state === 'copied' && copy.text === text ? 'Copied to the clipboard.' : ''}
              </span>
            </div>
            {copy?.state === 'failed' && copy.text === text && (
              <>
                <p class="error">The clipboard is not available here: select the text below and copy it.</p>
                <textarea ref={fallback} class="copy-fallback" readOnly rows={8} aria-label="Explanation as text" value={text} />
              </>
            )}
            <Explanation explanation={e} />
          </>
        );
      }}
    </QueryState>
  );
}

function Exports({ userId }: { userId: string }) {
  const { source } = usePanel();
  const anchor = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ what: string; progress: string; error: string | null } | null>(null);
  const run = async (what: 'snapshot' | 'report') => {
    const doc = anchor.current?.ownerDocument ?? document;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    setState({ what, progress: 'Starting…', error: null });
    try {
      if (what === 'snapshot') {
        const text = await snapshotJson(source, (done) =>
          setState({ what, progress: `${done.toLocaleString('en')} records`, error: null }),
        );
        downloadText(doc, `access-inspector-snapshot-${stamp}.json`, 'application/json', text);
      } else {
        const text = await accessReportCsv(source, userId, (done, total) =>
          setState({ what, progress: `${done.toLocaleString('en')} of ${(total ?? 0).toLocaleString('en')} assets`, error: null }),
        );
        // The byte-order mark makes spreadsheet programs read the file as UTF-8.
        downloadText(doc, `access-report-${fileSafe(userId)}-${stamp}.csv`, 'text/csv;charset=utf-8', `\uFEFF${text}`);
      }
      setState((s) => s && { ...s, progress: 'Downloaded.' });
    } catch (err) {
      setState({ what, progress: '', error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div class="exports" ref={anchor}>
      <h3>Export</h3>
      <div class="row">
        <button type="button" onClick={() => run('snapshot')} data-export="snapshot">
          Snapshot (JSON)
        </button>
        <button type="button" onClick={() => run('report')} data-export="report">
          Access report of this user (CSV)
        </button>
      </div>
      <p class="muted">
        The snapshot is the cached data as the CLI reads it (<code>access-inspector lint --data file.json</code>); it holds no API key or
        session. The report lists every cached asset with this user's effect and its first reason; names of assets hidden from them are left
        out.
      </p>
      {state && (
        <p role="status" class={state.error ? 'error' : 'muted'}>
          {state.error ? `Export failed: ${state.error}` : `${state.what === 'snapshot' ? 'Snapshot' : 'Report'}: ${state.progress}`}
        </p>
      )}
    </div>
  );
}

export const supportView = defineView({
  id: 'support',
  label: 'Explain & export',
  needsUser: true,
  component: SupportView,
  css: SUPPORT_CSS,
});
