// The widget as two ES modules: `npm run build:widget` → .output/widget/access-inspector.js (the element, the
// panel: what the page's main thread runs) and access-inspector-worker.js beside it (the data side: cache, sync,
// engine, zod; widget/worker.ts), which the element starts by URL relative to its own. Served by the demo platform
// (and any platform page) as <script type="module" src="/widget/access-inspector.js">.
import { resolve } from 'node:path';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const root = resolve(import.meta.dirname, '..');

/** One self-contained ES module from `entry` into `outDir` (no shared chunks: each file stands alone). */
function single(mode: string, entry: string, fileName: string, emptyOutDir: boolean): InlineConfig {
  return {
    configFile: false,
    root,
    mode,
    publicDir: false,
    logLevel: 'warn',
    // Preact's automatic JSX runtime, as tsconfig says (stated here so the build does not depend on tsconfig lookup).
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      // `--mode e2e` (the real-browser tests' build, test/e2e/support/build.ts) goes to its own directory: `npm run
      // build:widget` always writes the production widget, with closed shadow roots, to .output/widget.
      outDir: resolve(root, mode === 'e2e' ? '.output/widget-e2e' : '.output/widget'),
      emptyOutDir,
      target: 'es2022',
      copyPublicDir: false,
      minify: true,
      lib: { entry: resolve(root, entry), formats: ['es'], fileName: () => fileName },
      rolldownOptions: { output: { codeSplitting: false, minify: true } },
    },
  };
}

/** After the element's file, the worker's, into the same directory. */
function workerBuild(mode: string): Plugin {
  return {
    name: 'access-inspector-worker',
    apply: 'build',
    async closeBundle() {
      await build(single(mode, 'widget/worker.ts', 'access-inspector-worker.js', false));
    },
  };
}

export default defineConfig(({ mode }) => ({
  ...single(mode, 'widget/access-inspector.ts', 'access-inspector.js', true),
  configFile: undefined,
  logLevel: undefined,
  plugins: [workerBuild(mode)],
}));
