// Error kinds must survive minification: the shipped extension and widget are minified, which renames classes
// (AuthError became "Qc" in the extension and "j_" in the widget), so a kind read from a class name never matched
// 'AuthError' and the "check the API key or sign in again" hint never showed. This bundles the very modules the
// extension and widget ship (the errors, the sync's describeError, the panel's status wording) with the widget's
// minifier and checks what the minified code stores and shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ERROR_KINDS } from '../../core/sync/errors';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ai-error-kinds-'));

interface Probe {
  /** For each error class (in API_ERROR_KINDS order): kind, name, stored kind, and the panel's message. */
  results: Array<{ kind: string; name: string; stored: string; message: string; needsAuth: boolean }>;
  minifiedClassName: string;
}
let probe: Probe;
let bundle = '';

const ENTRY = `
import { AuthError, GoneError, RateLimitError, ServerError, RequestError, NetworkError, BadPageError } from '${ROOT}/core/sync/errors';
import { describeError } from '${ROOT}/core/sync/sync';
import { toPanelSyncStatus } from '${ROOT}/core/source/sync-status';
export function run() {
  const errors = [new AuthError('GET /me answered 401', 401), new GoneError('gone', 410), new RateLimitError('slow down', 1000),
    new ServerError('boom', 503), new RequestError('bad', 400), new NetworkError('offline'), new BadPageError('cut')];
  const results = errors.map((e) => {
    const info = describeError(e, '2026-12-05T10:00:00.000Z');
    const status = { collections: [], complete: false, dataAsOf: null, lastSyncedAt: null,
      errors: [{ collection: 'assets', ...info }], needsAuth: info.kind === 'AuthError' };
    const fields = toPanelSyncStatus({ status, quarantine: [] });
    return { kind: e.kind, name: e.name, stored: info.kind, message: fields.errors[0].message, needsAuth: status.needsAuth };
  });
  return { results, minifiedClassName: AuthError.name };
}
`;

describe('API error kinds in a minified bundle', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    writeFileSync(join(dir, 'entry.ts'), ENTRY);
    const out = (await build({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      publicDir: false,
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        write: false,
        target: 'es2022',
        minify: true,
        lib: { entry: join(dir, 'entry.ts'), formats: ['es'], fileName: () => 'probe.js' },
        rolldownOptions: { output: { codeSplitting: false, minify: true } },
      },
    })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
    const output = (Array.isArray(out) ? out[0] : out).output[0] as Rollup.OutputChunk;
    bundle = output.code;
    const file = join(dir, 'probe.mjs');
    writeFileSync(file, bundle);
    probe = ((await import(pathToFileURL(file).href)) as { run(): Probe }).run();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renames the classes (so a class name is no kind)', () => {
    expect(probe.minifiedClassName).not.toBe('AuthError');
  });

  it('keeps every kind, stores it, and names the error after it', () => {
    expect(probe.results.map((r) => r.kind)).toEqual([...API_ERROR_KINDS]);
    expect(probe.results.map((r) => r.stored)).toEqual([...API_ERROR_KINDS]);
    expect(probe.results.map((r) => r.name)).toEqual([...API_ERROR_KINDS]);
  });

  it('shows the sign-in hint for a refused key, and only for it', () => {
    const [auth, ...others] = probe.results;
    expect(auth.message).toBe('assets: GET /me answered 401 — check the API key or sign in again');
    expect(auth.needsAuth).toBe(true);
    for (const r of others) {
      expect(r.message).not.toContain('check the API key');
      expect(r.needsAuth).toBe(false);
    }
  });
});
