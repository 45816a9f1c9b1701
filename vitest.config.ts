import './test/support/node20-polyfills';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['./test/support/node20-polyfills.ts'],
    reporters: ['default', './test/support/count-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // The CLI caches validated snapshots in ~/.cache by default (cli/snapshot-cache.ts): tests, and the CLI runs
    // they spawn, keep theirs in a fresh temporary folder instead, so a run leaves the user's home alone and no
    // test is answered from an entry an earlier run left.
    env: { ACCESS_INSPECTOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'access-inspector-test-cache-')) },
  },
});
