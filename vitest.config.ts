import './test/support/node20-polyfills';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Tests that drive a real browser (Debian's Chromium or Firefox ESR): slow, built extension or widget, own project. */
const BROWSER_TESTS = ['test/e2e/**/*.test.ts', 'test/e2e-firefox/**/*.test.ts', 'test/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    setupFiles: ['./test/support/node20-polyfills.ts'],
    reporters: ['default', './test/support/count-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // The CLI caches validated snapshots in ~/.cache by default (cli/snapshot-cache.ts): tests, and the CLI runs
    // they spawn, keep theirs in a fresh temporary folder instead, so a run leaves the user's home alone and no
    // test is answered from an entry an earlier run left.
    env: { ACCESS_INSPECTOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'access-inspector-test-cache-')) },
    // `npm test` runs both; `npm run test:unit` / `npm run test:browser` run one.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: BROWSER_TESTS } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS } },
    ],
  },
});
