// The CLI as one file (what bin/access-inspector.mjs runs): esbuild (tsx's own compiler) bundles cli/ and core/ with
// zod and commander, minified, into node_modules/.cache/access-inspector/, again whenever a source file or folder it
// was built from changed. It runs through V8's code cache (bytecode kept beside it), so a run neither parses nor
// compiles the ≈ 0.6 MB again: start-up was most of a cached `explain` (issue 13: ≤ 0.5 s wall at 100,000 assets).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** The parameters the bundle's code is wrapped in (CommonJS's, and the bundle's own URL for `import.meta.url`). */
const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', '__bundle_url'];

/** Where the bundle of `entry` (a path under `root`) and its build record live. */
export function bundleFiles(root, entry, cacheDir) {
  return { root, entry, cacheDir, bundle: join(cacheDir, 'cli.cjs'), manifest: join(cacheDir, 'cli.cjs.inputs.json') };
}

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: the bundle is stale
  }
};

/** The bundle, when no file it was built from (nor a folder holding one) changed since its build started. */
export function freshBundle({ root, bundle, manifest }) {
  try {
    const { startedAt, paths } = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
    return paths.every((p) => mtime(join(root, p)) < startedAt) ? bundle : null;
  } catch {
    return null;
  }
}

export function buildBundle({ root, entry, cacheDir, bundle, manifest }) {
  const startedAt = Date.now() - 1000; // a margin for coarse file-system clocks
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    // CommonJS, so it can be compiled with a code cache (vm.Script); zod and commander inside: one file to compile.
    format: 'cjs',
    target: 'node20',
    minify: true,
    define: { 'import.meta.url': '__bundle_url' },
    sourcemap: 'external', // read only to map an internal error's stack (below), never on an ordinary run
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
  // Code caches of earlier builds name texts that are gone.
  for (const name of readdirSync(cacheDir)) if (name.endsWith('.v8')) rmSync(join(cacheDir, name), { force: true });
  return bundle;
}

/**
 * The code cache of this bundle text in this Node. V8 checks a cache against its own version and flags but of the
 * source only its length, so the name carries the SHA-256 of the very text compiled: another build never uses it.
 */
export function codeCacheFile(bundle, source) {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  return join(dirname(bundle), `cli-${hash}-${process.version}-${process.arch}.v8`);
}

/**
 * Runs the bundle and returns its exports. The code cache is read when there is one; when there is none or V8
 * refuses it, one is written as the process ends (so the functions this run compiled are in it too). A cache that
 * cannot be read or written only makes the run slower.
 */
export function runBundle(bundle) {
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = codeCacheFile(bundle, source);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The wrapper has a line of its own (lineOffset -1): line and column numbers in stacks are the bundle's.
  const script = new Script(`(function (${PARAMS.join(', ')}) {\n${source}\n})`, { filename: bundle, lineOffset: -1, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        rmSync(tmp, { force: true });
      }
    });
  }
  mapStacksTo(bundle);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), pathToFileURL(bundle).href);
  return module.exports;
}

/**
 * Stacks (an internal error, exit 70) name the TypeScript sources instead of the minified bundle. The source map is
 * read only when a stack with a frame of the bundle is formatted, so an ordinary run never pays for it.
 */
function mapStacksTo(bundle) {
  let map;
  const source = (frame) => {
    if (frame.getFileName() !== bundle) return null;
    map ??= new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
    const found = map.findEntry(frame.getLineNumber() - 1, frame.getColumnNumber() - 1);
    if (!found?.originalSource) return null;
    const file = found.originalSource.startsWith('file:')
      ? fileURLToPath(found.originalSource)
      : join(dirname(bundle), found.originalSource);
    const at = `${file}:${found.originalLine + 1}:${found.originalColumn + 1}`;
    const name = found.name ?? frame.getFunctionName();
    return name ? `${name} (${at})` : at;
  };
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
      head = String(error);
    } catch {
      head = Object.prototype.toString.call(error);
    }
    const lines = frames.map((frame) => {
      try {
        return `    at ${source(frame) ?? frame}`;
      } catch {
        return `    at ${frame}`;
      }
    });
    return [head, ...lines].join('\n');
  };
}
