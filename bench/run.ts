// npm run bench — every speed and size figure of the project, measured in one run and printed beside its target.
//   npm run bench                  engine, sync, and the real browser when Chromium and the built extension are there
//   npm run bench -- engine sync   only those parts (also: quarantine — 100k malformed records against 100k valid)
//   npm run bench -- peers growth  the engine against CASL, casbin and Cedar (agreement, then timing) at 10k/100k/1M
//                                  assets, and its growth over them; flags: --every-pair (every peer on every pair at 10k,
//                                  ~10 min), --no-peers-at-1m (the peers at 10k and 100k only: the 1M fleet takes minutes)
//   npm run bench -- cli           one explain on a 100k snapshot by the bin, first run and cached runs
//   npm run bench -- browser --browser-1m   the real browser, plus the initial sync of 1,000,000 assets
//   npm run bench -- browser-cold  issue 13 in the real browser at 100k (--browser-1m: and 1M): panel calls right after a
//                                  worker stop vs warm, launcher click → first row, 1 and 100 changes → new data in the
//                                  panel, initial sync with bytes on the wire, worker heap steady and peak
//                                  (--cold-reps=N, default 5; --sync-reps=N: initial syncs, each in a fresh browser,
//                                  default 3, the median judged; --cold-settle-ms=N: the worker's life before each
//                                  stop, default 5000; --extension=<built chrome-mv3 dir>: measure that build)
//   npm run bench -- history       access over time: an answer as of a past moment, a 30-day timeline, history size
//   npm run bench -- widget        the widget's warm page load at 100k: launcher ready, its longest main-thread script
//                                  (--widget-before=<older .output/widget> measures that build beside this one)
//   npm run bench -- role-impact   one role-editor toggle (500 users × 20 projects) at 100k and 1M assets (--role-impact-100k: 100k only)
//   npm run bench -- fleet-image   the stored compiled fleet at 100k and 1M: size, write, load, first answer after a load, heap
//                                  (--fleet-image-100k: 100k only)
import { existsSync } from 'node:fs';
import os from 'node:os';
import { CLI_EXPLAIN_WARM_TARGET_S, benchCli } from './cli';
import { benchEngine } from './engine';
import { DEFAULT_SIZES, benchGrowth, growthRows, peerNotes } from './growth';
import { QUARANTINE_SYNC_RATIO_TARGET, STATUS_MAX_MS_TARGET, benchQuarantine } from './quarantine';
import { benchSync } from './sync';
import { benchRoleImpact } from './role-impact';
import { HISTORY_TARGETS, benchHistory } from './history';
import { benchFleetImage } from './fleet-image';

const parts = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('-')));
const want = (name: string) => parts.size === 0 || parts.has(name);

interface Row {
  figure: string;
  value: string;
  target: string;
  ok: boolean | null;
}
const rows: Row[] = [];
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`,
);

if (want('engine')) {
  console.log('\n— engine —');
  const e = await benchEngine();
  console.log(
    `fleet: ${fmt(e.fleet.assets)} assets, ${fmt(e.fleet.tags)} tags, ${fmt(e.fleet.projectRoles)} project roles, ${fmt(e.fleet.users)} users`,
  );
  rows.push(
    { figure: 'compile fleet (100k assets)', value: `${fmt(e.compileMs)} ms`, target: '—', ok: null },
    { figure: 'one explain, median', value: `${fmt(e.explainMedianUs)} µs`, target: `< ${e.targets.explainUs} µs`, ok: e.pass.explain },
    {
      figure: 'all assets of one user, median',
      value: `${fmt(e.userAssetsMedianMs, 2)} ms`,
      target: `< ${e.targets.userAssetsMs} ms`,
      ok: e.pass.userAssets,
    },
    {
      figure: 'who-can-see one asset, median',
      value: `${fmt(e.whoCanSeeMedianMs, 2)} ms`,
      target: `< ${e.targets.whoCanSeeMs} ms`,
      ok: e.pass.whoCanSee,
    },
  );
}

if (want('role-impact')) {
  console.log('\n— role-edit impact (engine time: one toggle → the numbers the panel shows) —');
  for (const r of await benchRoleImpact(flags.has('--role-impact-100k') ? [100_000] : [100_000, 1_000_000])) {
    rows.push({
      figure: `role impact, one toggle: ${r.users} users × ${r.projects} projects, ${fmt(r.assets)} assets (median / slowest)`,
      value: `${fmt(r.medianMs)} / ${fmt(r.maxMs)} ms`,
      target: `≤ ${r.targetMs} ms`,
      ok: r.pass,
    });
  }
}

if (want('fleet-image')) {
  console.log('\n— stored compiled fleet (issue 13): image encoded to the stored bytes, decoded, then loaded —');
  for (const r of benchFleetImage(flags.has('--fleet-image-100k') ? [100_000] : [100_000, 1_000_000])) {
    const at = `${fmt(r.assets)} assets`;
    rows.push(
      {
        figure: `fleet image, ${at}: load (fleetFromImage, median of 5)`,
        value: `${fmt(r.fromImageMs, 2)} ms (CPU ${fmt(r.fromImageCpuMs, 2)} ms)`,
        target: `≤ ${r.targetMs} ms CPU`,
        ok: r.pass,
      },
      {
        figure: `fleet image, ${at}: first answer after a load (one user's assets + 50 rows) vs compileFleet + the same`,
        value: `${fmt(r.firstAnswerMs)} ms (CPU ${fmt(r.firstAnswerCpuMs)} ms) vs ${fmt(r.compileMs + r.compiledFirstAnswerMs)} ms`,
        target: '—',
        ok: null,
      },
      {
        figure: `fleet image, ${at}: first patch of a loaded fleet, one changed asset / one changed membership (median of 3)`,
        value: `${fmt(r.firstPatchAssetMs)} / ${fmt(r.firstPatchMembershipMs)} ms`,
        target: `≤ ${r.patchTargetMs} ms`,
        ok: Math.max(r.firstPatchAssetMs, r.firstPatchMembershipMs) <= r.patchTargetMs,
      },
      {
        figure: `fleet image, ${at}: first patch of a loaded fleet, one asset added / asset removed / user / ticket (median of 3)`,
        value: Object.values(r.firstPatchKindsMs)
          .map((ms) => fmt(ms))
          .join(' / ')
          .concat(' ms'),
        target: `≤ ${r.patchTargetMs} ms`,
        ok: Math.max(...Object.values(r.firstPatchKindsMs)) <= r.patchTargetMs,
      },
      {
        figure: `fleet image, ${at}: size (stored bytes); fleetToImage; encode to bytes; decode from one buffer (median of 5)`,
        value: `${fmt(r.imageBytes / 2 ** 20)} MB; ${fmt(r.toImageMs)} ms; ${fmt(r.encodeMs)} ms; ${fmt(r.decodeMs, 2)} ms`,
        target: '—',
        ok: null,
      },
    );
    if (r.heap)
      rows.push({
        figure: `fleet image, ${at}: JS heap (+ ArrayBuffers) of a loaded fleet vs a compiled one with its snapshot`,
        value: `${fmt(r.heap.loadedMb)} (+${fmt(r.heap.loadedBuffersMb)}) MB vs ${fmt(r.heap.compiledMb)} (+${fmt(r.heap.compiledBuffersMb)}) MB`,
        target: '—',
        ok: null,
      });
  }
}

if (want('history')) {
  console.log('\n— access over time (100k assets, 30 days at 1 % daily churn) —');
  const h = benchHistory();
  rows.push(
    {
      figure: "answer as of a past moment (present fleet patched back, one user's assets), median of 7",
      value: `${fmt(h.asOfMedianMs)} ms (CPU ${fmt(h.asOfCpuMs)} ms) vs ${fmt(h.asOfCompileMedianMs)} ms compiling the past state (${fmt(h.asOfCompileMedianMs / h.asOfMedianMs, 1)}×; load ${fmt(os.loadavg()[0])})`,
      target: `≤ ${HISTORY_TARGETS.asOfMs} ms`,
      ok: h.pass.asOf,
    },
    {
      figure: "one user's 30-day timeline, median",
      value: `${fmt(h.timelineMedianMs)} ms (CPU ${fmt(h.timelineCpuMs)} ms; slowest ${fmt(h.timelineMaxMs)} ms)`,
      target: `≤ ${HISTORY_TARGETS.timelineMs} ms`,
      ok: h.pass.timeline,
    },
    {
      figure: `history size vs current state (${fmt(h.entries, 0)} changes, JSON)`,
      value: `${fmt(h.historyBytes / 2 ** 20)} MB vs ${fmt(h.stateBytes / 2 ** 20)} MB (${fmt(h.historyBytes / h.stateBytes, 2)}×)`,
      target: `≤ ${HISTORY_TARGETS.sizeRatio}×`,
      ok: h.pass.size,
    },
  );
}

if (want('sync')) {
  console.log('\n— sync (Node, fake-indexeddb) —');
  const s = await benchSync();
  rows.push(
    {
      figure: `initial sync, ${fmt(s.assets)} assets (fake-indexeddb)`,
      value: `${fmt(s.initial.ms / 1000, 2)} s`,
      target: 'regression guard',
      ok: null,
    },
    {
      figure: `incremental sync, ${s.incremental.edits} edits`,
      value: `${fmt(s.incremental.ms)} ms`,
      target: 'regression guard',
      ok: null,
    },
    {
      figure: `initial sync, bytes on the wire (compressed vs not)`,
      value: `${fmt(s.wire.compressed.wireBytes / 2 ** 20)} MB vs ${fmt(s.wire.uncompressed.wireBytes / 2 ** 20)} MB (${fmt(s.wire.uncompressed.wireBytes / s.wire.compressed.wireBytes)}× less); ${fmt(s.initial.ms / 1000, 2)} s vs ${fmt(s.wire.uncompressedMs / 1000, 2)} s on loopback`,
      target: 'compressed',
      ok: s.wire.compressed.wireBytes < s.wire.uncompressed.wireBytes,
    },
  );
}

if (want('cli')) {
  console.log('\n— CLI —');
  const c = benchCli();
  rows.push({
    figure: `CLI explain, ${fmt(c.assets)}-asset snapshot, wall (cached runs, median)`,
    value: `${fmt(c.warmS, 2)} s, CPU ${fmt(c.warmCpuS, 2)} s (first run ${fmt(c.coldS, 2)} s; without the cache ${fmt(c.uncachedS, 2)} s; --help ${fmt(c.startS, 2)} s; load ${fmt(os.loadavg()[0])})`,
    target: `≤ ${CLI_EXPLAIN_WARM_TARGET_S} s`,
    ok: c.pass,
  });
}

if (want('quarantine')) {
  console.log('\n— quarantine (Node, fake-indexeddb) —');
  const q = await benchQuarantine();
  rows.push(
    {
      figure: `initial sync, ${fmt(q.malformed.quarantined)} records all malformed vs all valid`,
      value: `${fmt(q.malformed.ms / 1000, 2)} s vs ${fmt(q.valid.ms / 1000, 2)} s (${fmt(q.ratio, 2)}×; CPU ${fmt(q.cpuRatio, 2)}×)`,
      target: `≤ ${QUARANTINE_SYNC_RATIO_TARGET}×`,
      ok: q.pass.ratio,
    },
    {
      figure: 'status during those syncs, slowest answer',
      value: `${fmt(Math.max(q.valid.status.maxMs, q.malformed.status.maxMs))} ms`,
      target: `≤ ${STATUS_MAX_MS_TARGET} ms`,
      ok: q.pass.status,
    },
  );
}

if (want('browser')) {
  console.log('\n— real browser —');
  const browserBench = new URL('./browser.ts', import.meta.url);
  if (!existsSync('/usr/bin/chromium')) console.log('skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');
  else if (!existsSync(browserBench)) console.log('skipped: bench/browser.ts is missing');
  else {
    const { benchBrowser } = (await import(browserBench.href)) as typeof import('./browser');
    // browser-cold syncs the 1M fleet too (with bytes and heap): once per run is enough.
    const elsewhere = want('browser-cold') ? 'measured by browser-cold below' : undefined;
    rows.push(...(await benchBrowser({ oneMillionElsewhere: elsewhere })).rows);
  }
}

if (want('browser-cold')) {
  console.log('\n— real browser, cold and warm (issue 13) —');
  if (!existsSync('/usr/bin/chromium')) console.log('skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');
  else {
    const { benchBrowserCold } = await import('./browser-cold');
    const value = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const cold = await benchBrowserCold({
      sizes: flags.has('--browser-1m') ? [100_000, 1_000_000] : [100_000],
      reps: value('cold-reps') ? Number(value('cold-reps')) : undefined,
      syncReps: value('sync-reps') ? Number(value('sync-reps')) : undefined,
      extensionDir: value('extension'),
      settleMs: value('cold-settle-ms') ? Number(value('cold-settle-ms')) : undefined,
    });
    rows.push(...cold.rows);
  }
}

if (want('widget')) {
  console.log('\n— the widget on a warm page load (real browser, 100k assets) —');
  if (!existsSync('/usr/bin/chromium')) console.log('skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');
  else {
    const { benchWidgetLoad, widgetLoadRows } = await import('./widget-load');
    // --widget-before=<dir>: an older build's .output/widget (a `git worktree` of an earlier commit), measured beside this one.
    const before = process.argv.find((a) => a.startsWith('--widget-before='))?.slice('--widget-before='.length);
    rows.push(...widgetLoadRows(await benchWidgetLoad({ olderDir: before })));
  }
}

let disagreements = 0;
if (want('peers') || want('growth')) {
  console.log(
    `\n— ${want('peers') ? 'engine vs CASL, casbin and Cedar' : ''}${want('peers') && want('growth') ? '; ' : ''}${want('growth') ? 'growth' : ''} —`,
  );
  const peerSizes = want('peers') ? (flags.has('--no-peers-at-1m') ? DEFAULT_SIZES.filter((n) => n < 1_000_000) : DEFAULT_SIZES) : [];
  const sizes = want('growth') ? DEFAULT_SIZES : peerSizes;
  const g = await benchGrowth({ sizes, peerSizes, everyPair: flags.has('--every-pair') });
  for (const note of peerNotes(g)) console.log(note);
  if (want('peers') && !peerSizes.includes(1_000_000) && sizes.includes(1_000_000)) console.log('@1M peers not run (--no-peers-at-1m)');
  rows.push(...growthRows(g));
  disagreements = g.disagreementCount;
}

const w = [
  Math.max(...rows.map((r) => r.figure.length), 6),
  Math.max(...rows.map((r) => r.value.length), 5),
  Math.max(...rows.map((r) => r.target.length), 6),
];
console.log(`\n${'figure'.padEnd(w[0])}  ${'value'.padStart(w[1])}  ${'target'.padEnd(w[2])}  result`);
for (const r of rows) {
  console.log(
    `${r.figure.padEnd(w[0])}  ${r.value.padStart(w[1])}  ${r.target.padEnd(w[2])}  ${r.ok === null ? '' : r.ok ? 'met' : 'MISSED'}`,
  );
}
const missed = rows.filter((r) => r.ok === false).length;
console.log(missed ? `\n${missed} target(s) missed` : '\nall targets met');
// The peer models must decide like the engine, or their timings compare different things: that fails the run.
if (disagreements) {
  console.log(
    `${disagreements} decision(s) of the peer models disagree with the engine (the first are listed above): the comparison is void`,
  );
  process.exitCode = 1;
}
