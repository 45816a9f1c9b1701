// A host parses requests only. The answers' schemas (core/source/schema.ts, ~300 zod schemas) give types and the
// tests' contract checks, and a woken worker would build them all before its first answer. So the modules the
// background and the widget's worker load must never reach them, while the request schemas must be there.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The project's own modules that `entry` loads at run time (type-only imports are erased, as in the real build). */
async function runtimeModules(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('the hosts load the request schemas, not the answer schemas', () => {
  it.each(['entrypoints/background/index.ts', 'widget/worker.ts'])('%s', async (entry) => {
    const modules = await runtimeModules(entry);
    expect(modules).toContain('core/source/requests.ts');
    expect(modules).toContain('core/source/validated-source.ts');
    expect(modules).not.toContain('core/source/schema.ts');
  });
});
