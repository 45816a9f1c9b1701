// The widget as one ES module: `npm run build:widget` → .output/widget/access-inspector.js, served by the demo
// platform (and any platform page) as <script type="module" src="/widget/access-inspector.js">.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

// `--mode e2e` (the real-browser tests' build, test/e2e/support/build.ts) goes to its own directory: `npm run
// build:widget` always writes the production widget, with closed shadow roots, to .output/widget.
export default defineConfig(({ mode }) => ({
  root,
  publicDir: false,
  // Preact's automatic JSX runtime, as tsconfig says (stated here so the build does not depend on tsconfig lookup).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: resolve(root, mode === 'e2e' ? '.output/widget-e2e' : '.output/widget'),
    emptyOutDir: true,
    target: 'es2022',
    copyPublicDir: false,
    minify: true,
    lib: {
      entry: resolve(root, 'widget/access-inspector.ts'),
      formats: ['es'],
      fileName: () => 'access-inspector.js',
    },
    rolldownOptions: { output: { codeSplitting: false, minify: true } },
  },
}));
