#!/usr/bin/env node
// The `access-inspector` bin. The CLI is TypeScript and the package has no build step, so this file runs it one of
// two ways:
//  - fast: a single-file bundle of cli/ and core/ that esbuild (tsx's own compiler) writes on first use to
//    node_modules/.cache/access-inspector/ and rebuilds whenever a source file or folder it was built from changed.
//    Start-up ≈ 0.2 s of CPU instead of ≈ 0.5 s, which matters for scripts and tests that call it many times.
//  - fallback: tsx's loader on the sources (any problem with the bundle — no esbuild, read-only install — lands here;
//    ACCESS_INSPECTOR_NO_BUNDLE=1 forces it).
// Both run the same sources and neither depends on the caller's working directory or its tsconfig.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `access-inspector visible … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'cli/main.ts');
const cacheDir = join(root, 'node_modules/.cache/access-inspector');
const bundle = join(cacheDir, 'cli.mjs');
const manifest = join(cacheDir, 'inputs.json');

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: the bundle is stale
  }
};

/** The bundle, when no file it was built from (nor a folder holding one) changed since its build started. */
function freshBundle() {
  try {
    const { startedAt, paths } = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
    return paths.every((p) => mtime(join(root, p)) < startedAt) ? bundle : null;
  } catch {
    return null;
  }
}

function buildBundle() {
  const startedAt = Date.now() - 1000; // a margin for coarse file-system clocks
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // zod is bundled: one file, only the parts used, loads in a fraction of the time of zod's many modules (start-up
    // is most of a cached `explain`); commander stays external (CommonJS that requires node built-ins).
    external: ['commander'],
    sourcemap: true,
    metafile: true,
    write: false,
    outfile: bundle,
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  const files = Object.keys(result.metafile.inputs);
  const paths = [...new Set([...files, ...files.map((f) => dirname(f))])];
  mkdirSync(cacheDir, { recursive: true });
  // Write under unique names, then rename: concurrent first runs must never see half a file.
  const tmp = `.${process.pid}.${Date.now()}`;
  for (const out of result.outputFiles) writeFileSync(out.path + tmp, out.contents);
  writeFileSync(manifest + tmp, JSON.stringify({ startedAt, paths }));
  for (const out of result.outputFiles) renameSync(out.path + tmp, out.path);
  renameSync(manifest + tmp, manifest);
  return bundle;
}

async function loadMain() {
  let path = null;
  if (!process.env.ACCESS_INSPECTOR_NO_BUNDLE) {
    try {
      path = freshBundle() ?? buildBundle();
    } catch {
      path = null;
    }
  }
  if (path) {
    process.setSourceMapsEnabled(true); // stack traces of internal errors point at the TypeScript sources
    return (await import(pathToFileURL(path).href)).main;
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: false });
  return (await import('../cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
