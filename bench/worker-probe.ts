// DevTools probes on the extension's service worker for the real-browser benchmarks: stopping it the way Chrome
// does after 30 idle seconds (ServiceWorker.stopAllWorkers) and telling that the next message started a new one,
// sampling its JS heap while a sync runs, and counting the bytes its fetches receive (as sent and as decoded).
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { browserSession } from '../test/e2e/support/cdp';

type Params = Record<string, unknown>;

/** A CDP session on the worker's target that also delivers the target's events (test/e2e/support/cdp.ts's does not). */
export interface WorkerTarget {
  call(method: string, params?: object): Promise<Params>;
  on(event: string, listener: (params: Params) => void): void;
  close(): Promise<void>;
}

export async function attachWorker(context: BrowserContext, extensionId: string, timeoutMs = 15_000): Promise<WorkerTarget> {
  const cdp = await browserSession(context);
  const prefix = `chrome-extension://${extensionId}/`;
  const deadline = Date.now() + timeoutMs;
  let targetId: string | undefined;
  for (;;) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    targetId = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(prefix))?.targetId;
    if (targetId) break;
    if (Date.now() > deadline) {
      await cdp.detach();
      throw new Error(`no service worker target at ${prefix}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve(r: Params): void; reject(e: Error): void; method: string }>();
  const listeners = new Map<string, Array<(p: Params) => void>>();
  let closed = false;
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId?: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as {
      id?: number;
      method?: string;
      params?: Params;
      result?: Params;
      error?: { message: string };
    };
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p?.resolve(msg.result ?? {});
    } else if (msg.method) for (const l of listeners.get(msg.method) ?? []) l(msg.params ?? {});
  });
  // The worker stopped (or was closed): nothing pending will be answered.
  cdp.on('Target.detachedFromTarget', (event: { sessionId?: string }) => {
    if (event.sessionId !== sessionId) return;
    closed = true;
    for (const p of pending.values()) p.reject(new Error(`${p.method}: the worker's target went away`));
    pending.clear();
  });
  return {
    call(method, params = {}) {
      if (closed) return Promise.reject(new Error(`${method}: the worker's target went away`));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, method });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((e: Error) => {
          pending.delete(id);
          reject(e);
        });
      });
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    async close() {
      if (!closed) await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      closed = true;
      await cdp.detach().catch(() => undefined);
    },
  };
}

const MB = 1024 * 1024;

/**
 * The worker's memory as V8 reports it, in MB: its used JS heap and the backing stores of its array buffers (and
 * external strings), which the JS heap does not count. A fleet loaded from its image keeps most of itself in array
 * buffers (its columns, hash tables and record bytes); a compiled one in JS objects: only the sum compares the two.
 */
interface WorkerMemory {
  mb: number;
  buffersMb: number;
}

async function workerMemory(target: WorkerTarget): Promise<WorkerMemory> {
  const usage = await target.call('Runtime.getHeapUsage');
  const buffersMb = Number(usage.backingStorageSize ?? 0) / MB;
  return { mb: Number(usage.usedSize) / MB + buffersMb, buffersMb };
}

/** The worker's memory (JS heap + array buffers) after a full collection. */
export async function steadyMemory(target: WorkerTarget): Promise<WorkerMemory> {
  await target.call('HeapProfiler.collectGarbage');
  await target.call('HeapProfiler.collectGarbage');
  return workerMemory(target);
}

export interface HeapSamples {
  /** The highest sample of JS heap + array buffers (workerMemory). */
  peakMb: number;
  /** Of which array buffers, in that sample. */
  peakBuffersMb?: number;
  samples: number;
  /** The longest wait between two answered samples (a long task in the worker delays DevTools' answer). */
  maxGapMs: number;
  /** The interval asked for. */
  everyMs: number;
  /** When the peak was sampled: ms after sampling began, and what `where` said then (null without one). */
  peakAt?: { ms: number; where: string | null };
}

/**
 * Samples the worker's used heap every `everyMs` (one request in flight at a time) until stop() is called. `where`
 * names the moment of a new peak (e.g. how far the sync had got), so a high one can be placed. Used heap counts the
 * garbage not yet collected, so its peak follows the collector's timing too; `collect` samples the live heap.
 */
export function sampleHeap(
  target: WorkerTarget,
  everyMs = 100,
  where?: () => string,
  /** Collect garbage before each sample: the live heap (each collection holds the worker's thread). */
  collect = false,
): { stop(): Promise<HeapSamples> } {
  let peak = 0;
  let peakBuffers = 0;
  let peakAt: HeapSamples['peakAt'];
  let samples = 0;
  let maxGap = 0;
  const began = performance.now();
  let last = began;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        if (collect) await target.call('HeapProfiler.collectGarbage');
        const { mb: used, buffersMb } = await workerMemory(target);
        if (used > peak) {
          peak = used;
          peakBuffers = buffersMb;
          peakAt = { ms: performance.now() - began, where: where ? where() : null };
        }
        samples++;
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      } catch {
        return; // the worker went away: what was sampled stands
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (performance.now() - t))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peakMb: peak, peakBuffersMb: peakBuffers, samples, maxGapMs: maxGap, everyMs, ...(peakAt ? { peakAt } : {}) };
    },
  };
}

/**
 * The extension worker's running status as DevTools reports it (ServiceWorker domain on an extension page's
 * session), and the stop. `startsSince(mark)` counts the times it was seen starting or running after `mark`.
 */
export class WorkerLifecycle {
  private readonly seen: string[] = [];
  private constructor(private readonly cdp: CDPSession) {}

  static async watch(context: BrowserContext, page: Page): Promise<WorkerLifecycle> {
    const cdp = await context.newCDPSession(page);
    const life = new WorkerLifecycle(cdp);
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.startsWith('chrome-extension://')) life.seen.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    return life;
  }

  mark(): number {
    return this.seen.length;
  }

  /** Whether a (new) worker was starting or running at some point after `mark`. */
  startedSince(mark: number): boolean {
    return this.seen.slice(mark).some((s) => s === 'starting' || s === 'running');
  }

  /** Stops every service worker (what Chrome does to an idle one) and waits until the extension's is reported stopped. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const mark = this.mark();
    const already = this.seen.at(-1) === 'stopped';
    await this.cdp.send('ServiceWorker.stopAllWorkers');
    if (already) return;
    const deadline = Date.now() + timeoutMs;
    while (!this.seen.slice(mark).includes('stopped')) {
      if (Date.now() > deadline) throw new Error(`the extension's worker was not reported stopped in ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
