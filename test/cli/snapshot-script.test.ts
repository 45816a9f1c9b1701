// bin/snapshot.mjs: the generated fleet a newcomer points the CLI at.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { parseSnapshot } from '../../core/model/validate';

const script = fileURLToPath(new URL('../../bin/snapshot.mjs', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('snapshot script', () => {
  it('prints the generated fleet for the flags, as a valid snapshot', () => {
    const out = run('--assets', '40', '--seed', '3');
    expect(out.status).toBe(0);
    const parsed = parseSnapshot(JSON.parse(out.stdout));
    expect(parsed.ok).toBe(true);
    expect(JSON.parse(out.stdout)).toEqual(JSON.parse(JSON.stringify(generateFleet({ seed: 3, assets: 40 }))));
  });

  it('refuses a bad flag with exit 2, naming it', () => {
    const out = run('--assets', 'many');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--assets must be a whole number');
    expect(out.stdout).toBe('');
  });
});
