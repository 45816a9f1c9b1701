// The snapshot cache (cli/snapshot-cache.ts) never gives another answer than the file would: a rewritten file (even
// of the same size with its modification time set back) is validated again, a damaged entry is ignored, and an
// invalid snapshot is reported every time and never cached.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { CACHE_DIR_ENV } from '../../cli/snapshot-cache';

const FIXTURE = new URL('./fixtures/fleet.json', import.meta.url);

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

let dir: string;
let cache: string;
const saved = process.env[CACHE_DIR_ENV];
beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'cli-cache-'));
  cache = join(dir, 'cache');
  process.env[CACHE_DIR_ENV] = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env[CACHE_DIR_ENV];
  else process.env[CACHE_DIR_ENV] = saved;
  rmSync(dir, { recursive: true, force: true });
});

const entries = () => readdirSync(cache).filter((n) => n !== 'by-identity' && !n.endsWith('.tmp'));
const snapshot = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));

describe('snapshot cache', () => {
  it('answers explain and the whole-snapshot commands from the cache exactly as without it', async () => {
    const file = join(dir, 'a.json');
    const s = snapshot();
    writeFileSync(file, JSON.stringify(s));
    const user = s.users[1].id;
    const asset = s.assets[2].id;
    const explain = ['explain', '--data', file, '--user', user, '--asset', asset, '--json'];
    const visible = ['visible', '--data', file, '--user', user, '--json'];
    const first = [await run(explain), await run(visible)];
    expect(first.map((r) => r.code)).toEqual([0, 0]);
    expect(entries()).toHaveLength(1);
    const again = [await run(explain), await run(visible), await run(explain), await run(visible)];
    expect(again.map((r) => r.stdout)).toEqual([first[0].stdout, first[1].stdout, first[0].stdout, first[1].stdout]);
    expect(entries()).toHaveLength(1);
  });

  it('a same-size rewrite with the old modification time gives the new answer', { timeout: 20_000 }, async () => {
    const file = join(dir, 'b.json');
    const s = snapshot();
    const user = s.users.find((u: { status: string }) => u.status === 'active');
    writeFileSync(file, JSON.stringify(s));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    // The identity (device, inode, size, times) names an entry only for a file unchanged for two seconds.
    await new Promise((r) => setTimeout(r, 2100));
    const args = ['explain', '--data', file, '--user', user.id, '--asset', s.assets[0].id, '--json'];
    const identities = () => (existsSync(join(cache, 'by-identity')) ? readdirSync(join(cache, 'by-identity')).length : 0);
    const named = identities();
    const before = await run(args);
    expect(identities()).toBe(named + 1);
    expect(await run(args)).toEqual(before); // by identity: the file is not even read
    // Same length: "active" → "disabled" is two characters longer, so drop two from the name.
    const edited = {
      ...s,
      users: s.users.map((u: { id: string; status: string; name: string }) =>
        u.id === user.id ? { ...u, status: 'disabled', name: u.name.slice(0, -2) } : u,
      ),
    };
    writeFileSync(file, JSON.stringify(edited));
    expect(statSync(file).size).toBe(Buffer.byteLength(JSON.stringify(s)));
    utimesSync(file, old, old);
    const after = await run(args);
    expect(after.code).toBe(0);
    expect(JSON.parse(before.stdout).steps[0].code).toBe('USER_ACTIVE');
    expect(JSON.parse(after.stdout).steps[0].code).toBe('USER_NOT_ACTIVE');
  });

  it('ignores a damaged entry', async () => {
    const file = join(dir, 'c.json');
    const s = snapshot();
    writeFileSync(file, JSON.stringify({ ...s, projects: [...s.projects, { id: 'p-extra', name: 'Extra' }] }));
    const args = ['who-can-see', '--data', file, '--asset', s.assets[3].id, '--json'];
    const first = await run(args);
    const entry = entries()
      .map((n) => join(cache, n))
      .find((p) => statSync(p).mtimeMs >= statSync(file).mtimeMs - 1000)!;
    for (const name of readdirSync(entry)) if (name !== 'manifest.json') truncateSync(join(entry, name), 5);
    expect(await run(args)).toEqual(first);
  });

  it('reports an invalid snapshot every time (exit 3, record and path) and caches nothing for it', async () => {
    const file = join(dir, 'd.json');
    const s = snapshot();
    s.assets[4].tags = [''];
    writeFileSync(file, JSON.stringify(s));
    const before = entries().length;
    for (let i = 0; i < 2; i++) {
      const r = await run(['explain', '--data', file, '--user', s.users[0].id, '--asset', s.assets[0].id]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`assets[4] (id "${s.assets[4].id}") tags[0]`);
    }
    expect(entries()).toHaveLength(before);
  });
});
