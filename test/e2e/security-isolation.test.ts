// Isolation of the extension in Debian's Chromium, each boundary tried from the side of the attacker:
// - the built manifest asks for exactly what the extension uses; host access is optional, granted at runtime;
// - no remote code: MV3's default CSP stays in force and the bundles carry no eval-like call of their own;
// - a platform page's scripts cannot reach the API key or the cache (storage and IndexedDB live in the extension's
//   origin), cannot message the background (no externally_connectable), and the window messages and DOM events it
//   can send are ignored — including the event WXT's content-script context obeys to stop itself
//   (entrypoints/content/page-guard.ts);
// - the widget takes postMessage commands only from allowed origins, never from an opaque one;
// - during a whole session with a known (canary) API key — options, sync, popup, panel, badges, overlay, both
//   exports — the key goes out only as the X-Api-Key header of requests to the configured platform, and never
//   shows up in a URL, a console line, a download or the page.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../core/api/contract';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchWithExtension, type ExtensionBrowser, type WithChrome } from './support/browser';
import { EXTENSION_DIR, ROOT, ensureBuilt, widgetDir } from './support/build';
import { extensionUrl, readAllTextInPage, Recorder, signIn } from '../security/browser-support';
import { configureExtension } from './support/extension-setup';

// The bundles this test built (the e2e variant differs from `npm run build`'s only in its shadow roots' mode).
const WIDGET_DIR = widgetDir('e2e');
/** A key nobody else uses, so any sighting of it is a leak. */
const CANARY_KEY = `ai-canary-${randomBytes(12).toString('hex')}`;

let server: RunningDemoServer;
let ext: ExtensionBrowser;
let worker: Worker;
let recorder: Recorder;

function bundles(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...bundles(path));
    else if (/\.(m?js|html)$/.test(entry)) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

const isOpen = (page: Page) => page.locator('access-inspector-shell .frame').isVisible();

describe('isolation of the extension', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ extension: true, widget: true });
    server = await startDemoServer({ seed: 6, assets: 300 });
    // The canary signs in as the support engineer, like the demo's own key.
    server.apiKeys[CANARY_KEY] = server.apiKeys['ai-demo-support'];
    ext = await launchWithExtension();
    worker = await ext.worker();
    recorder = new Recorder(ext.context);
  }, 300_000);

  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('asks the manifest for exactly storage, alarms and scripting, with host access only optional', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'scripting', 'storage']);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    // Nothing a page or another extension could use to talk to it or load its files.
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.optional_permissions).toBeUndefined();
    // MV3's default CSP ("script-src 'self'; object-src 'self'") stays: no remote script, no eval.
    expect(manifest.content_security_policy).toBeUndefined();
    expect(manifest.sandbox).toBeUndefined();
    // Nothing else that widens what it can reach or who can reach it.
    const widening = [
      'key',
      'update_url',
      'devtools_page',
      'chrome_url_overrides',
      'declarative_net_request',
      'oauth2',
      'file_browser_handlers',
      'nacl_modules',
      'externally_connectable',
    ];
    expect(Object.keys(manifest).filter((k) => widening.includes(k))).toEqual([]);
  });

  it("ships no remote code and no eval of its own: the only dynamic-code sites are zod's, which the CSP disables", () => {
    const files = [...bundles(EXTENSION_DIR), ...bundles(WIDGET_DIR)];
    expect(files.length).toBeGreaterThan(3);
    // zod 4 probes `Function("")` and, where allowed, compiles object parsers from its own schema shapes (never data).
    const ZOD_SITES = [
      /try\{return Function\(``\),!0\}catch\{return!1\}/g,
      /compile\(\)\{let \w+=Function,\w+=this\?\.content\?\?\[``\];return new \w+\(/g,
    ];
    for (const { path, text } of files) {
      let rest = text;
      for (const site of ZOD_SITES) rest = rest.replace(site, '');
      const where = path.slice(ROOT.length + 1);
      expect(
        rest.match(
          /\beval\s*\(|new\s+Function\s*\(|[^.\w$]Function\s*\(|\bsetTimeout\s*\(\s*["'`]|\bsetInterval\s*\(\s*["'`]|importScripts\s*\(/g,
        ),
        where,
      ).toBeNull();
      // No script, module or stylesheet from anywhere but the extension (or the page) itself.
      expect(rest.match(/import\s*\(\s*["'`]https?:|<script[^>]+src=["']?https?:|<link[^>]+href=["']?https?:/gi), where).toBeNull();
    }
    // The HTML pages load only their own bundles.
    for (const page of ['popup.html', 'options.html']) {
      const html = readFileSync(join(EXTENSION_DIR, page), 'utf8');
      for (const src of html.match(/(?:src|href)="([^"]+)"/g) ?? []) expect(src, page).not.toMatch(/https?:|\/\//);
    }
  });

  it("keeps the API key and the cache out of the page's reach, and the key goes only to the platform", async () => {
    await configureExtension(ext, server.url, CANARY_KEY, { syncMinutes: 5 });
    const userId = server.apiKeys['ai-demo-technician'];
    const page = await ext.context.newPage();
    await signIn(page, server.url, userId);
    await page.locator('access-inspector-shell .launcher').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => page.locator('[data-ai-badge]').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // The whole panel, the overlay and both exports, so every code path that could log or export runs.
    await page.locator('access-inspector-shell .launcher').click();
    const tabs = page.locator('access-inspector-shell [role="tab"]');
    await expect.poll(() => tabs.count(), { timeout: 20_000 }).toBeGreaterThan(3);
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await page.waitForTimeout(150);
    }
    await tabs.filter({ hasText: 'Explain & export' }).click();
    for (const which of ['snapshot', 'report']) {
      const button = page.locator(`access-inspector-shell [data-export="${which}"]`);
      await button.waitFor({ state: 'visible', timeout: 20_000 });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
      await download.path();
    }
    await recorder.flush();
    expect(recorder.downloads.map((d) => d.name)).toEqual([
      expect.stringMatching(/snapshot.*\.json$/),
      expect.stringMatching(/report.*\.csv$/),
    ]);
    expect(JSON.parse(recorder.downloads[0].text).assets.length).toBe(server.store.snapshot().assets.length);

    // What a page script can reach: its own origin's storage, the DOM (with open shadow roots), its own globals.
    const text = await page.evaluate(readAllTextInPage);
    const seen = await page.evaluate(async () => {
      const w = window as unknown as { chrome?: { runtime?: { sendMessage?: unknown; id?: unknown }; storage?: unknown } };
      const dbs = await indexedDB.databases();
      return {
        chromeRuntime: typeof w.chrome?.runtime?.sendMessage,
        runtimeId: w.chrome?.runtime?.id ?? null,
        chromeStorage: typeof w.chrome?.storage,
        databases: dbs.map((d) => d.name),
        storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + window.name,
      };
    });
    expect(seen.chromeRuntime).toBe('undefined');
    expect(seen.runtimeId).toBeNull();
    expect(seen.chromeStorage).toBe('undefined');
    // The extension's cache is not among the page origin's databases (only the widget's own, same-origin one may be).
    expect(seen.databases).not.toContain('access-inspector');
    expect(seen.storage).not.toContain(CANARY_KEY);
    expect(text).not.toContain(CANARY_KEY);
    // The extension's files are not reachable from the page either.
    const fetched = await page.evaluate(
      async (url) => {
        try {
          await fetch(url);
          return 'fetched';
        } catch {
          return 'refused';
        }
      },
      extensionUrl(ext, 'manifest.json'),
    );
    expect(fetched).toBe('refused');

    // The key: only ever the X-Api-Key header of a request to the platform's API.
    const platform = new URL(server.url).origin;
    const carrying = recorder.requests.filter((r) => JSON.stringify(r).includes(CANARY_KEY));
    expect(carrying.length).toBeGreaterThan(0);
    for (const r of carrying) {
      expect(new URL(r.url).origin, r.url).toBe(platform);
      expect(r.url).not.toContain(CANARY_KEY);
      expect(r.postData ?? '').not.toContain(CANARY_KEY);
      expect(r.from).toBe('serviceWorker');
      expect(
        Object.entries(r.headers)
          .filter(([, v]) => v.includes(CANARY_KEY))
          .map(([k]) => k.toLowerCase()),
      ).toEqual([API_KEY_HEADER.toLowerCase()]);
    }
    // Nothing went anywhere but the platform and the extension itself.
    const elsewhere = recorder.requests.filter(
      (r) =>
        !r.url.startsWith(platform) &&
        !r.url.startsWith('chrome-extension://') &&
        !r.url.startsWith('blob:') &&
        !r.url.startsWith('data:') &&
        !r.url.startsWith('chrome://'),
    );
    expect(elsewhere.map((r) => r.url)).toEqual([]);
    // Never logged, never exported.
    expect(recorder.console.filter((c) => c.text.includes(CANARY_KEY))).toEqual([]);
    for (const d of recorder.downloads) expect(d.text, d.name).not.toContain(CANARY_KEY);
    await page.close();
  });

  it('ignores what a page can send: window messages, extension-looking events and runtime messages', async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    const page = await ext.context.newPage();
    recorder.watchPage(page);
    await signIn(page, server.url, userId);
    const launcher = page.locator('access-inspector-shell .launcher');
    await launcher.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await isOpen(page)).toBe(false);
    const id = ext.extensionId;

    await page.evaluate((extensionId) => {
      const shapes: unknown[] = [
        { type: 'togglePanel', data: { open: true } },
        { id: 1, type: 'togglePanel', data: { open: true }, timestamp: Date.now() },
        { type: 'access-inspector:open' },
        { type: 'settingsSaved' },
        { type: 'extensionState' },
        { type: 'refresh', data: {} },
        { type: `${extensionId}:content:wxt:content-script-started`, contentScriptName: 'content', messageId: 'page' },
        { type: 'wxt:content-script-started', contentScriptName: 'content', messageId: 'page' },
        { message: { type: 'togglePanel' } },
        JSON.stringify({ type: 'togglePanel', data: { open: true } }),
      ];
      for (const s of shapes) window.postMessage(s, '*');
      // WXT's content-script context listens on the document for this event name to stop an older copy of itself.
      document.dispatchEvent(
        new CustomEvent(`${extensionId}:content:wxt:content-script-started`, {
          detail: { contentScriptName: 'content', messageId: 'page' },
        }),
      );
      document.dispatchEvent(
        new CustomEvent('wxt:content-script-started', { detail: { contentScriptName: 'content', messageId: 'page' } }),
      );
    }, id);
    await page.waitForTimeout(1_000);
    // Nothing opened, and the content script is alive: the launcher still opens the panel and badges still answer.
    expect(await isOpen(page)).toBe(false);
    await launcher.click();
    await expect.poll(() => isOpen(page), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => page.locator('access-inspector-shell .ai-panel .inspecting').textContent(), { timeout: 20_000 })
      .toContain((server.store.get('users', userId) as { name: string }).name);

    // From the page there is no runtime to message the extension with: Chromium gives pages chrome.runtime only for
    // extensions that list them in externally_connectable, and this one lists nobody.
    const direct = await page.evaluate((extensionId) => {
      const w = window as unknown as { chrome?: { runtime?: { sendMessage?: (id: string, m: unknown, cb: () => void) => void } } };
      if (typeof w.chrome?.runtime?.sendMessage !== 'function') return 'no runtime';
      try {
        w.chrome.runtime.sendMessage(extensionId, { type: 'settingsSaved' }, () => undefined);
        return 'sent';
      } catch (e) {
        return String(e);
      }
    }, id);
    expect(direct).toBe('no runtime');

    // The guard against that event keeps the legitimate hand-over: a second copy injected into the tab (as the
    // background does when access is granted) replaces the first, leaving one shell and one badge per row.
    await worker.evaluate(async (url) => {
      const { chrome } = globalThis as unknown as WithChrome;
      const tab = (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url));
      await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['content-scripts/content.js'] });
    }, `${server.url}/fleet`);
    await expect
      .poll(() => page.locator('[data-ai-badge]').count(), { timeout: 20_000 })
      .toBe(await page.locator('[data-ai-asset-id]').count());
    await page.waitForTimeout(500);
    expect(await page.locator('access-inspector-shell').count()).toBe(1);
    expect(await page.locator('[data-ai-badge]').count()).toBe(await page.locator('[data-ai-asset-id]').count());
    await page.close();
  });

  it('has no door for other extensions or pages: no external message or connect listener in the background', async () => {
    // Messages from another extension or a web page arrive through onMessageExternal / onConnectExternal (and pages
    // need externally_connectable, which the manifest does not set). Nobody listens there.
    const external = await worker.evaluate(() => {
      const runtime = (globalThis as unknown as WithChrome).chrome.runtime as unknown as {
        onMessageExternal?: { hasListeners(): boolean };
        onConnectExternal?: { hasListeners(): boolean };
      };
      return { message: runtime.onMessageExternal?.hasListeners() ?? false, connect: runtime.onConnectExternal?.hasListeners() ?? false };
    });
    expect(external).toEqual({ message: false, connect: false });
  });

  it('lets the widget take commands only from allowed origins, never from an opaque one, and answers nobody else', async () => {
    const NEIGHBOUR = 'http://widget-neighbour.test';
    // A page of another site that posts an "open" command to its parent on load and on request, and hands back to
    // the parent any answer it receives (so the test sees whether the widget talked to it).
    await ext.context.route(`${NEIGHBOUR}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script>
          const open = () => parent.postMessage({ type: 'access-inspector:open' }, '*');
          addEventListener('message', (e) => {
            if (e.data === 'again') open();
            else parent.postMessage({ neighbourGot: e.data && e.data.type }, '*');
          });
          open();
        </script>`,
      }),
    );
    const userId = server.apiKeys['ai-demo-customer'];
    const page = await ext.context.newPage();
    // The same platform under a host name the extension was not granted: there the widget, not the extension,
    // answers (on the granted origin the widget stands down for the extension's panel).
    await signIn(page, server.url.replace('127.0.0.1', 'localhost'), userId);
    const widget = page.locator('access-inspector');
    await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 30_000 }).toBe(userId);
    const widgetOpen = () =>
      page.evaluate(() => {
        const frame = document.querySelector('access-inspector')?.shadowRoot?.querySelector('.frame') as HTMLElement | null;
        return frame !== null && !frame.hidden;
      });
    await page.evaluate(async (url) => {
      const w = window as unknown as { __neighbourGot: unknown[] };
      w.__neighbourGot = [];
      addEventListener('message', (e) => {
        if (e.data && typeof e.data === 'object' && 'neighbourGot' in e.data) w.__neighbourGot.push(e.data.neighbourGot);
      });
      const frame = (sandbox: boolean) =>
        new Promise<void>((resolve) => {
          const f = document.createElement('iframe');
          if (sandbox) f.setAttribute('sandbox', 'allow-scripts');
          f.src = url;
          f.addEventListener('load', () => resolve(), { once: true });
          document.body.append(f);
        });
      await frame(false); // another origin
      await frame(true); // an opaque origin
    }, `${NEIGHBOUR}/`);
    // Even listed, "null" (any sandboxed frame or data: URL) is never an allowed origin.
    await widget.evaluate((el) => el.setAttribute('allowed-origins', 'null'));
    await page.evaluate(() => document.querySelectorAll('iframe').forEach((f) => f.contentWindow!.postMessage('again', '*')));
    await page.waitForTimeout(1_000);
    expect(await widgetOpen()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __neighbourGot: unknown[] }).__neighbourGot)).toEqual([]);
    // The same command from the page's own origin is obeyed: the refusals above were real refusals.
    await widget.evaluate((el) => el.removeAttribute('allowed-origins'));
    await page.evaluate(() => window.postMessage({ type: 'access-inspector:open' }, window.location.origin));
    await expect.poll(widgetOpen, { timeout: 10_000 }).toBe(true);
    await page.close();
  });
});
