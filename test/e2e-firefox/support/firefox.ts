// Debian's Firefox ESR driven over WebDriver BiDi (puppeteer-core), with the built Firefox add-on installed as a
// temporary add-on (TOOLCHAIN.md "Firefox"). One fresh profile per launch.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureBuilt, extensionDir, withBuildLock, type BuildVariant } from '../../e2e/support/build';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Builds the Firefox add-on if a source changed (under test/e2e/support/build.ts's lock) and returns its directory:
 * the "e2e" variant has open shadow roots to pierce (components/shadow-mode.ts); "production" is what ships.
 */
export async function ensureFirefoxBuilt(variant: BuildVariant): Promise<string> {
  await ensureBuilt({ extension: true, widget: false, browser: 'firefox', variant });
  return extensionDir('firefox', variant);
}

export interface FirefoxWithAddon {
  browser: Browser;
  /** moz-extension://<uuid>/<path> of the add-on. */
  url(path: string): string;
  /** Opens an add-on page. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** The event page stops after this long without events (Firefox: 30 s). Long enough for a sync under CI load. */
export const BACKGROUND_IDLE_MS = 8000;

export async function launchFirefoxWithAddon(built: string): Promise<FirefoxWithAddon> {
  const profile = mkdtempSync(join(tmpdir(), 'ai-e2e-firefox-'));
  // A private copy: another test run may rebuild .output while Firefox still reads the add-on's files.
  const addonDir = join(profile, 'addon');
  await withBuildLock(() => cpSync(built, addonDir, { recursive: true }));
  const geckoId = JSON.parse(readFileSync(join(addonDir, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id as string;
  // A fixed UUID makes the add-on's moz-extension:// URLs known before it is installed.
  const uuid = crypto.randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: join(profile, 'profile'),
    // moz-extension:// pages are refused to the remote protocol without it.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // Headless Firefox cannot show the optional-permission prompt; with this, permissions.request() grants.
      'extensions.webextOptionalPermissionPrompts': false,
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      'extensions.background.idle.timeout': BACKGROUND_IDLE_MS,
    },
  });
  await browser.installExtension(addonDir);
  const url = (path: string) => `moz-extension://${uuid}/${path}`;
  return {
    browser,
    url,
    async open(path) {
      const page = await browser.newPage();
      // The page loads, but the navigation's completion is not always reported for moz-extension:// URLs.
      await page.goto(url(path), { timeout: 3000 }).catch(() => undefined);
      await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 15_000 }, url(path));
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
