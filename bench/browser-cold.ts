// Real-browser benchmark of issue 13's moments, cold beside warm from the same run: the built extension in Debian's
// Chromium against the in-process demo platform, at 100,000 assets and (with --browser-1m) 1,000,000.
//   - the panel's data calls (first page of the signed-in user's assets; one explanation) right after the worker
//     was stopped (DevTools ServiceWorker.stopAllWorkers, as Chrome stops an idle worker; the next call must start
//     a new worker, else the run fails) against the same call again
//   - launcher click → first asset row, cold and warm (a fresh page each time, so the panel mounts and asks; timed
//     from the pointer's arrival, which mounts it), and cold with the pointer resting on the launcher before the
//     click, as a person clicks (timed from the click)
//   - back to the open panel after a worker stop (a person read an answer for over ~30 s): a click on an asset row →
//     its explanation shown, warm, cold straight away (timed from the pointer's arrival) and cold with the pointer
//     resting on the panel before the click (timed from the click)
//   - the same for a message that reads no cache (the panel's tab memory): the floor a worker start sets, and the
//     same for an extension that does nothing (bench/empty-extension.ts): the floor Chrome sets for any extension
//   - one changed record, and 100 changes, on the platform → the panel's data call returns the new data (the
//     panel's own Refresh request; done when dataVersion moved AND the changed asset reads its new name); the first
//     one after a worker start (the woken worker's first sync) in a row of its own
//   - the initial sync with the bytes its responses took on the wire (as sent and as decoded, counted by the platform),
//     timed in --sync-reps browsers of their own (default 3; the median is judged)
//   - the worker's memory (JS heap + array buffers): steady (after a full GC, the fleet loaded), again 20 s after the
//     100-change syncs (their image folded), and the peak sampled during the initial sync (every 100 ms, 500 at 1M)
//     and the 100-change syncs (every 100 ms)
// Every request goes from the content script's world of a platform page (bench/content-world.ts): the panel's sender.
//   npm run bench -- browser-cold [--browser-1m] [--cold-reps=5] [--sync-reps=3] [--cold-settle-ms=5000] [--extension=<built chrome-mv3 dir>]
//   node --max-old-space-size=8192 --import tsx bench/browser-cold.ts [assets…] [--extension=<dir>] [--cold-reps=N] [--sync-reps=N]
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import './worker-untraced';
import { startDemoServer, type RunningDemoServer } from '../demo/server';
import { trafficSince, type Traffic } from '../demo/traffic';
import type { FeedStore } from '../demo/store';
import { ASSET_LIST_BLOCK } from '../core/source/limits';
import { DEFAULT_DB_NAME } from '../core/cache/db';
import { WARM_INTERVAL_MS } from '../components/host/wake';
import { launchWithExtension } from '../test/e2e/support/browser';
import { EXTENSION_DIR, ensureBuilt } from '../test/e2e/support/build';
import { saveSettingsAndTimeSync } from './browser';
import { emptyExtensionWorkerStart } from './empty-extension';
import { SEND_SOURCE, contentWorld, type ContentWorld } from './content-world';
import { WorkerLifecycle, attachWorker, sampleHeap, steadyMemory, type HeapSamples, type WorkerTarget } from './worker-probe';

export const COLD_TARGETS = {
  /** Cold answer ≤ this × the warm one (issue 13: "cold = warm"). */
  coldOverWarm: 3,
  coldMs: { 100_000: 150, 1_000_000: 300 } as Record<number, number>,
  oneChangeMs: 250,
  /** 100 changes ≤ 2× the one-change target. */
  hundredChangesMs: 500,
  initialSync1mMs: 15_000,
  steadyHeap1mMb: 300,
  peakOverSteady: 1.5,
};
const CHANGES = 100;
/** How long the pointer rests (on the launcher, on the open panel) before the click in the "as a person clicks" rows. */
const POINTER_REST_MS = 300;
/**
 * How long the worker lives after its last request before a stop. Chrome stops an idle worker only after 30 s
 * without events, so whatever a worker defers by a few seconds (a write it schedules after answering) is always done
 * by then in real use; stopping it at once would measure a worker that never lives that long.
 */
const DEFAULT_SETTLE_MS = 5_000;
/**
 * Initial syncs per size. One sync of 1M is ~15 s of two shared cores, and the same build took 14.7–17.0 s in five
 * runs of one day (BENCHMARKS.md, 2026-12-07): a single figure says more about the hour than about the build.
 */
const DEFAULT_SYNC_REPS = 3;
const TIMEOUT_MS = 180_000;
/**
 * How long after the 100-change syncs the worker's memory is measured: a fold waits until requests pause (at most
 * IMAGE_STORE_MAX_WAIT_MS, 10 s), then encodes and writes the image (~4 s at 1M).
 */
const AFTER_CHANGES_SETTLE_MS = 20_000;

export interface ColdWarm {
  coldMs: number[];
  warmMs: number[];
}

export interface ChangeRun {
  ms: number;
  /** Changes in the platform's feed for this run. */
  changes: number;
}

export interface ColdFleetResult {
  assets: number;
  /**
   * The initial sync in the browser the other rows use: its time and bytes. `runsMs`: its time and those of the syncs
   * before it in browsers of their own (ColdBenchOptions.syncReps), in the order they ran; `heap`: the samples of the
   * one whose peak was highest.
   */
  initialSync: { ms: number; runsMs: number[]; wire: Traffic; heap: HeapSamples; liveHeap: HeapSamples | null };
  /** JS heap + array buffers (worker-probe.ts), after GC; `steadyBuffersMb` of it array buffers. */
  steadyHeapMb: number;
  steadyBuffersMb?: number;
  /** A message that reads no cache (the panel's tab memory): what a worker start costs by itself. */
  workerStart: ColdWarm;
  assetPage: ColdWarm;
  explain: ColdWarm;
  launcher: ColdWarm;
  /** Cold launcher clicks after the pointer rested on the launcher for POINTER_REST_MS. */
  launcherAfterPointer: number[];
  /** The open panel: a click on an asset row → its explanation, warm and right after a worker stop. */
  rowClick: ColdWarm;
  /** The same right after a stop, the pointer resting on the panel POINTER_REST_MS before the click. */
  rowClickAfterPointer: number[];
  /**
   * The first change after the worker was woken (by the open panel's click, the pointer resting first): its first
   * sync, whose fleet was read from the stored image in parts. Printed apart from the five that follow.
   */
  firstChange: ChangeRun;
  oneChange: ChangeRun[];
  hundredChanges: ChangeRun[];
  /** Heap peak over the 100-change syncs. */
  changeHeap: HeapSamples;
  /** Worker memory (JS heap + array buffers, after GC) once the 100-change syncs' image is folded, and its buffers. */
  afterChangesHeapMb: number;
  afterChangesBuffersMb: number;
}

export interface Row {
  figure: string;
  value: string;
  target: string;
  ok: boolean | null;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const range = (xs: readonly number[]) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;

/** One timed request pair in the content script's world: the first call, then the same call again. */
function firstThenAgain(type: string, request: unknown): string {
  return `(async () => { ${SEND_SOURCE}
    const req = ${JSON.stringify(request)};
    const t0 = performance.now(); const first = await send(${JSON.stringify(type)}, req); const firstMs = performance.now() - t0;
    const t1 = performance.now(); await send(${JSON.stringify(type)}, req); const againMs = performance.now() - t1;
    return { firstMs, againMs, first };
  })()`;
}

/** Panel-style refresh, then polls the panel's calls until the data moved on and `assetId` is named `name`. */
function refreshUntilRenamed(userId: string, assetId: string, name: string): string {
  return `(async () => { ${SEND_SOURCE}
    const before = (await send('syncStatus', {})).dataVersion;
    const t0 = performance.now();
    const { started } = await send('refresh', {});
    if (!started) throw new Error('refresh did not start a sync');
    for (;;) {
      const s = await send('syncStatus', {});
      if (s.state === 'error') throw new Error('sync failed: ' + JSON.stringify(s.errors));
      if (s.dataVersion !== before) {
        const e = await send('explainAsset', { userId: ${JSON.stringify(userId)}, assetId: ${JSON.stringify(assetId)} });
        if (e.explanation && e.explanation.assetName === ${JSON.stringify(name)}) return performance.now() - t0;
      }
      if (performance.now() - t0 > ${TIMEOUT_MS}) throw new Error('the new data did not arrive in ${TIMEOUT_MS / 1000} s');
      await new Promise((r) => setTimeout(r, 10));
    }
  })()`;
}

const WAIT_IDLE = `(async () => { ${SEND_SOURCE}
  const t0 = performance.now();
  for (;;) {
    const s = await send('syncStatus', {});
    if (s.state === 'idle') return s.dataVersion;
    if (s.state === 'error') throw new Error('sync failed: ' + JSON.stringify(s.errors));
    if (performance.now() - t0 > ${TIMEOUT_MS}) throw new Error('not idle in ${TIMEOUT_MS / 1000} s');
    await new Promise((r) => setTimeout(r, 20));
  }
})()`;

/**
 * Main world (the e2e build's shadow roots are open): from the first of `from` (events on the page) to the first
 * `selector` shown in the panel (by default an asset row of its list). A click's row starts at the pointer's arrival
 * ('pointerover'): the launcher mounts the panel and asks its questions then (components/host/panel-in-frame.ts), a
 * moment before Playwright presses.
 */
const shownWatch = (from: readonly string[], selector = FIRST_ROW) => `window.__aiShown = new Promise((resolve, reject) => {
  let startAt = null;
  for (const type of ${JSON.stringify(from)})
    document.addEventListener(type, (e) => { if (startAt === null) startAt = e.timeStamp; }, { capture: true, once: true });
  const find = (root) => {
    const hit = root.querySelector(${JSON.stringify(selector)});
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    return null;
  };
  const shell = document.querySelector('access-inspector-shell');
  const t0 = performance.now();
  const tick = () => {
    const row = shell && shell.shadowRoot ? find(shell.shadowRoot) : null;
    if (startAt !== null && row && row.getClientRects().length > 0) return resolve(performance.now() - startAt);
    if (performance.now() - t0 > ${TIMEOUT_MS}) return reject(new Error(${JSON.stringify(`nothing shown: ${selector}`)}));
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}); 0`;

const FIRST_ROW = '.vlist .asset-row';

/** A point of the page beside the open panel, whichever side it is docked to. */
async function offPanel(page: Page): Promise<[number, number]> {
  const box = await page.locator('access-inspector-shell .frame').boundingBox();
  const width = page.viewportSize()?.width ?? 1280;
  if (!box) throw new Error('the panel is not open');
  return [box.x > width / 2 ? 5 : width - 5, 5];
}

async function signedInFleetPage(page: Page, server: RunningDemoServer, userId: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
  await page.waitForURL(/\/fleet/);
  await pageReady(page);
}

/** The launcher is there and the badges have their answers (the page's own requests have woken the worker). */
async function pageReady(page: Page): Promise<void> {
  await page.locator('access-inspector-shell .launcher').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-ai-badge]')].some((b) => (b as HTMLElement).dataset.aiEffect !== 'pending'),
    null,
    { timeout: TIMEOUT_MS },
  );
}

export interface ColdBenchOptions {
  sizes?: number[];
  reps?: number;
  seed?: number;
  /** A built chrome-mv3 directory to measure instead of building this tree (e.g. an older commit's, for "before"). */
  extensionDir?: string;
  /** The worker's life after its last request before each stop (default 5 s; see DEFAULT_SETTLE_MS). */
  settleMs?: number;
  /** Initial syncs per size, each in a fresh browser; the median is judged (default DEFAULT_SYNC_REPS). */
  syncReps?: number;
  log?: (line: string) => void;
}

export async function benchBrowserCold(opts: ColdBenchOptions = {}): Promise<{ fleets: ColdFleetResult[]; rows: Row[] }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (!opts.extensionDir) await ensureBuilt({ extension: true, widget: false });
  const fleets: ColdFleetResult[] = [];
  const rows: Row[] = [];
  // One size after the other, each with its own server and browser (1M needs ~2–3 GB between them). A size that
  // fails is one failed row: the other size's figures still print.
  for (const assets of opts.sizes ?? [100_000]) {
    try {
      const fleet = await benchFleet(assets, {
        reps: opts.reps ?? 5,
        seed: opts.seed ?? 1,
        extensionDir: opts.extensionDir ?? EXTENSION_DIR,
        settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS,
        syncReps: Math.max(1, opts.syncReps ?? DEFAULT_SYNC_REPS),
        log,
      });
      fleets.push(fleet);
      rows.push(...coldRows(fleet));
    } catch (error) {
      log(`@${assets.toLocaleString('en')}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      rows.push({ figure: `browser-cold @${assets.toLocaleString('en')} assets`, value: `failed: ${message}`, target: 'runs', ok: false });
    }
  }
  // Chrome's floor, in a browser of its own after the fleets' (nothing else running): our worker start sits on it.
  try {
    const floor = await emptyExtensionWorkerStart(opts.reps ?? 5, 1_000);
    log(`empty extension: worker start: cold ${floor.coldMs.map(ms).join(', ')}; warm ${floor.warmMs.map(ms).join(', ')}`);
    rows.push(floorRow(floor));
  } catch (error) {
    rows.push({
      figure: 'worker start of an empty extension',
      value: `failed: ${String(error).split('\n')[0]}`,
      target: 'runs',
      ok: false,
    });
  }
  return { fleets, rows };
}

async function benchFleet(
  assets: number,
  opts: { reps: number; seed: number; extensionDir: string; settleMs: number; syncReps: number; log: (line: string) => void },
): Promise<ColdFleetResult> {
  const { reps, seed, extensionDir, log } = opts;
  const n = assets.toLocaleString('en');
  const tGen = performance.now();
  const server = await startDemoServer({ seed, assets, port: 0 });
  log(`@${n}: fleet generated in ${((performance.now() - tGen) / 1000).toFixed(1)} s`);
  // The initial syncs before the one the other rows use, each in a browser of its own, watched the same way.
  const earlierSyncsMs: number[] = [];
  const earlierHeaps: HeapSamples[] = [];
  for (let i = 1; i < opts.syncReps; i++) {
    const own = await launchWithExtension(extensionDir);
    try {
      const run = await timedInitialSync(own.context, own.extensionId, server, assets);
      earlierHeaps.push(await run.watch.heap.stop());
      await run.watch.target.close();
      await run.watch.life.close();
      earlierSyncsMs.push(run.ms);
      log(
        `@${n}: initial sync ${ms(run.ms)} (a browser of its own, ${i} of ${opts.syncReps}); fleet stored ${ms(run.watch.storedAfterMs!)} after it; memory peak ${peakText(earlierHeaps.at(-1)!)}${peakWhen(earlierHeaps.at(-1)!)}`,
      );
    } finally {
      await own.close();
    }
  }
  // At 1M, one more sync whose samples are of the live heap (collected first), not timed: what the worker holds,
  // beside the used heap above, whose peak also counts garbage the collector had not yet reached.
  let liveHeap: HeapSamples | null = null;
  if (assets >= 1_000_000) {
    const own = await launchWithExtension(extensionDir);
    try {
      const run = await timedInitialSync(own.context, own.extensionId, server, assets, true);
      liveHeap = await run.watch.heap.stop();
      await run.watch.target.close();
      await run.watch.life.close();
      log(
        `@${n}: initial sync sampled live (garbage collected before each sample, not timed): live memory peak ${peakText(liveHeap)}${peakWhen(liveHeap)}`,
      );
    } finally {
      await own.close();
    }
  }
  const ext = await launchWithExtension(extensionDir);
  const { context, extensionId } = ext;
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const { ms: syncMs, watch } = await timedInitialSync(context, extensionId, server, assets);
    closers.push(async () => watch.life.close());
    const life = watch.life;
    /** Lets the worker live `settleMs` after its last request, stops it, and marks the moment (life.startedSince). */
    const stopWorker = async (settleMs = opts.settleMs) => {
      await new Promise((r) => setTimeout(r, settleMs));
      await life.stop();
      return life.mark();
    };
    let target = watch.target;
    const heaps = [...earlierHeaps, await watch.heap.stop()];
    const initialSync = {
      ms: syncMs,
      runsMs: [...earlierSyncsMs, syncMs],
      wire: trafficSince(watch.sent, server.traffic()),
      // the highest peak of all the syncs: the goal is "never above 1.5× steady"
      heap: heaps.reduce((a, b) => (b.peakMb > a.peakMb ? b : a)),
      liveHeap,
    };
    await target.close();
    log(
      `@${n}: initial sync ${ms(syncMs)} (the browser of the rows below), fleet stored ${ms(watch.storedAfterMs!)} after it; ${initialSync.wire.responses} responses, ${mb(initialSync.wire.wireBytes)} on the wire, ` +
        `${mb(initialSync.wire.decodedBytes)} decoded (${JSON.stringify(initialSync.wire.encodings)}); memory peak ${peakText(heaps.at(-1)!)}${peakWhen(heaps.at(-1)!)} ` +
        `(${heaps.at(-1)!.samples} samples, longest gap ${ms(heaps.at(-1)!.maxGapMs)}); highest of the ${heaps.length} syncs ${initialSync.heap.peakMb.toFixed(0)} MB`,
    );

    // A platform page signed in as the technician; requests go from its content script's world.
    const userId = server.apiKeys['ai-demo-technician'];
    const page = await context.newPage();
    await signedInFleetPage(page, server, userId);
    let world: ContentWorld = await contentWorld(context, page, extensionId);
    closers.push(() => world.close());
    // The panel's own first request (its list's first block).
    const pageRequest = { userId, query: '', effect: 'all', offset: 0, limit: ASSET_LIST_BLOCK };
    const firstPage = await world.evaluate<{ first: { total: number; rows: Array<{ assetId: string }> } }>(
      firstThenAgain('assetPage', pageRequest),
    );
    const assetId = firstPage.first.rows[0]?.assetId;
    if (!assetId) throw new Error(`the technician sees no assets at ${n}`);

    target = await attachWorker(context, extensionId);
    const { mb: steady, buffersMb: steadyBuffers } = await steadyMemory(target);
    await target.close();
    log(
      `@${n}: worker memory, fleet loaded, after GC: ${steady.toFixed(1)} MB, of which array buffers ${steadyBuffers.toFixed(1)} MB (the technician sees ${firstPage.first.total.toLocaleString('en')} assets)`,
    );

    // Cold vs warm: stop the worker, then the call (which must start a new worker), then the same call again.
    const coldWarm = async (what: string, type: string, request: unknown): Promise<ColdWarm> => {
      const out: ColdWarm = { coldMs: [], warmMs: [] };
      for (let i = 0; i < reps; i++) {
        const mark = await stopWorker();
        const r = await world.evaluate<{ firstMs: number; againMs: number }>(firstThenAgain(type, request));
        if (!life.startedSince(mark)) throw new Error(`${what}: the call after the stop did not start a new worker`);
        out.coldMs.push(r.firstMs);
        out.warmMs.push(r.againMs);
      }
      log(`@${n}: ${what}: cold ${out.coldMs.map(ms).join(', ')}; warm ${out.warmMs.map(ms).join(', ')}`);
      return out;
    };
    const workerStart = await coldWarm('panelMemory (no cache read)', 'panelMemory', undefined);
    const assetPage = await coldWarm(`assetPage (first ${ASSET_LIST_BLOCK} rows)`, 'assetPage', pageRequest);
    const explain = await coldWarm('explainAsset', 'explainAsset', { userId, assetId });

    // Launcher click → first asset row: a fresh page each time (the panel mounts on the first open and asks then).
    const launcher: ColdWarm = { coldMs: [], warmMs: [] };
    for (let i = 0; i < reps; i++) {
      for (const cold of [true, false]) {
        await page.reload();
        await pageReady(page);
        await page.mouse.move(5, 5); // off the launcher: the click's own move is the pointer's arrival
        const mark = cold ? await stopWorker() : life.mark();
        await page.evaluate(shownWatch(['pointerover', 'click']));
        await page.locator('access-inspector-shell .launcher').click();
        const shownMs = (await page.evaluate('window.__aiShown')) as number;
        if (cold && !life.startedSince(mark)) throw new Error('launcher: the click after the stop did not start a new worker');
        (cold ? launcher.coldMs : launcher.warmMs).push(shownMs);
        await page.locator('access-inspector-shell .launcher').click(); // closed again: the next page starts closed
      }
    }
    log(`@${n}: launcher click → first asset row: cold ${launcher.coldMs.map(ms).join(', ')}; warm ${launcher.warmMs.map(ms).join(', ')}`);
    // The same cold, as a person clicks: the pointer reaches the launcher and rests on it before the click (the
    // launcher wakes the data side on pointerenter: components/host/panel-in-frame.ts).
    const launcherAfterPointer: number[] = [];
    const launcherBox = page.locator('access-inspector-shell .launcher');
    for (let i = 0; i < reps; i++) {
      await page.reload();
      await pageReady(page);
      await page.mouse.move(5, 5); // off the launcher, so reaching it is a pointerenter
      const mark = await stopWorker();
      await page.evaluate(shownWatch(['click']));
      await launcherBox.hover();
      await new Promise((r) => setTimeout(r, POINTER_REST_MS));
      await launcherBox.click();
      launcherAfterPointer.push((await page.evaluate('window.__aiShown')) as number);
      if (!life.startedSince(mark)) throw new Error('launcher: the pointer and click after the stop did not start a new worker');
      await launcherBox.click();
    }
    log(
      `@${n}: pointer on the launcher ${POINTER_REST_MS} ms, then click → first asset row, cold: ${launcherAfterPointer.map(ms).join(', ')}`,
    );
    // Back to the open panel: a person read an answer for over ~30 s (Chrome stopped the worker), then clicks an
    // asset row. The open panel wakes the data side when the pointer moves over it (panel-in-frame.ts).
    const rowClick: ColdWarm = { coldMs: [], warmMs: [] };
    const rowClickAfterPointer: number[] = [];
    const firstRow = page.locator(`access-inspector-shell ${FIRST_ROW}`).first();
    for (let i = 0; i < reps; i++) {
      for (const mode of ['warm', 'cold', 'rested'] as const) {
        await page.reload();
        await pageReady(page);
        await page.mouse.move(5, 5);
        await page.evaluate(shownWatch(['click']));
        await launcherBox.click();
        await page.evaluate('window.__aiShown');
        await page.mouse.move(...(await offPanel(page))); // coming back to the panel is the pointer's arrival
        // Chrome stops a worker ~30 s after its last event. The launcher's click woke it just now, and the panel
        // wakes it again only WARM_INTERVAL_MS after that: a stop sooner would be one Chrome never makes.
        const mark = mode === 'warm' ? life.mark() : await stopWorker(Math.max(opts.settleMs, WARM_INTERVAL_MS + 1000));
        await page.evaluate(shownWatch(mode === 'rested' ? ['click'] : ['pointerover', 'click'], '.explanation'));
        if (mode === 'rested') {
          await firstRow.hover();
          await new Promise((r) => setTimeout(r, POINTER_REST_MS));
        }
        await firstRow.click();
        const shownMs = (await page.evaluate('window.__aiShown')) as number;
        if (mode !== 'warm' && !life.startedSince(mark)) throw new Error('panel: the click after the stop did not start a new worker');
        (mode === 'warm' ? rowClick.warmMs : mode === 'cold' ? rowClick.coldMs : rowClickAfterPointer).push(shownMs);
        await launcherBox.click(); // closed again: the tab remembers an open panel, and the next page starts closed
      }
    }
    log(
      `@${n}: open panel, asset row click → explanation: warm ${rowClick.warmMs.map(ms).join(', ')}; cold ${rowClick.coldMs.map(ms).join(', ')}; ` +
        `cold, pointer on the panel ${POINTER_REST_MS} ms first: ${rowClickAfterPointer.map(ms).join(', ')}`,
    );
    await world.close();
    world = await contentWorld(context, page, extensionId);

    // Changes on the platform → the panel's data call returns the new data.
    const firstAsset = server.store.get('assets', assetId);
    // The demo server's store is a FeedStore: its change sequence counts what each run changed.
    const store = server.store as FeedStore;
    let k = 0;
    const changeRun = async (extra: number): Promise<ChangeRun> => {
      await world.evaluate(WAIT_IDLE);
      const seqBefore = store.headSeq;
      if (extra > 0) server.store.mutateRandom(extra, seed + 100 + k);
      // The tracked asset renamed last, so no random edit overwrites it (re-created if an edit deleted it).
      const current = (server.store.get('assets', assetId) ?? firstAsset) as { name: string };
      const name = `${current.name.replace(/ · bench \d+$/, '')} · bench ${++k}`;
      server.store.put('assets', { ...current, name });
      const changes = store.headSeq - seqBefore;
      return { ms: await world.evaluate<number>(refreshUntilRenamed(userId, assetId, name)), changes };
    };
    // The first sync of the worker the last cold click woke: its own row (the bytes of the image it reads, its code
    // paths not yet optimized); the five after it make the judged median.
    const firstChange = await changeRun(0);
    log(`@${n}: 1 change → new data, the woken worker's first sync: ${ms(firstChange.ms)}`);
    const oneChange: ChangeRun[] = [];
    for (let i = 0; i < reps; i++) oneChange.push(await changeRun(0));
    log(`@${n}: 1 change → new data: ${oneChange.map((r) => ms(r.ms)).join(', ')}`);
    const hundredChanges: ChangeRun[] = [];
    target = await attachWorker(context, extensionId);
    const changeHeap = sampleHeap(target);
    for (let i = 0; i < reps; i++) hundredChanges.push(await changeRun(CHANGES - 1));
    const changeHeapSamples = await changeHeap.stop();
    log(
      `@${n}: ${CHANGES} changes → new data: ${hundredChanges.map((r) => `${ms(r.ms)} (${r.changes} feed changes)`).join(', ')}; ` +
        `memory peak ${peakText(changeHeapSamples)} (${changeHeapSamples.samples} samples, longest gap ${ms(changeHeapSamples.maxGapMs)})`,
    );
    // What the worker of an open panel holds once those syncs are folded into a new image (a patch over its budget
    // folds it, once requests pause): the state it then lives in, beside the steady figure measured before them.
    await new Promise((r) => setTimeout(r, AFTER_CHANGES_SETTLE_MS));
    const afterChanges = await steadyMemory(target);
    await target.close();
    log(
      `@${n}: worker memory after the ${CHANGES}-change syncs, their image folded, after GC: ${afterChanges.mb.toFixed(1)} MB, of which array buffers ${afterChanges.buffersMb.toFixed(1)} MB`,
    );
    return {
      assets,
      initialSync,
      steadyHeapMb: steady,
      steadyBuffersMb: steadyBuffers,
      workerStart,
      assetPage,
      explain,
      launcher,
      launcherAfterPointer,
      rowClick,
      rowClickAfterPointer,
      firstChange,
      oneChange,
      hundredChanges,
      changeHeap: changeHeapSamples,
      afterChangesHeapMb: afterChanges.mb,
      afterChangesBuffersMb: afterChanges.buffersMb,
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
    await ext.close();
    await server.close();
  }
}

/** An initial sync's watchers (timedInitialSync): the caller stops and closes them. */
interface SyncWatch {
  life: WorkerLifecycle;
  target: WorkerTarget;
  /** The platform's traffic counters when Save was clicked. */
  sent: Traffic;
  /** From the sync's end (all pages committed) to the fleet built from them stored (set once the sync returns). */
  storedAfterMs?: number;
  heap: { stop(): Promise<HeapSamples> };
}

/**
 * The initial sync, from Save in the options page, with the worker's lifecycle and heap watched from before it,
 * and what the platform sent counted by the platform (demo/traffic.ts: the worker's own Network events would need
 * the inspection bench/worker-untraced.ts keeps off). Slower polling at 1M: each poll counts the cache's records.
 * The heap is sampled every 500 ms there, not 100: at 1M each sample costs the worker's thread enough that the
 * fill took 0.7–1.4 s longer (two scratch runs each: 15.1 and 16.0 s at 100 ms, 14.7 and 14.8 s at 500 ms,
 * 14.4 and 14.6 s attached and not sampled), and the fill's peak (150–220 MB) is far from its bound.
 */
async function timedInitialSync(
  context: BrowserContext,
  extensionId: string,
  server: RunningDemoServer,
  assets: number,
  /** Sample the live heap (garbage collected before each sample): the sync's time then means nothing. */
  live = false,
): Promise<{ ms: number; watch: SyncWatch }> {
  let watch: SyncWatch | undefined;
  let ended = false;
  const poll = { timeoutMs: 900_000, pollMs: assets > 200_000 ? 500 : 50 };
  const { ms: syncMs, options: optionsPage } = await saveSettingsAndTimeSync(
    context,
    extensionId,
    server.url,
    assets,
    poll,
    async (options) => {
      const life = await WorkerLifecycle.watch(context, options);
      const target = await attachWorker(context, extensionId);
      const sent = server.traffic();
      // a peak placed by the platform's answers so far: which collection's pages, or the work after the last one
      const where = () =>
        ended
          ? "after the sync's end, while the fleet is built and stored"
          : `after ${server.traffic().responses - sent.responses} of the sync's responses`;
      watch = { life, target, sent, heap: sampleHeap(target, live ? 1000 : assets >= 1_000_000 ? 500 : 100, where, live) };
    },
  );
  // The sync says idle once its last page is committed; the worker then builds and stores the fleet it answers
  // from. The heap is sampled until that is stored too: the fill's end is part of the sync's memory.
  ended = true;
  const t0 = performance.now();
  while (!(await fleetStored(optionsPage))) {
    if (performance.now() - t0 > 300_000) throw new Error('the fleet was not stored within 300 s of the sync');
    await new Promise((r) => setTimeout(r, poll.pollMs));
  }
  return { ms: syncMs, watch: { ...watch!, storedAfterMs: performance.now() - t0 } };
}

/**
 * Whether the extension's cache holds a fleet image of what its collections hold now (core/cache/fleet-image-store.ts:
 * the stamp row's generations equal the syncState rows'), read in an extension page from the database itself.
 */
function fleetStored(extensionPage: Page): Promise<boolean> {
  return extensionPage.evaluate(
    (name) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['fleetImage', 'syncState'], 'readonly');
          const stamp = tx.objectStore('fleetImage').get('stamp');
          const states = tx.objectStore('syncState').getAll();
          tx.oncomplete = () => {
            db.close();
            const held = (stamp.result as { stamp?: Record<string, string> } | undefined)?.stamp;
            const rows = states.result as { collection: string; stored?: { generation?: string } }[];
            resolve(!!held && rows.every((r) => (held[r.collection] ?? '') === (r.stored?.generation ?? '')));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    DEFAULT_DB_NAME,
  );
}

/** "312 MB (array buffers 40 MB)": a peak of JS heap + array buffers and the buffers' part, for the log. */
const peakText = (h: HeapSamples): string =>
  `${h.peakMb.toFixed(0)} MB${h.peakBuffersMb !== undefined ? ` (array buffers ${h.peakBuffersMb.toFixed(0)} MB)` : ''}`;

/** " at 12.3 s, after 96 of the sync's responses": where a sync's heap peak was sampled, for the log. */
function peakWhen(h: HeapSamples): string {
  return h.peakAt ? ` at ${(h.peakAt.ms / 1000).toFixed(1)} s${h.peakAt.where ? `, ${h.peakAt.where}` : ''}` : '';
}

/** The empty extension's worker start (bench/empty-extension.ts): no goal, the floor the cold rows stand on. */
export function floorRow(cw: ColdWarm): Row {
  const cold = median(cw.coldMs);
  return {
    figure: `worker start of an empty extension (Chrome's floor under any cold answer; median of ${cw.coldMs.length})`,
    value: `${ms(cold)} vs ${ms(median(cw.warmMs))} warm (cold ${range(cw.coldMs)})`,
    target: '—',
    ok: null,
  };
}

export function coldRows(f: ColdFleetResult): Row[] {
  const n = f.assets >= 1_000_000 ? `${f.assets / 1_000_000}M` : `${f.assets / 1000}k`;
  const t = COLD_TARGETS;
  const coldLimit = t.coldMs[f.assets];
  const coldRow = (what: string, cw: ColdWarm, judged: boolean): Row => {
    const cold = median(cw.coldMs);
    const warm = median(cw.warmMs);
    const ratioOk = cold <= t.coldOverWarm * warm;
    const limitOk = coldLimit === undefined || cold <= coldLimit;
    const ok = ratioOk && limitOk;
    // each half of the goal said apart: Chrome's floor alone (the empty extension's row) is far above 3× warm
    const parts =
      judged && coldLimit !== undefined
        ? `; ≤ ${coldLimit} ms ${limitOk ? 'met' : 'missed'}, ≤ ${t.coldOverWarm}× warm ${ratioOk ? 'met' : 'missed'}`
        : '';
    return {
      figure: `${what} @${n}: right after a worker stop vs warm (median of ${cw.coldMs.length})`,
      value: `${ms(cold)} vs ${ms(warm)} (${(cold / warm).toFixed(1)}×; cold ${range(cw.coldMs)}${parts})`,
      target: judged ? `≤ ${t.coldOverWarm}× warm${coldLimit === undefined ? '' : ` and ≤ ${coldLimit} ms`}` : '—',
      ok: judged ? ok : null,
    };
  };
  const change = (what: string, runs: ChangeRun[], limit: number): Row => {
    const m = median(runs.map((r) => r.ms));
    return {
      figure: `${what} @${n}: platform → refresh → the panel's call returns it (median of ${runs.length})`,
      value: `${ms(m)} (${range(runs.map((r) => r.ms))})`,
      target: `≤ ${limit} ms`,
      ok: m <= limit,
    };
  };
  const s = f.initialSync;
  const syncMedian = median(s.runsMs);
  const peak = Math.max(s.heap.peakMb, f.changeHeap.peakMb);
  const is1m = f.assets >= 1_000_000;
  return [
    coldRow(`panel's first page of assets (assetPage, ${ASSET_LIST_BLOCK} rows)`, f.assetPage, true),
    coldRow('one explanation (explainAsset)', f.explain, true),
    coldRow('launcher click → first asset row', f.launcher, false),
    {
      figure: `pointer on the launcher ${POINTER_REST_MS} ms, then click → first asset row @${n}: right after a worker stop (median of ${f.launcherAfterPointer.length})`,
      value: `${ms(median(f.launcherAfterPointer))} from the click (${range(f.launcherAfterPointer)})`,
      target: '—',
      ok: null,
    },
    coldRow('open panel: asset row click → its explanation', f.rowClick, false),
    {
      figure: `open panel: pointer on it ${POINTER_REST_MS} ms, then asset row click → its explanation @${n}: right after a worker stop (median of ${f.rowClickAfterPointer.length})`,
      value: `${ms(median(f.rowClickAfterPointer))} from the click (${range(f.rowClickAfterPointer)}) vs ${ms(median(f.rowClick.warmMs))} warm`,
      target: '—',
      ok: null,
    },
    coldRow('worker start alone (panelMemory: reads no cache)', f.workerStart, false),
    {
      figure: `1 changed record → new data @${n}: the first sync of a woken worker (the open panel's cold click woke it; one run)`,
      value: ms(f.firstChange.ms),
      target: `≤ ${t.oneChangeMs} ms`,
      ok: f.firstChange.ms <= t.oneChangeMs,
    },
    change('1 changed record → new data', f.oneChange, t.oneChangeMs),
    change(`${CHANGES} changes → new data`, f.hundredChanges, t.hundredChangesMs),
    {
      figure: `initial sync @${n} (Chromium IndexedDB; median of ${s.runsMs.length}, each in a fresh browser), bytes on the wire (as sent vs decoded)`,
      value: `${(syncMedian / 1000).toFixed(1)} s (${range(s.runsMs)}); ${mb(s.wire.wireBytes)} vs ${mb(s.wire.decodedBytes)} (${(s.wire.decodedBytes / Math.max(1, s.wire.wireBytes)).toFixed(1)}× less; ${Object.entries(
        s.wire.encodings,
      )
        .map(([c, k]) => `${c} ${k}`)
        .join(', ')})`,
      target: is1m ? `≤ ${t.initialSync1mMs / 1000} s, compressed` : 'compressed',
      ok: (is1m ? syncMedian <= t.initialSync1mMs : true) && s.wire.wireBytes < s.wire.decodedBytes,
    },
    {
      figure: `worker heap @${n}: steady (fleet loaded, after GC; JS heap + array buffers)`,
      value: `${f.steadyHeapMb.toFixed(1)} MB${f.steadyBuffersMb !== undefined ? ` (array buffers ${f.steadyBuffersMb.toFixed(1)} MB)` : ''}`,
      target: is1m ? `≤ ${t.steadyHeap1mMb} MB` : '—',
      ok: is1m ? f.steadyHeapMb <= t.steadyHeap1mMb : null,
    },
    {
      figure: `worker heap @${n}: after the ${CHANGES}-change syncs, their image folded (after GC; JS heap + array buffers)`,
      value: `${f.afterChangesHeapMb.toFixed(1)} MB (array buffers ${f.afterChangesBuffersMb.toFixed(1)} MB; ${(f.afterChangesHeapMb / f.steadyHeapMb).toFixed(2)}× steady)`,
      target: '—',
      ok: null,
    },
    {
      figure: `worker heap @${n}: peak during the initial syncs / the ${CHANGES}-change syncs (every ${s.heap.everyMs} / ${f.changeHeap.everyMs} ms)`,
      value:
        `${s.heap.peakMb.toFixed(0)} / ${f.changeHeap.peakMb.toFixed(0)} MB (${(peak / f.steadyHeapMb).toFixed(1)}× steady)` +
        (s.liveHeap ? `; live (collected before each sample, a sync of its own): ${s.liveHeap.peakMb.toFixed(0)} MB` : ''),
      // The goal is the 1M heap's: at 100k a few pages held in flight weigh as much as the whole loaded fleet.
      target: is1m ? `≤ ${t.peakOverSteady}× steady` : '— (goal at 1M)',
      ok: is1m ? peak <= t.peakOverSteady * f.steadyHeapMb : null,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('-'))
    .map(Number);
  const extensionDir = process.argv.find((a) => a.startsWith('--extension='))?.slice('--extension='.length);
  const reps = Number(process.argv.find((a) => a.startsWith('--cold-reps='))?.slice('--cold-reps='.length) ?? 5);
  const settle = process.argv.find((a) => a.startsWith('--cold-settle-ms='))?.slice('--cold-settle-ms='.length);
  const syncReps = process.argv.find((a) => a.startsWith('--sync-reps='))?.slice('--sync-reps='.length);
  benchBrowserCold({
    sizes: sizes.length ? sizes : undefined,
    extensionDir,
    reps,
    syncReps: syncReps ? Number(syncReps) : undefined,
    settleMs: settle ? Number(settle) : undefined,
  }).then(
    (r) => {
      for (const row of r.rows)
        console.log(`${row.figure}  ${row.value}  ${row.target}  ${row.ok === null ? '' : row.ok ? 'met' : 'MISSED'}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
