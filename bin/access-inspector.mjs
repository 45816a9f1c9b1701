#!/usr/bin/env node
// The `access-inspector` bin. The CLI is TypeScript and the package has no build step, so this file runs it one of
// two ways:
//  - fast: one minified file of cli/, core/, zod and commander that esbuild writes on first use to
//    node_modules/.cache/access-inspector/ and rebuilds whenever a source changed, run through V8's code cache
//    (bin/cli-bundle.mjs). Start-up ≈ 0.1 s of CPU over node's own instead of ≈ 0.4 s through tsx.
//  - fallback: tsx's loader on the sources (any problem with the bundle — no esbuild, read-only install — lands here;
//    ACCESS_INSPECTOR_NO_BUNDLE=1 forces it).
// Both run the same sources and neither depends on the caller's working directory or its tsconfig.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, bundleFiles, freshBundle, runBundle } from './cli-bundle.mjs';

// `access-inspector visible … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function loadMain() {
  if (!process.env.ACCESS_INSPECTOR_NO_BUNDLE) {
    try {
      const files = bundleFiles(root, join(root, 'cli/main.ts'), join(root, 'node_modules/.cache/access-inspector'));
      const { main } = runBundle(freshBundle(files) ?? buildBundle(files));
      if (typeof main === 'function') return main;
    } catch {
      // no esbuild, a read-only install, a damaged bundle: the sources below give the same answer
    }
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: false });
  return (await import('../cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
