// `npm run zip:firefox` makes what addons.mozilla.org takes: the add-on package and the sources package reviewers
// rebuild it from. The sources must hold what rebuilds the add-on and nothing else (no tests, demo, screenshots),
// and building them alone must give the very files of the package.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, withBuildLock } from '../e2e/support/build';
import { readZip } from './support/zip';

const ALLOWED = [
  /^entrypoints\//,
  /^components\//,
  /^core\//,
  /^public\//,
  /^(wxt\.config\.ts|tsconfig\.json|package\.json|package-lock\.json|README\.md|PRIVACY\.md)$/,
];

let work: string;
let addon: Map<string, Buffer>;
let sources: Map<string, Buffer>;

function wxt(cwd: string, args: string[]): void {
  execFileSync(join(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', NODE_ENV: 'production' },
    timeout: 300_000,
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('the addons.mozilla.org packages (npm run zip:firefox)', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ai-amo-'));
    const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    // wxt zip rebuilds .output/firefox-mv3, which other tests read: under their lock, then private copies.
    await withBuildLock(() => {
      wxt(ROOT, ['zip', '-b', 'firefox']);
      cpSync(join(ROOT, `.output/${name}-${version}-firefox.zip`), join(work, 'addon.zip'));
      cpSync(join(ROOT, `.output/${name}-${version}-sources.zip`), join(work, 'sources.zip'));
    });
    addon = readZip(readFileSync(join(work, 'addon.zip')));
    sources = readZip(readFileSync(join(work, 'sources.zip')));
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('puts in the sources only what builds the add-on, with the privacy statement', () => {
    const names = [...sources.keys()];
    expect(names.filter((n) => !ALLOWED.some((re) => re.test(n)))).toEqual([]);
    expect(names.filter((n) => /(^|\/)test\/|\.test\.tsx?$|^core\/generate\//.test(n))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.png') && !n.startsWith('public/'))).toEqual([]);
    for (const needed of ['PRIVACY.md', 'README.md', 'package-lock.json', 'wxt.config.ts', 'entrypoints/background/index.ts']) {
      expect(names, needed).toContain(needed);
    }
  });

  it('rebuilds, from the sources alone, exactly the files of the add-on package', () => {
    const tree = join(work, 'sources');
    for (const [name, bytes] of sources) {
      mkdirSync(dirname(join(tree, name)), { recursive: true });
      writeFileSync(join(tree, name), bytes);
    }
    // Instead of `npm ci`: the same installed dependencies (package-lock.json is in the sources).
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
    wxt(tree, ['build', '-b', 'firefox']);
    const built = join(tree, '.output/firefox-mv3');
    const rebuilt = filesUnder(built).sort();
    expect(rebuilt).toEqual([...addon.keys()].sort());
    const differing = rebuilt.filter((f) => !readFileSync(join(built, f)).equals(addon.get(f)!));
    expect(differing).toEqual([]);
  });
});
