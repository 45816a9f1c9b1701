// The demo platform serves its scripts (the pages' own and the widget's two files) cacheably: every load
// revalidates, and an unchanged file answers 304 without its body.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { WIDGET_DIR } from '../../demo/pages/routes';
import { smallFleet } from './fixtures';

let server: RunningDemoServer;

beforeAll(async () => {
  server = await startDemoServer({ snapshot: smallFleet() });
});
afterAll(() => server?.close());

async function revalidates(path: string): Promise<void> {
  const first = await fetch(`${server.url}${path}`);
  expect(first.status).toBe(200);
  const body = await first.arrayBuffer();
  expect(body.byteLength).toBeGreaterThan(0);
  const tag = first.headers.get('ETag');
  expect(tag).toMatch(/^(W\/)?"[^"]+"$/);
  // Kept, but asked about before each use: a new build is picked up on the next load.
  expect(first.headers.get('Cache-Control')).toBe('no-cache');

  const again = await fetch(`${server.url}${path}`, { headers: { 'If-None-Match': tag! } });
  expect(again.status).toBe(304);
  expect((await again.arrayBuffer()).byteLength).toBe(0);
  // The same tag; the compressed 200's is weak (demo/compress.ts), the bodiless 304's is not, and the comparison is weak.
  const bare = (t: string | null) => t?.replace(/^W\//, '');
  expect(bare(again.headers.get('ETag'))).toBe(bare(tag));

  // Another version's tag gets the file itself.
  const stale = await fetch(`${server.url}${path}`, { headers: { 'If-None-Match': '"not-this-one"' } });
  expect(stale.status).toBe(200);
  expect((await stale.arrayBuffer()).byteLength).toBe(body.byteLength);
}

describe('static files of the demo platform', () => {
  it('answer a conditional GET with 304 when the page script is unchanged', () => revalidates('/static/app.js'));

  // The widget is built by `npm run build:widget` (absent in a fresh checkout; the e2e tests build it).
  it.runIf(existsSync(join(WIDGET_DIR, 'access-inspector-worker.js')))(
    'answer a conditional GET with 304 for the widget element and its worker',
    async () => {
      await revalidates('/widget/access-inspector.js');
      await revalidates('/widget/access-inspector-worker.js');
    },
  );

  it('still answer 404 for a file that is not there, with no tag', async () => {
    const res = await fetch(`${server.url}/widget/nothing-here.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('ETag')).toBeNull();
  });
});
