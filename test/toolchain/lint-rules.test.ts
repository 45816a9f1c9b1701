// The linter keeps the architecture: the repository's own .oxlintrc.json, run on a small tree in a temporary folder,
// refuses an import cycle and each layer breach, and passes the same tree without them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const OXLINT = join(ROOT, 'node_modules/.bin/oxlint');
let dir: string;

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'access-inspector-lint-'));
  cpSync(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler' } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(cwd: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(OXLINT, ['--import-plugin', '--deny-warnings', '-f', 'unix'], { cwd, encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

const CLEAN = {
  'core/wording/access.ts': "import type { Step } from '../engine/types';\nexport const word = (s: Step): string => s.code;\n",
  'core/engine/types.ts': 'export interface Step { code: string }\n',
  'core/engine/decide.ts': "import type { Step } from './types';\nexport const decide = (): Step => ({ code: 'OK' });\n",
  'core/source/data-source.ts': 'export interface Answer { text: string }\n',
  'components/views/View.tsx':
    "import type { Answer } from '../../core/source/data-source';\nexport const label = (a: Answer): string => a.text;\n",
};

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run lint keeps the layers', () => {
  it('passes a tree whose imports point one way', () => {
    expect(lint(tree(CLEAN))).toEqual({ code: 0, out: expect.any(String) });
  });

  it('refuses an import cycle, the engine importing wording, core importing components and a view importing the engine', () => {
    const { code, out } = lint(
      tree({
        ...CLEAN,
        'core/model/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
        'core/model/b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n",
        'core/engine/decide.ts': "import { word } from '../wording/access';\nexport const decide = (): string => word({ code: 'OK' });\n",
        'core/model/up.ts': "import { label } from '../../components/views/View';\nexport const up = label;\n",
        'components/views/Peek.tsx': "import { decide } from '../../core/engine/decide';\nexport const peek = decide;\n",
      }),
    );
    expect(code).not.toBe(0);
    expect(out).toMatch(/core\/model\/a\.ts:.*import\(no-cycle\)/);
    expect(out).toMatch(/core\/engine\/decide\.ts:.*'\.\.\/wording\/access' import is restricted/);
    expect(out).toMatch(/core\/model\/up\.ts:.*'\.\.\/\.\.\/components\/views\/View' import is restricted/);
    expect(out).toMatch(/components\/views\/Peek\.tsx:.*'\.\.\/\.\.\/core\/engine\/decide' import is restricted/);
  });
});
