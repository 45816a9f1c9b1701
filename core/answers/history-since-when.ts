// Since when a user's current effect on one asset holds, and the change that made it so (issue 18); or "since
// before the history starts", or "at least since a gap" (no cause claimed across it). Throws UnknownIdError for an
// unknown user or asset.
import { assetNameAt, type Fleet } from '../engine';
import { sinceWhen } from '../history/timeline';
import type { History } from '../model/history';
import type { Snapshot } from '../model/snapshot';
import type { SinceWhenFacts } from '../source/data-source';
import { ATTRIBUTION_WORDS, sinceText } from '../wording/history';
import { assetsOf, causeFact, gapFact } from './history-facts';
import { historyNames } from '../wording/history';

export function sinceWhenFacts(fleet: Fleet, snapshot: Snapshot, history: History, userId: string, assetId: string): SinceWhenFacts {
  const w = sinceWhen(snapshot, history, userId, assetId, { assetsIn: assetsOf(fleet) });
  const words = historyNames(fleet);
  const asset = fleet.assetIndex.get(assetId);
  return {
    userId,
    assetId,
    assetName: asset === undefined ? assetId : assetNameAt(fleet, asset),
    effect: w.effect,
    code: w.code,
    since: w.since,
    previous: w.previous,
    attribution: w.attribution,
    attributionText: w.attribution === null ? null : ATTRIBUTION_WORDS[w.attribution],
    causes: w.causes.map((c) => causeFact(history, c, words)),
    gap: w.gap ? gapFact(w.gap) : null,
    text: sinceText(w.code, w.effect, w.since),
  };
}
