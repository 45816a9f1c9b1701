// Builds what the real-browser tests load — the Chrome extension (wxt build -b chrome) and the widget bundle —
// once, and only when a source is newer than the output. Test files run in parallel workers, so a directory lock
// makes the others wait for the one that builds.
//
// Two variants. The tests' own ("e2e", Vite mode `e2e`: .output/chrome-mv3-e2e, .output/widget-e2e) attaches open
// shadow roots, so Playwright's shadow-piercing locators reach into the panel; this file is the only place that
// asks for it. The production one (`npm run build`: .output/chrome-mv3, .output/widget) attaches closed roots;
// the tests that play a hostile page load that one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export type BuildVariant = 'e2e' | 'production';
export type BuildBrowser = 'chrome' | 'firefox';

/** The Vite/WXT mode of the tests' builds (components/shadow-mode.ts opens shadow roots for it, and only for it). */
export const E2E_MODE = 'e2e';

export function extensionDir(browser: BuildBrowser = 'chrome', variant: BuildVariant = 'e2e'): string {
  return join(ROOT, `.output/${browser}-mv3${variant === 'e2e' ? `-${E2E_MODE}` : ''}`);
}

export function widgetDir(variant: BuildVariant = 'e2e'): string {
  return join(ROOT, variant === 'e2e' ? `.output/widget-${E2E_MODE}` : '.output/widget');
}

/** What the tests load by default: the e2e variant. */
export const EXTENSION_DIR = extensionDir('chrome', 'e2e');
export const WIDGET_FILE = join(widgetDir('e2e'), 'access-inspector.js');
export const PRODUCTION_EXTENSION_DIR = extensionDir('chrome', 'production');
export const PRODUCTION_WIDGET_FILE = join(widgetDir('production'), 'access-inspector.js');

const SOURCES = ['entrypoints', 'components', 'core', 'widget', 'public', 'wxt.config.ts', 'package.json', 'PRIVACY.md'];
const LOCK = join(ROOT, '.output/.e2e-build.lock');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function outputTime(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}

function run(args: string[]): void {
  execFileSync(join(ROOT, 'node_modules/.bin', args[0]), args.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Vitest sets NODE_ENV=test, which would give development JSX and bigger bundles than `npm run build`.
    env: { ...process.env, NO_COLOR: '1', NODE_ENV: 'production' },
    timeout: 300_000,
  });
}

/** Builds the extension for `browser` into extensionDir(browser, variant). */
export function buildExtension(browser: BuildBrowser = 'chrome', variant: BuildVariant = 'e2e'): void {
  run(['wxt', 'build', '-b', browser, ...(variant === 'e2e' ? ['--mode', E2E_MODE] : [])]);
}

/** Builds the widget into widgetDir(variant). */
export function buildWidget(variant: BuildVariant = 'e2e'): void {
  run(['vite', 'build', '--config', 'widget/vite.config.ts', '--logLevel', 'warn', ...(variant === 'e2e' ? ['--mode', E2E_MODE] : [])]);
}

/** Runs `fn` while no build runs (in this or another test process). */
export async function withBuildLock<T>(fn: () => T): Promise<T> {
  mkdirSync(join(ROOT, '.output'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than the longest build belongs to a run that died.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`e2e build lock ${LOCK} held for too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the extension and the widget if any source changed since they were last built: the tests' variant unless
 * `variant: 'production'` (what `npm run build` gives).
 */
export async function ensureBuilt(
  what: { extension?: boolean; widget?: boolean; variant?: BuildVariant; browser?: BuildBrowser } = { extension: true, widget: true },
): Promise<void> {
  const variant = what.variant ?? 'e2e';
  const browser = what.browser ?? 'chrome';
  await withBuildLock(() => {
    const sources = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
    if (what.extension && outputTime(join(extensionDir(browser, variant), 'manifest.json')) < sources) buildExtension(browser, variant);
    if (what.widget && outputTime(join(widgetDir(variant), 'access-inspector.js')) < sources) buildWidget(variant);
  });
}
