// Since when a user's current effect on one asset holds, and the change that made it so (issue 18); or "since
// before the history starts", or "at least since a gap" (no cause claimed across it). Throws UnknownIdError for an
// unknown user or asset.
import { assetNameAt, assetRecord, type Fleet } from '../engine';
import { sinceWhen } from '../history/timeline';
import type { History } from '../model/history';
import type { Snapshot } from '../model/snapshot';
import type { SinceWhenFacts } from '../source/data-source';
import { ATTRIBUTION_WORDS, sinceText } from '../wording/history';
import { causeFact, gapFact } from './history-facts';
import { historyNames } from '../wording/history';

export function sinceWhenFacts(fleet: Fleet, snapshot: Snapshot, history: History, userId: string, assetId: string): SinceWhenFacts {
  const w = sinceWhen(withOneAsset(fleet, snapshot, assetId), history, userId, assetId);
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

/**
 * The snapshot as since-when reads it: every collection as it is, but of the assets only the one asked about (the
 * walk tracks that one alone). A fleet loaded from its image builds its asset records only when they are read: the
 * whole list at 1M is a million records, 2.6 s and ~400 MB more heap on the first explanation, and a pass over them
 * on every later one. The other collections are read through to the snapshot, so their lazy values stay its own.
 */
function withOneAsset(fleet: Fleet, snapshot: Snapshot, assetId: string): Snapshot {
  const i = fleet.assetIndex.get(assetId);
  const assets = i === undefined ? [] : [assetRecord(fleet, i)];
  return Object.create(snapshot, { assets: { value: assets, enumerable: true } }) as Snapshot;
}
