// What the history's answers share: one recorded change (a cause) or gap as the wire has them (worded, with its
// codes).
import { assetRecordsIn, type Fleet } from '../engine';
import type { AssetsIn, CauseRef } from '../history/walk';
import type { History, HistoryGap } from '../model/history';
import type { HistoryCause, HistoryGapFact } from '../source/data-source';
import { describeChange, gapText, type HistoryNames } from '../wording/history';

/** Names as the current data has them (a record deleted since is named by its id). */
export function causeFact(history: History, cause: CauseRef, words: HistoryNames): HistoryCause {
  return {
    collection: cause.collection,
    key: cause.key,
    kind: cause.kind,
    at: cause.at,
    author: cause.author,
    authorName: cause.author === null ? null : words.user(cause.author),
    text: describeChange(history.entries[cause.entry], words),
    otherUsers: cause.otherUsers,
    otherAssets: cause.otherAssets,
  };
}

export function gapFact(gap: HistoryGap): HistoryGapFact {
  return { from: gap.from, to: gap.to, reason: gap.reason, text: gapText(gap) };
}

/** The fleet's assets as the history walker reads them: those of some projects, rebuilt from the columns. */
export const assetsOf =
  (fleet: Fleet): AssetsIn =>
  (projectIds, ids) =>
    assetRecordsIn(fleet, projectIds, ids);
