// The CLI's input: what `--data` may be (a regular file within the size limit, SPEC §7's hostile-input rules at every
// level) and how option values are read (SPEC §7 "CLI arguments"). In-process through `main`, except /dev/zero:
// that one runs the bin as a child with a time limit, so a regression cannot eat the test runner's memory.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { MAX_DATA_BYTES_ENV } from '../../cli/load';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'test/cli/fixtures/fleet.json');
const dir = mkdtempSync(join(tmpdir(), 'ai-cli-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe('--data: only a regular file within the size limit', () => {
  it('a device such as /dev/zero is refused at once: exit 2 with a clear message', async () => {
    const r = await new Promise<{ code: number | null; stderr: string; killed: boolean }>((done) => {
      const child = execFile(
        process.execPath,
        [join(ROOT, 'bin/access-inspector.mjs'), 'explain', '--data', '/dev/zero', '--user', 'u', '--asset', 'a'],
        { timeout: 60_000, maxBuffer: 1 << 20 },
        (_e, _out, stderr) => done({ code: child.exitCode, stderr, killed: child.killed }),
      );
    });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read --data file "/dev/zero": it is not a regular file');
  }, 90_000);

  it('a file over the limit is refused (exit 2) naming the limit and how to change it; at the limit it is read', async () => {
    const text = JSON.stringify({ version: 1 });
    const path = file('small.json', text);
    const over = await run(['lint', '--data', path, '--json'], { [MAX_DATA_BYTES_ENV]: String(text.length - 1) });
    expect(over.code).toBe(2);
    expect(over.stdout).toBe('');
    expect(over.stderr).toContain(`it is larger than the limit of`);
    expect(over.stderr).toContain(MAX_DATA_BYTES_ENV);
    expect((await run(['lint', '--data', path, '--json'], { [MAX_DATA_BYTES_ENV]: String(text.length) })).code).toBe(0);
    const bad = await run(['lint', '--data', path], { [MAX_DATA_BYTES_ENV]: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${MAX_DATA_BYTES_ENV} must be a positive whole number of bytes`);
  });

  it('a UTF-8 byte-order mark at the start is skipped', async () => {
    const r = await run(['lint', '--data', file('bom.json', '\uFEFF' + JSON.stringify({ version: 1 })), '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ problems: [] });
  });
});

describe('--data: hostile keys and membership ids (exit 3, naming record and path)', () => {
  it('a __proto__ key at the top level of the file is refused like a nested one', async () => {
    const top = await run(['lint', '--data', file('proto-top.json', '{"version":1,"__proto__":{"isAdmin":true}}'), '--json']);
    expect(top).toMatchObject({ code: 3, stdout: '' });
    expect(top.stderr).toMatch(/__proto__: the key "__proto__" is not allowed/);
    const nested = await run([
      'lint',
      '--data',
      file('proto-nested.json', '{"version":1,"projects":[{"id":"p","name":"P","__proto__":{}}]}'),
      '--json',
    ]);
    expect(nested).toMatchObject({ code: 3, stdout: '' });
    expect(nested.stderr).toMatch(/projects\[0\] \(id "p"\) __proto__: the key "__proto__" is not allowed/);
  });

  it('a membership whose user id contains "|" is refused, as the sync refuses it', async () => {
    const r = await run([
      'lint',
      '--data',
      file('pipe.json', JSON.stringify({ version: 1, memberships: [{ userId: 'a|b', projectId: 'c', projectRoleId: 'r' }] })),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('memberships[0] (id "a|b@c") userId: a membership\'s user id must not contain "|"');
  });
});

describe('option values (SPEC §7 CLI arguments)', () => {
  it('a missing value — the last word, or followed by another option — is a usage error (exit 2)', async () => {
    for (const args of [
      ['explain', '--data', FIXTURE, '--user', '--asset', 'a-1'],
      ['explain', '--data', FIXTURE, '--asset', 'a-1', '--user'],
      ['explain', '--data', '--user', 'u-1', '--asset', 'a-1'],
      ['visible', '--data', FIXTURE, '--user', '--json'],
    ]) {
      const r = await run(args);
      expect([args.join(' '), r.code, r.stdout]).toEqual([args.join(' '), 2, '']);
      expect(r.stderr).toMatch(/option '--\w+ <\w+>' argument (missing|'--\w+' is invalid)/);
    }
  });

  it('an empty value is a usage error (exit 2)', async () => {
    for (const args of [
      ['explain', '--data', FIXTURE, '--user', '', '--asset', 'a-1'],
      ['explain', '--data', FIXTURE, '--user=', '--asset', 'a-1'],
      ['lint', '--data', ''],
    ]) {
      const r = await run(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toContain('the value is empty');
    }
  });

  it('a repeated option takes its last value', async () => {
    const r = await run(['visible', '--data', FIXTURE, '--user', 'no-such-user', '--user', 'u-tech', '--json']);
    const once = await run(['visible', '--data', FIXTURE, '--user', 'u-tech', '--json']);
    expect(once.code).toBe(0);
    expect(r).toEqual(once);
  });

  it('the command comes first: an option before it is a usage error (exit 2)', async () => {
    for (const args of [
      ['--data', FIXTURE, 'lint'],
      ['--json', 'lint', '--data', FIXTURE],
    ]) {
      const r = await run(args);
      expect([args.join(' '), r.code, r.stdout]).toEqual([args.join(' '), 2, '']);
      expect(r.stderr).toContain('the command comes first');
    }
  });
});
