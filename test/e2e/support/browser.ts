// Debian's Chromium with the built extension loaded (TOOLCHAIN.md), one fresh profile per launch.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { EXTENSION_DIR, ROOT, WIDGET_FILE, withBuildLock } from './build';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker (the background). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * The demo platform serves its widget from .output/widget (the production build, closed shadow roots); the tests'
 * browsers get `widgetFile` for that URL instead (by default the e2e build, whose open roots their locators pierce).
 * A route a test adds later for platform pages must pass other requests on with route.fallback(), not continue().
 */
async function serveWidget(context: BrowserContext, widgetFile: string): Promise<void> {
  // The element's file and its worker's beside it (widget/vite.config.ts builds both into one directory).
  await context.route(/\/widget\/(access-inspector(?:-worker)?\.js)(\?.*)?$/, (route) => {
    const name = /\/widget\/(access-inspector(?:-worker)?\.js)/.exec(route.request().url())?.[1] ?? basename(widgetFile);
    return route.fulfill({
      path: join(dirname(widgetFile), name),
      contentType: 'text/javascript; charset=utf-8',
      headers: { 'Cache-Control': 'no-store' },
    });
  });
}

export async function launchWithExtension(built: string = EXTENSION_DIR, widgetFile: string = WIDGET_FILE): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ai-e2e-'));
  // A private copy: another test run may rebuild .output while this browser still reads the extension's files.
  const extensionDir = join(profile, 'extension');
  await withBuildLock(() => cpSync(built, extensionDir, { recursive: true }));
  const context = await chromium.launchPersistentContext(join(profile, 'user-data'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...BASE_ARGS],
  });
  await serveWidget(context, widgetFile);
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    extensionId,
    worker,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A plain browser (no extension) for the widget. */
export async function launchPlain(widgetFile: string = WIDGET_FILE): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ai-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: BASE_ARGS,
  });
  await serveWidget(context, widgetFile);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Grants the extension host access to `pattern` the way a user does on chrome://extensions ("Site access → On
 * specific sites"): headless Chromium cannot show the permissions.request prompt, so the request would wait
 * forever. Once granted, the options page's permissions.request for the same origin resolves true at once —
 * its own code path, minus the prompt.
 */
export async function grantHostAccess(context: BrowserContext, extensionId: string, pattern: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions/');
    await page.evaluate(
      ([id, p]) =>
        (
          globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, p: string): Promise<void> } } }
        ).chrome.developerPrivate.addHostPermission(id, p),
      [extensionId, pattern] as const,
    );
  } finally {
    await page.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The `chrome` global of extension pages and the service worker, typed, for code passed to evaluate(). */
export type WithChrome = { chrome: typeof Browser };
