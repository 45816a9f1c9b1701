// Access over time (issue 18): at 100,000 assets with 30 days of history at 1 % daily churn (every collection),
// an answer as of a past moment (the present fleet patched backwards to it, one user's assets — as the panel's source
// answers) ≤ 200 ms, printed beside compiling the past state whole (the way before issue 13); one user's 30-day timeline
// ≤ 500 ms; the history's size (JSON) ≤ 2× the current state's.
import { performance } from 'node:perf_hooks';
import { compileFleet } from '../core/engine/fleet';
import { visibleAssets } from '../core/engine/visibility';
import { generateFleet } from '../core/generate/fleet';
import { generateHistory } from '../core/generate/history';
import { patchFleet } from '../core/engine/fleet-patch';
import { stateAsOf } from '../core/history/state-as-of';
import { undoChanges } from '../core/history/undo-changes';
import { userTimeline } from '../core/history/timeline';

export const HISTORY_TARGETS = { asOfMs: 200, timelineMs: 500, sizeRatio: 2 } as const;

export interface HistoryBench {
  assets: number;
  entries: number;
  asOfMedianMs: number;
  /** CPU time of this process for the same work (the machine is shared: wall time also counts others' work). */
  asOfCpuMs: number;
  /** The same answers by compiling the whole past state (the comparison). */
  asOfCompileMedianMs: number;
  timelineMedianMs: number;
  timelineCpuMs: number;
  timelineMaxMs: number;
  events: number;
  historyBytes: number;
  stateBytes: number;
  pass: { asOf: boolean; timeline: boolean; size: boolean };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export function benchHistory(assets = 100_000, log = true): HistoryBench {
  const start = generateFleet({ seed: 18, assets });
  const { snapshot, history } = generateHistory(start, { seed: 18, days: 30, dailyChurn: 0.01 });
  const since = Date.parse(history.since);
  const users = [
    'u-tara-tech',
    'u-cora-customer',
    'u-quinn-qm',
    ...snapshot.users
      .filter((u) => u.status === 'active')
      .slice(40, 43)
      .map((u) => u.id),
  ];

  // The panel holds the present fleet compiled (or loaded from its image) before anyone asks about the past.
  const present = compileFleet(snapshot);
  const asOf: number[] = [];
  const asOfCpu: number[] = [];
  const asOfCompile: number[] = [];
  for (let k = 1; k <= 7; k++) {
    const atMs = since + (k / 8) * 30 * 86_400_000;
    const user = users[k % users.length];
    const c0 = cpuMs();
    const t0 = performance.now();
    const viaPatch = visibleAssets(patchFleet(present, undoChanges(history, atMs)), user);
    asOf.push(performance.now() - t0);
    asOfCpu.push(cpuMs() - c0);
    const t1 = performance.now();
    const viaCompile = visibleAssets(compileFleet(stateAsOf(snapshot, history, atMs).snapshot), user);
    asOfCompile.push(performance.now() - t1);
    // The figure means nothing unless both ways give the same answer.
    const answer = (v: typeof viaPatch) =>
      v.assets
        .map((a) => `${a.assetId}:${a.effect}:${a.codes.join()}`)
        .sort()
        .join('\n');
    if (answer(viaPatch) !== answer(viaCompile))
      throw new Error(`as of ${new Date(atMs).toISOString()}: the patched fleet's answer for ${user} differs from the compiled one`);
  }
  userTimeline(snapshot, history, users[0]); // first run warms the code paths
  const timeline: number[] = [];
  const timelineCpu: number[] = [];
  let events = 0;
  for (const u of users) {
    const c0 = cpuMs();
    const t0 = performance.now();
    events += userTimeline(snapshot, history, u).events.length;
    timeline.push(performance.now() - t0);
    timelineCpu.push(cpuMs() - c0);
  }
  const historyBytes = Buffer.byteLength(JSON.stringify(history));
  const stateBytes = Buffer.byteLength(JSON.stringify(snapshot));
  const r: HistoryBench = {
    assets,
    entries: history.entries.length,
    asOfMedianMs: median(asOf),
    asOfCpuMs: median(asOfCpu),
    asOfCompileMedianMs: median(asOfCompile),
    timelineMedianMs: median(timeline),
    timelineCpuMs: median(timelineCpu),
    timelineMaxMs: Math.max(...timeline),
    events,
    historyBytes,
    stateBytes,
    pass: {
      asOf: median(asOf) <= HISTORY_TARGETS.asOfMs,
      timeline: median(timeline) <= HISTORY_TARGETS.timelineMs,
      size: historyBytes <= HISTORY_TARGETS.sizeRatio * stateBytes,
    },
  };
  if (log)
    console.log(
      `${assets.toLocaleString('en-US')} assets, ${r.entries.toLocaleString('en-US')} changes over 30 days: as of a moment ${r.asOfMedianMs.toFixed(0)} ms median (compiling the past: ${r.asOfCompileMedianMs.toFixed(0)} ms); ` +
        `30-day timeline ${r.timelineMedianMs.toFixed(0)} ms median, ${r.timelineMaxMs.toFixed(0)} ms slowest of ${users.length} users (${events} moments); ` +
        `history ${(historyBytes / 2 ** 20).toFixed(1)} MB vs state ${(stateBytes / 2 ** 20).toFixed(1)} MB`,
    );
  return r;
}
