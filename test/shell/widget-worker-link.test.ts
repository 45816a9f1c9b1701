// The page side's link to the widget's worker (widget/worker-link.ts) and the worker's data side (widget/data-side.ts),
// joined here the way postMessage joins them (every message structured-cloned), without a browser.
import { describe, expect, it } from 'vitest';
import { WidgetDataSide, checkInbound } from '../../widget/data-side';
import { linkWorker } from '../../widget/worker-link';
import type { FromWorker, ToWorker } from '../../widget/worker-protocol';
import type { SyncStatus } from '../../core/source/data-source';

/** A Worker stand-in whose other end is `answer` (what the worker does with each message). */
function fakeWorker(answer: (message: ToWorker, reply: (m: FromWorker) => void) => void) {
  const worker = {
    onmessage: null as ((event: MessageEvent<FromWorker>) => void) | null,
    onerror: null as unknown,
    sent: [] as ToWorker[],
    postMessage(message: ToWorker) {
      const copy = structuredClone(message);
      worker.sent.push(copy);
      queueMicrotask(() => answer(copy, (m) => worker.push(m)));
    },
    push(message: FromWorker) {
      worker.onmessage?.({ data: structuredClone(message) } as MessageEvent<FromWorker>);
    },
  };
  return worker;
}

describe('the widget page side and its worker', () => {
  it('answers each call by its id, whatever order the answers come in', async () => {
    const held: Array<{ id: number; method: string }> = [];
    const worker = fakeWorker((m) => m.kind === 'call' && held.push({ id: m.id, method: m.method }));
    const link = linkWorker(worker as unknown as Worker, () => undefined);
    const first = link.source.listProjects();
    const second = link.source.syncStatus();
    await new Promise((r) => setTimeout(r, 0));
    expect(held.map((h) => h.method)).toEqual(['listProjects', 'syncStatus']);
    worker.push({ kind: 'answer', id: held[1]!.id, ok: true, value: { state: 'idle' } });
    worker.push({ kind: 'answer', id: held[0]!.id, ok: true, value: { projects: [{ id: 'p1' }] } });
    expect(await first).toEqual({ projects: [{ id: 'p1' }] });
    expect(await second).toEqual({ state: 'idle' });
  });

  it("rejects with the worker's error, its name kept (a bad request stays told apart from a failure)", async () => {
    const worker = fakeWorker((m, reply) => {
      if (m.kind === 'call')
        reply({
          kind: 'answer',
          id: m.id,
          ok: false,
          name: 'DataSourceRequestError',
          message: 'bad searchUsers request — query: expected string',
        });
    });
    const link = linkWorker(worker as unknown as Worker, () => undefined);
    const error = await link.source.searchUsers({ query: 5 as unknown as string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('DataSourceRequestError');
    expect((error as Error).message).toMatch(/query: expected string/);
  });

  it("hands status pushes to every subscriber until it unsubscribes, and the worker's news to the element", () => {
    const news: FromWorker[] = [];
    const worker = fakeWorker(() => undefined);
    const link = linkWorker(worker as unknown as Worker, (n) => news.push(n));
    const a: SyncStatus[] = [];
    const b: SyncStatus[] = [];
    link.source.subscribe((s) => a.push(s));
    const stopB = link.source.subscribe((s) => b.push(s));
    const status = { state: 'idle', dataVersion: 3 } as unknown as SyncStatus;
    worker.push({ kind: 'status', status });
    stopB();
    worker.push({ kind: 'status', status: { ...status, dataVersion: 4 } });
    worker.push({ kind: 'lost', message: 'Your session on the platform ended (401)', had: 'u-1' });
    expect(a.map((s) => s.dataVersion)).toEqual([3, 4]);
    expect(b.map((s) => s.dataVersion)).toEqual([3]);
    expect(news).toEqual([{ kind: 'lost', message: 'Your session on the platform ended (401)', had: 'u-1' }]);
  });

  it('a call before the worker signed in is refused with a clear message, not left hanging', async () => {
    let side: WidgetDataSide | null = null;
    const worker = fakeWorker((m) => side!.handle(m));
    side = new WidgetDataSide((m) => worker.push(m));
    const link = linkWorker(worker as unknown as Worker, () => undefined);
    await expect(link.source.listProjects()).rejects.toThrow('The Access Inspector widget has no data yet.');
  });

  it("checks another window's message in the worker: a good one comes back parsed, a bad one names what was wrong", async () => {
    let side: WidgetDataSide | null = null;
    const worker = fakeWorker((m) => side!.handle(m));
    side = new WidgetDataSide((m) => worker.push(m));
    const link = linkWorker(worker as unknown as Worker, () => undefined);
    expect(await link.checkInbound({ type: 'access-inspector:context', context: { userId: 'u-7', extra: 1 } })).toEqual({
      ok: true,
      message: { type: 'access-inspector:context', context: { userId: 'u-7' } },
    });
    const bad = await link.checkInbound({ type: 'access-inspector:context', context: { assetIds: 'a1' } });
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.message).toMatch(/^bad access-inspector:context message: /);
    expect(checkInbound({ type: 'access-inspector:launch' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/access-inspector:launch/),
    });
  });
});
