// The assets of this page first: how many the inspected user sees fully, read-only or not at all, then each asset
// with its whole deciding reason (wrapped, never cut off), sortable by effect or name; picking one explains it.
import { useState } from 'preact/hooks';
import type { Effect } from '../../core/source/data-source';
import { EFFECT_DESCRIPTION, EFFECT_LABEL, countOf } from '../labels';
import { MAX_EFFECT_IDS_LIMIT } from '../../core/source/limits';
import { useQuery } from '../panel/use-query';
import { usePanel } from '../panel/use-panel';

type Sort = 'effect' | 'name' | 'page';
const EFFECT_RANK: Record<Effect, number> = { hidden: 0, read: 1, full: 2 };
const EFFECTS: readonly Effect[] = ['full', 'read', 'hidden'];

export function PageAssets(props: { userId: string; assetIds: readonly string[]; onPick: (assetId: string) => void }) {
  const { userId } = props;
  const { source } = usePanel();
  const { idPrefix } = usePanel();
  const ids = props.assetIds.slice(0, MAX_EFFECT_IDS_LIMIT);
  const [sort, setSort] = useState<Sort>('page');
  const query = useQuery(() => source.assetEffects({ userId, assetIds: ids }).then((r) => r.rows), [source, userId, ids.join('\u0000')]);
  const rows = query.data ?? [];
  // Only what the data answers: no cached data (signed out, not synced) shows nothing of the page's rows.
  if (ids.length === 0 || rows.length === 0) return null;
  const counts = { full: 0, read: 0, hidden: 0 };
  for (const r of rows) counts[r.effect]++;
  const order = new Map(ids.map((id, i) => [id, i]));
  const sorted = [...rows].sort((a, b) =>
    sort === 'effect'
      ? EFFECT_RANK[a.effect] - EFFECT_RANK[b.effect] || a.name.localeCompare(b.name)
      : sort === 'name'
        ? a.name.localeCompare(b.name)
        : order.get(a.assetId)! - order.get(b.assetId)!,
  );
  const sortId = `${idPrefix}-page-assets-sort`;
  return (
    <section class="page-assets" aria-labelledby={`${idPrefix}-page-assets-title`} data-page-assets>
      <h3 id={`${idPrefix}-page-assets-title`}>On this page: {countOf(rows.length, 'asset')}</h3>
      {query.error !== null && (
        <p class="error" role="alert">
          Could not load: {query.error}
        </p>
      )}
      <p data-page-counts>
        {EFFECTS.map((e, i) => (
          <span key={e}>
            {i > 0 ? ' · ' : ''}
            <span class={`effect effect-${e}`}>{EFFECT_DESCRIPTION[e]}</span>{' '}
            <strong data-count={e}>{counts[e].toLocaleString('en')}</strong>
          </span>
        ))}
      </p>
      <div class="row">
        <label for={sortId}>Sort by</label>
        <select id={sortId} value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as Sort)}>
          <option value="page">Order on the page</option>
          <option value="effect">Effect (hidden first)</option>
          <option value="name">Name</option>
        </select>
      </div>
      <ul class="page-asset-rows">
        {sorted.map((r) => (
          <li key={r.assetId} data-asset-id={r.assetId}>
            {/* The name a screen reader hears holds the visible words ("Explain hidden ZR 90"), so speech input works. */}
            <button type="button" class="linklike" onClick={() => props.onPick(r.assetId)}>
              <span class="sr-only">Explain </span>
              <span class={`effect effect-${r.effect}`}>{EFFECT_LABEL[r.effect]}</span> <span class="name">{r.name}</span>
            </button>
            {r.firstReason && <p class="reason">{r.firstReason.message}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
