// How the bin starts (bin/cli-bundle.mjs): one minified bundle run through V8's code cache. The cache is named by
// the bundle text it was compiled from, a damaged one costs only time, and an internal error's stack still names the
// TypeScript sources rather than the minified bundle.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module without types: what the bin itself runs
import { buildBundle, bundleFiles, codeCacheFile, runBundle } from '../../bin/cli-bundle.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/access-inspector.mjs');
const FIXTURE = join(ROOT, 'test/cli/fixtures/fleet.json');
const BUNDLE_DIR = join(ROOT, 'node_modules/.cache/access-inspector');
const tmp = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ACCESS_INSPECTOR_CACHE: 'off' } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

const ARGS = ['explain', '--data', FIXTURE, '--user', 'u-tech', '--asset', 'a-pump-1', '--json'];

describe('the bin’s bundle and code cache', () => {
  it('keeps a code cache named by the SHA-256 of the bundle text it was compiled from', async () => {
    const first = await bin(ARGS);
    expect(first.code).toBe(0);
    await bin(ARGS); // the cache is written as a run ends; a rebuild by another test in between writes a new one
    const source = readFileSync(join(BUNDLE_DIR, 'cli.cjs'), 'utf8');
    const name = codeCacheFile(join(BUNDLE_DIR, 'cli.cjs'), source);
    expect(name).toContain(createHash('sha256').update(source).digest('hex').slice(0, 32));
    expect(name).toContain(process.version);
    expect(existsSync(name)).toBe(true);
  });

  it('a damaged code cache gives the same answer and is replaced by a good one', async () => {
    const good = await bin(ARGS);
    const cache = readdirSync(BUNDLE_DIR)
      .filter((n) => n.endsWith('.v8'))
      .map((n) => join(BUNDLE_DIR, n));
    expect(cache.length).toBeGreaterThan(0);
    const garbage = Buffer.alloc(readFileSync(cache[0]).length, 0x5a);
    for (const file of cache) writeFileSync(file, garbage);
    const damaged = await bin(ARGS);
    expect(damaged).toEqual(good);
    const after = readdirSync(BUNDLE_DIR)
      .filter((n) => n.endsWith('.v8'))
      .map((n) => readFileSync(join(BUNDLE_DIR, n)));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((bytes) => !bytes.equals(garbage))).toBe(true);
  });

  it('an error thrown in the bundle has a stack naming the TypeScript file and line, not the minified bundle', () => {
    const entry = join(tmp, 'boom.ts');
    writeFileSync(entry, ['// a line before', 'export function main(): number {', "  throw new Error('boom');", '}', ''].join('\n'));
    const files = bundleFiles(tmp, entry, join(tmp, 'out'));
    const before = Error.prepareStackTrace;
    try {
      const { main } = runBundle(buildBundle(files));
      let stack = '';
      try {
        main();
      } catch (e) {
        stack = (e as Error).stack ?? '';
      }
      expect(stack.split('\n')[0]).toBe('Error: boom');
      expect(stack).toContain(`${entry}:3:`);
      expect(stack).not.toContain('cli.cjs');
    } finally {
      Error.prepareStackTrace = before;
    }
  });
});
