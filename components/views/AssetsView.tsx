// The asset on screen explained step by step, and every cached asset with its effect for the inspected user in a
// searchable, filterable virtual list (rows fetched a block at a time).
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { AssetRow, EffectFilter } from '../../core/source/data-source';
import { ASSET_LIST_BLOCK } from '../../core/source/limits';
import { EFFECT_LABEL, countOf } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { Explanation } from './Explanation';
import { PagedRows } from './paged-rows';
import { VirtualList } from './VirtualList';
import { WhoCanSeeView } from './WhoCanSeeView';
import { PageAssets } from './PageAssets';
import { RegistrationFacts } from './RegistrationFacts';
import { FlipRadius } from './FlipRadius';
import { ShareAnswer } from './ShareAnswer';
import { explanationMarkdown, explanationText } from '../copy-text';
import { shareLink } from '../panel/share-link';
import { defineView } from './view';
import { ASSETS_CSS } from './assets-css';

const ROW_HEIGHT = 28;

export function AssetsView() {
  const userId = useInspectedUser();
  const panel = usePanel();
  const ctx = panel.context.value;
  // The asset a detail page is about, and the asset rows of the page (listed first, with counts per effect).
  const onScreenAssetId = ctx.assetDetailId;
  // An asset asked for from outside the list (a badge's click, a link): explained first, and the focus moves to it.
  const request = panel.request.value;
  const requested = request?.kind === 'explain' ? request : null;
  // A pick from the list holds until another asset page is opened.
  const [pick, setPick] = useState<{ assetId: string; onScreen: string | null } | null>(null);
  const assetId = pick !== null && pick.onScreen === onScreenAssetId ? pick.assetId : onScreenAssetId;
  const setPicked = (id: string) => setPick({ assetId: id, onScreen: onScreenAssetId });
  const top = useRef<HTMLElement>(null);
  const [audienceOpen, setAudienceOpen] = useState(false);
  const requestN = requested?.n ?? 0;
  useEffect(() => {
    if (!requested) return;
    setPicked(requested.assetId);
    top.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestN]);

  return (
    <section ref={top} tabIndex={-1} aria-label="Asset explanation" data-assets-view>
      {assetId === null ? (
        <p class="muted">Open an asset's page, or pick an asset in the list, to see why this user can or cannot see it.</p>
      ) : (
        <>
          <ExplainOne userId={userId} assetId={assetId} />
          <button type="button" aria-expanded={audienceOpen ? 'true' : 'false'} onClick={() => setAudienceOpen(!audienceOpen)}>
            Who can see this asset?
          </button>
          {audienceOpen && <WhoCanSeeView assetId={assetId} />}
        </>
      )}
      <PageAssets
        userId={userId}
        assetIds={ctx.assetIds}
        onPick={(id) => {
          setPicked(id);
          top.current?.focus();
        }}
      />
      <AssetList userId={userId} onPick={setPicked} />
    </section>
  );
}

function ExplainOne(props: { userId: string; assetId: string }) {
  const { userId, assetId } = props;
  const { source } = usePanel();
  const panel = usePanel();
  // What copying the answer needs beside it: whose it is, how fresh the data is, the page to link to.
  const userName = panel.inspectedName.value;
  // An answer as of a past moment is about the data then: the copied text says which moment.
  const dataAsOf = panel.answersAsOf.value;
  const pageHref = panel.pageDocument.location?.href ?? null;
  const query = useQuery(() => source.explainAsset({ userId, assetId }).then((r) => r.explanation), [source, userId, assetId]);
  return (
    <QueryState query={query} empty={`Asset ${assetId} is not in the cached data.`}>
      {(e) => {
        const link = pageHref ? shareLink(pageHref, { kind: 'explain', assetId: e.assetId, userId: e.userId }) : null;
        const ctx = { userName, dataAsOf, link };
        return (
          <>
            <Explanation explanation={e} flipExtra={(i) => <FlipRadius userId={e.userId} assetId={e.assetId} index={i} />} />
            {e.steps[0]?.ok === false && <RegistrationFacts userId={e.userId} />}
            <ShareAnswer what="explanation" text={explanationText(e, ctx)} markdown={explanationMarkdown(e, ctx)} link={link} />
          </>
        );
      }}
    </QueryState>
  );
}

function AssetList(props: { userId: string; onPick: (assetId: string) => void }) {
  const { userId } = props;
  const panel = usePanel();
  const { source, idPrefix } = panel;
  const dataVersion = panel.dataVersion.value;
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [effect, setEffect] = useState<EffectFilter>('all');
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  // Typing settles before the source is asked again.
  useEffect(() => {
    const t = setTimeout(() => setQuery(input.trim()), 150);
    return () => clearTimeout(t);
  }, [input]);

  const rows = useMemo(() => {
    const paged = new PagedRows<AssetRow>(
      (offset, limit) => source.assetPage({ userId, query, effect, offset, limit }),
      ASSET_LIST_BLOCK,
      () => rerender(0),
    );
    paged.ensure(0, 0);
    return paged;
    // dataVersion: new data (a sync) pages the rows afresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, userId, query, effect, dataVersion]);
  useEffect(() => () => rows.close(), [rows]);

  const ensure = useMemo(() => (first: number, last: number) => rows.ensure(first, last), [rows]);
  // After a sync the same list reloads: keep showing it (and its scroll position) until the new count arrives.
  const listKey = `${userId}|${query}|${effect}`;
  const lastTotal = useRef<{ key: string; total: number } | null>(null);
  if (rows.total !== null) lastTotal.current = { key: listKey, total: rows.total };
  const total = rows.total ?? (lastTotal.current?.key === listKey ? lastTotal.current.total : null);
  const searchId = `${idPrefix}-asset-search`;
  const filterId = `${idPrefix}-asset-filter`;

  return (
    <div class="asset-list">
      <h3>All cached assets</h3>
      <div class="row">
        <label for={searchId}>Search assets</label>
        <input
          id={searchId}
          type="search"
          value={input}
          placeholder="Name, id, tag or site"
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
        <label for={filterId}>Effect</label>
        <select id={filterId} value={effect} onChange={(e) => setEffect((e.currentTarget as HTMLSelectElement).value as EffectFilter)}>
          <option value="all">All</option>
          <option value="full">Full</option>
          <option value="read">Read</option>
          <option value="hidden">Hidden</option>
        </select>
      </div>
      {rows.error !== null && (
        <p class="error" role="alert">
          Could not load: {rows.error}
        </p>
      )}
      <p class="muted" aria-live="polite">
        {total === null ? 'Loading…' : countOf(total, 'asset')}
      </p>
      {total !== null && total > 0 && (
        <VirtualList
          key={listKey}
          id={`${idPrefix}-assets`}
          label="Assets and their effect"
          count={total}
          rowHeight={ROW_HEIGHT}
          height={320}
          onRange={ensure}
          onPick={(i) => {
            const r = rows.row(i);
            if (r) props.onPick(r.assetId);
          }}
          renderRow={(i) => {
            const r = rows.row(i);
            if (!r) return <span class="muted">…</span>;
            return (
              <span class="asset-row" data-asset-id={r.assetId} title={r.firstReason?.message}>
                <span class={`effect effect-${r.effect}`}>{EFFECT_LABEL[r.effect]}</span>
                <span class="name">{r.name}</span>
                <span class="reason muted">{r.firstReason?.message ?? ''}</span>
              </span>
            );
          }}
        />
      )}
    </div>
  );
}

export const assetsView = defineView({
  id: 'assets',
  label: 'Assets',
  defaultOn: ['asset', 'fleet'],
  needsUser: true,
  answers: 'explain',
  component: AssetsView,
  css: ASSETS_CSS,
});
