// What an answer given as of a past moment carries (issue 18): the moment, where the history starts, the gaps after
// the moment (the state then may miss changes made in them) and a heading for the panel to mark the answer with.
import type { History, HistoryGap } from '../model/history';
import type { AsOfFacts } from '../source/data-source';
import { asOfText } from '../wording/history';
import { gapFact } from './history-facts';

export function asOfFacts(history: History, at: string, gapsAfter: readonly HistoryGap[]): AsOfFacts {
  return { at, historySince: history.since, gaps: gapsAfter.map(gapFact), text: asOfText(at) };
}
