// Now compared with then (issue 18): a user's assets, or those of every holder of a project role in its projects,
// gained and lost since a past moment, grouped by the change that last moved them. Throws UnknownIdError for an
// unknown user or role, HistoryRangeError for a moment the history does not reach.
import type { Fleet } from '../engine';
import { compareRoleWithThen, compareWithThen, type ThenNow, type ThenNowGroup } from '../history/timeline';
import { gapsAfter, instantMs } from '../history/state-as-of';
import type { History } from '../model/history';
import type { Snapshot } from '../model/snapshot';
import type { CompareThenFacts, ThenNowGroupFact, ThenNowHolder } from '../source/data-source';
import { MAX_HISTORY_ASSET_IDS } from '../source/limits';
import { ATTRIBUTION_WORDS, type HistoryNames } from '../wording/history';
import { assetsOf, causeFact, gapFact } from './history-facts';
import { historyNames } from '../wording/history';

export type CompareThenSubject = { userId: string; roleId: null } | { userId: null; roleId: string };

function groupFact(history: History, g: ThenNowGroup, words: HistoryNames): ThenNowGroupFact {
  return {
    from: g.from,
    to: g.to,
    at: g.at,
    count: g.assetIds.length,
    assetIds: g.assetIds.slice(0, MAX_HISTORY_ASSET_IDS),
    attribution: g.attribution,
    attributionText: ATTRIBUTION_WORDS[g.attribution],
    causes: g.causes.map((c) => causeFact(history, c, words)),
  };
}

function holderFact(history: History, c: ThenNow, words: HistoryNames): ThenNowHolder {
  const count = (groups: ThenNowGroup[]) => groups.reduce((n, g) => n + g.assetIds.length, 0);
  return {
    userId: c.userId,
    userName: words.user(c.userId),
    gained: c.gained.map((g) => groupFact(history, g, words)),
    lost: c.lost.map((g) => groupFact(history, g, words)),
    gainedCount: count(c.gained),
    lostCount: count(c.lost),
  };
}

export function compareThenFacts(
  fleet: Fleet,
  snapshot: Snapshot,
  history: History,
  subject: CompareThenSubject,
  then: string,
): CompareThenFacts {
  const words = historyNames(fleet);
  if (subject.userId !== null) {
    const c = compareWithThen(snapshot, history, subject.userId, then, { assetsIn: assetsOf(fleet) });
    return {
      subject: { kind: 'user', id: subject.userId, name: words.user(subject.userId) },
      thenAt: c.thenAt,
      nowAt: c.nowAt,
      holders: [holderFact(history, c, words)],
      gaps: c.gaps.map(gapFact),
    };
  }
  const r = compareRoleWithThen(snapshot, history, subject.roleId, then, { assetsIn: assetsOf(fleet) });
  // With no holder moved there is no walk to say where "now" is: the newest change the history holds.
  const nowAt = r.holders[0]?.nowAt ?? history.entries.at(-1)?.at ?? history.since;
  return {
    subject: { kind: 'role', id: subject.roleId, name: words.projectRole(subject.roleId) },
    thenAt: r.thenAt,
    nowAt,
    holders: r.holders.map((h) => holderFact(history, h, words)),
    gaps: gapsAfter(history, instantMs(then)).map(gapFact),
  };
}
