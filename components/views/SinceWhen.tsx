// Since when an asset's current effect holds for the user, and the change that made it so (issue 18): "Hidden since
// 28 Nov 2026, 14:02 UTC — role «Technician» lost read on tag «pumps»", or since before the history starts. About
// now only: while the panel answers as of a past moment it is not shown (it would describe another moment).
import type { SinceWhenFacts } from '../../core/source/data-source';
import { momentText } from '../freshness';
import { EFFECT_DESCRIPTION } from '../labels';
import { useQuery } from '../panel/use-query';
import { usePanel } from '../panel/use-panel';
import { causesText } from './history-words';

export function sinceWhenText(s: SinceWhenFacts): string {
  const effect = EFFECT_DESCRIPTION[s.effect];
  if (s.code === 'BEFORE_HISTORY') return `${effect} since before the history starts (${momentText(s.since)}): no change since`;
  if (s.code === 'AFTER_GAP')
    return `${effect} at least since ${momentText(s.since)}, the end of a hole in the history: an earlier change is not claimed`;
  const cause = causesText(s.causes);
  return `${effect} since ${momentText(s.since)}${cause ? ` — ${cause}` : ''}${s.attributionText ? ` (${s.attributionText})` : ''}`;
}

export function SinceWhen(props: { userId: string; assetId: string }) {
  const panel = usePanel();
  const { userId, assetId } = props;
  const asOf = panel.asOf.value;
  const query = useQuery(
    () => (asOf !== null ? Promise.resolve(null) : panel.nowSource.sinceWhen({ userId, assetId }).then((r) => r.since)),
    [panel.nowSource, userId, assetId],
  );
  if (asOf !== null) return null;
  if (query.error !== null)
    return (
      <p class="muted since-when" data-since-when="unknown">
        Since when: not known ({query.error})
      </p>
    );
  if (query.data === null) return null;
  return (
    <p class="since-when" data-since-when={query.data.code}>
      {sinceWhenText(query.data)}
    </p>
  );
}
