// A user's access timeline for the panel (issue 18): each moment their asset effects changed, with the changes that
// caused it worded, who made them, the assets gained and lost (counts and the first ids), how many other users the
// same change moved, and whether several changes did it together; and the same timeline as CSV or Markdown text.
// Throws UnknownIdError for a user unknown now and in the history, HistoryRangeError for a period outside it.
import type { Fleet } from '../engine';
import { EFFECT_RANK } from '../model/effects';
import { userTimeline } from '../history/timeline';
import type { EffectChangeGroup, TimelineEvent } from '../history/walk';
import type { History } from '../model/history';
import type { Snapshot } from '../model/snapshot';
import type { EffectChangeGroupFact, TimelineEventFact, TimelineExport, TimelineFacts } from '../source/data-source';
import { MAX_HISTORY_ASSET_IDS } from '../source/limits';
import { ATTRIBUTION_WORDS, effectChangeText, type HistoryNames } from '../wording/history';
import { timelineCsv, timelineMarkdown } from '../wording/history-export';
import { assetsOf, causeFact, gapFact } from './history-facts';
import { historyNames } from '../wording/history';

export interface Period {
  from: string | null;
  to: string | null;
}

const period = (p: Period) => ({ from: p.from ?? undefined, to: p.to ?? undefined });

function groupFact(
  history: History,
  ev: TimelineEvent,
  g: EffectChangeGroup,
  userName: string,
  words: HistoryNames,
): EffectChangeGroupFact {
  // In a gap every change of the moment is shown (none is claimed as the cause).
  const causes = ev.causes.filter((c) => g.attribution === 'GAP' || g.causes.includes(c.entry));
  const others = causes.reduce<number | null>((most, c) => (c.otherUsers === null ? most : Math.max(most ?? 0, c.otherUsers)), null);
  return {
    from: g.from,
    to: g.to,
    count: g.assetIds.length,
    assetIds: g.assetIds.slice(0, MAX_HISTORY_ASSET_IDS),
    attribution: g.attribution,
    attributionText: ATTRIBUTION_WORDS[g.attribution],
    text: effectChangeText(g.assetIds.length, g.from, g.to, userName, others),
    causes: causes.map((c) => causeFact(history, c, words)),
  };
}

function eventFact(history: History, ev: TimelineEvent, userName: string, words: HistoryNames): TimelineEventFact {
  const gained: string[] = [];
  const lost: string[] = [];
  for (const g of ev.groups) (EFFECT_RANK[g.to] > EFFECT_RANK[g.from] ? gained : lost).push(...g.assetIds);
  const otherUsers = ev.causes.reduce<number | null>((most, c) => (c.otherUsers === null ? most : Math.max(most ?? 0, c.otherUsers)), null);
  return {
    at: ev.at,
    causes: ev.causes.map((c) => causeFact(history, c, words)),
    groups: ev.groups.map((g) => groupFact(history, ev, g, userName, words)),
    gained: { count: gained.length, assetIds: gained.slice(0, MAX_HISTORY_ASSET_IDS) },
    lost: { count: lost.length, assetIds: lost.slice(0, MAX_HISTORY_ASSET_IDS) },
    otherUsers,
    together: ev.groups.some((g) => g.attribution === 'TOGETHER' || g.attribution === 'ALL_NEEDED'),
    gap: ev.gap ? gapFact(ev.gap) : null,
  };
}

export function timelineFacts(fleet: Fleet, snapshot: Snapshot, history: History, userId: string, p: Period): TimelineFacts {
  const t = userTimeline(snapshot, history, userId, period(p), { assetsIn: assetsOf(fleet) });
  const words = historyNames(fleet);
  const userName = words.user(userId);
  return {
    userId,
    userName,
    from: t.from,
    to: t.to,
    events: t.events.map((ev) => eventFact(history, ev, userName, words)),
    gaps: t.gaps.map(gapFact),
  };
}

const EXPORTS = {
  csv: { ext: 'csv', mimeType: 'text/csv;charset=utf-8', write: timelineCsv },
  markdown: { ext: 'md', mimeType: 'text/markdown;charset=utf-8', write: timelineMarkdown },
} as const;

/** The timeline as a file's text: CSV for a spreadsheet, Markdown for a ticket (core/wording/history-export.ts). */
export function timelineExport(
  fleet: Fleet,
  snapshot: Snapshot,
  history: History,
  userId: string,
  p: Period & { format: 'csv' | 'markdown' },
): TimelineExport {
  const t = userTimeline(snapshot, history, userId, period(p), { assetsIn: assetsOf(fleet) });
  const kind = EXPORTS[p.format];
  // File names keep to safe characters: the id is platform data.
  const safeId = userId.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);
  return {
    format: p.format,
    filename: `access-timeline-${safeId}.${kind.ext}`,
    mimeType: kind.mimeType,
    text: kind.write(t, history, historyNames(fleet)),
  };
}
