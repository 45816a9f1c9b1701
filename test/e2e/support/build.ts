// Builds what the real-browser tests load — the Chrome extension (wxt build -b chrome) and the widget bundle —
// once, and only when a source is newer than the output. Test files run in parallel workers, so a directory lock
// makes the others wait for the one that builds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const WIDGET_FILE = join(ROOT, '.output/widget/access-inspector.js');

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

export function buildExtension(): void {
  run(['wxt', 'build', '-b', 'chrome']);
}

export function buildWidget(): void {
  run(['vite', 'build', '--config', 'widget/vite.config.ts', '--logLevel', 'warn']);
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

/** Builds the extension and the widget if any source changed since they were last built. */
export async function ensureBuilt(what: { extension?: boolean; widget?: boolean } = { extension: true, widget: true }): Promise<void> {
  await withBuildLock(() => {
    const sources = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
    if (what.extension && outputTime(join(EXTENSION_DIR, 'manifest.json')) < sources) buildExtension();
    if (what.widget && outputTime(WIDGET_FILE) < sources) buildWidget();
  });
}
