// What the history's answers share: display names for its wording taken from the fleet of now, and one recorded
// change (a cause) or gap as the wire has them (worded, with its codes).
import { names, type Fleet } from '../engine';
import type { CauseRef } from '../history/walk';
import type { History, HistoryGap } from '../model/history';
import type { HistoryCause, HistoryGapFact } from '../source/data-source';
import { describeChange, gapText, type HistoryNames } from '../wording/history';

/** Names as the current data has them (a record deleted since is named by its id). */
export function historyNames(fleet: Fleet): HistoryNames {
  return {
    user: (id) => names.user(fleet, id),
    project: (id) => names.project(fleet, id),
    projectRole: (id) => names.projectRole(fleet, id),
    organization: (id) => names.organization(fleet, id),
    site: (id) => names.site(fleet, id),
    systemRole: (id) => names.systemRole(fleet, id),
  };
}

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
