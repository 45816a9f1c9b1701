// `--as-of <time>` (issue 18): any snapshot command answers as of a past moment of the snapshot's history section.
// A bad time, a time before the history starts, or a snapshot without history is a usage error (exit 2) that says
// which; the answer is marked as not "now" in text and JSON, with the history's gaps after that moment.
import { HistoryRangeError, stateAsOf } from '../core/history/state-as-of';
import type { HistoryGap } from '../core/model/history';
import type { Snapshot } from '../core/model/snapshot';
import { asOfText, gapText } from '../core/wording/history';
import type { CommandOutput } from './command';

export const AS_OF_OPTION = {
  flags: '--as-of <time>',
  description: "answer as of this past moment (ISO time with zone, e.g. 2026-11-28T14:00:00Z), from the snapshot's history section",
} as const;

export function asOfSnapshot(
  snapshot: Snapshot,
  at: string,
  usageError: (message: string) => never,
): { snapshot: Snapshot; mark(output: CommandOutput): CommandOutput } {
  if (!snapshot.history) usageError('--as-of needs a snapshot with a history section (see docs/SNAPSHOT-HISTORY.md); this one has none');
  let state: { snapshot: Snapshot; gaps: HistoryGap[] };
  try {
    state = stateAsOf(snapshot, snapshot.history!, at);
  } catch (e) {
    if (!(e instanceof HistoryRangeError)) throw e;
    usageError(`--as-of ${e.code === 'BAD_TIME' ? e.message : `${at}: ${e.message}`}`);
  }
  return {
    snapshot: state!.snapshot,
    mark(output) {
      const note = { at, gaps: state.gaps };
      const json =
        output.json !== null && typeof output.json === 'object' && !Array.isArray(output.json)
          ? { asOf: note, ...output.json }
          : { asOf: note, answer: output.json };
      return { ...output, json, text: [asOfText(at), ...state.gaps.map((g) => `⚠ ${gapText(g)}`), ...output.text] };
    },
  };
}
