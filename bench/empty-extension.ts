// Chrome's own floor under every cold answer: the worker start of an extension that does nothing (a background that
// answers any message at once, a content script that only exists), measured exactly as browser-cold measures
// ours — a message from the content script's world right after DevTools stopped every worker, then the same again.
// Whatever an extension does, its cold answer cannot beat this; browser-cold prints it beside our worker's start.
import './worker-untraced';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../test/e2e/support/browser';
import { SEND_SOURCE, contentWorld } from './content-world';
import { WorkerLifecycle } from './worker-probe';

/** Cold and warm round trips of one message to an empty extension's worker. */
export async function emptyExtensionWorkerStart(reps: number, settleMs: number): Promise<{ coldMs: number[]; warmMs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-empty-extension-'));
  const page = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'));
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'empty',
      version: '1',
      background: { service_worker: 'background.js' },
      content_scripts: [{ matches: ['http://127.0.0.1/*'], js: ['content.js'] }],
    }),
  );
  // The reply has the envelope SEND_SOURCE expects (@webext-core/messaging's), so the call is the panel's call.
  writeFileSync(join(dir, 'background.js'), 'chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ res: {} }); });');
  writeFileSync(join(dir, 'content.js'), '');
  const ext = await launchWithExtension(dir);
  try {
    const tab = await ext.context.newPage();
    await tab.goto(origin);
    const world = await contentWorld(ext.context, tab, ext.extensionId);
    const life = await WorkerLifecycle.watch(ext.context, tab);
    const out = { coldMs: [] as number[], warmMs: [] as number[] };
    for (let i = 0; i < reps; i++) {
      await new Promise((r) => setTimeout(r, settleMs));
      await life.stop();
      const mark = life.mark();
      const r = await world.evaluate<{ firstMs: number; againMs: number }>(`(async () => { ${SEND_SOURCE}
        const t0 = performance.now(); await send('ping'); const firstMs = performance.now() - t0;
        const t1 = performance.now(); await send('ping'); return { firstMs, againMs: performance.now() - t1 };
      })()`);
      if (!life.startedSince(mark)) throw new Error('empty extension: the call after the stop did not start a new worker');
      out.coldMs.push(r.firstMs);
      out.warmMs.push(r.againMs);
    }
    await life.close();
    await world.close();
    return out;
  } finally {
    await ext.close();
    page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
