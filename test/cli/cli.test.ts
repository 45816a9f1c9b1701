// The `access-inspector` CLI. Every command, text and --json, and one case of each exit code run as a user runs
// them: the bin spawned as a child process (all spawns happen once, a few at a time, before the tests: starting
// tsx costs ~0.5 s of CPU each). Further cases of the same paths (other unknown ids, the generated fleet, output
// variants) call the same `main` in-process, which is what the bin runs.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { generateFleet } from '../../core/generate/fleet';
import { FEATURE_GROUPS, FUNCTION_IDS } from '../../core/model/catalog';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/access-inspector.mjs');
const FIXTURE = join(ROOT, 'test/cli/fixtures/fleet.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnBin(
  args: string[],
  opts: { cwd?: string; command?: string; prefix?: string[]; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((done) => {
    execFile(
      opts.command ?? process.execPath,
      [...(opts.prefix ?? [BIN]), ...args],
      { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

async function inProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs `thunks` with at most `limit` at a time (the machine is shared; tsx start-up is CPU-bound). */
async function pool<T>(thunks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(thunks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, thunks.length) }, async () => {
      while (next < thunks.length) {
        const i = next++;
        out[i] = await thunks[i]();
      }
    }),
  );
  return out;
}

let dir: string;
const files: Record<string, string> = {};
const runs = new Map<string, Run>();
const result = (name: string): Run => {
  const r = runs.get(name);
  if (!r) throw new Error(`no run named ${name}`);
  return r;
};
const json = (name: string) => {
  const r = result(name);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
};

// What the generated fleet holds, found in beforeAll.
const gen = { user: '', qm: '', asset: '', ticket: '', project: '', org: '', projectRole: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ai-cli-'));
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));

  files.malformed = join(dir, 'malformed.json');
  writeFileSync(files.malformed, '{\n  "version": 1,\n  "users": [,]\n}\n');
  files.schema = join(dir, 'schema.json');
  writeFileSync(
    files.schema,
    JSON.stringify({
      ...fixture,
      projectRoles: [
        ...fixture.projectRoles,
        { ...fixture.projectRoles[0], id: 'pr-broken', tags: [{ tag: 'pump', read: false, write: true }] },
      ],
      users: [...fixture.users, { ...fixture.users[0], id: 'u-broken', status: 'sleeping' }],
    }),
  );
  files.clean = join(dir, 'clean.json');
  writeFileSync(files.clean, JSON.stringify({ ...fixture, users: fixture.users.filter((u: { id: string }) => u.id !== 'u-reg-south') }));
  files.hostile = join(dir, 'hostile.json');
  writeFileSync(
    files.hostile,
    JSON.stringify({
      ...fixture,
      users: fixture.users.map((u: { id: string; name: string }) =>
        u.id === 'u-tech' ? { ...u, name: 'Tom \u001b[2J\u001b[31mTech\u202e' } : u,
      ),
    }),
  );
  files.directory = join(dir, 'a-directory');
  mkdirSync(files.directory);

  const snapshot = generateFleet({ seed: 11, assets: 400 });
  files.generated = join(dir, 'generated.json');
  writeFileSync(files.generated, JSON.stringify(snapshot));
  const active = snapshot.users.filter((u) => u.status === 'active' && u.systemRoleId !== null);
  gen.user = active.find((u) => u.systemRoleId !== 'globalAdmin')!.id;
  gen.qm = active.find((u) => u.systemRoleId === 'internalAdminCC')!.id;
  gen.asset = snapshot.assets[0].id;
  gen.ticket = snapshot.tickets[0].id;
  gen.project = snapshot.projects[0].id;
  gen.org = snapshot.organizations[snapshot.organizations.length - 1].id;
  gen.projectRole = snapshot.projectRoles[0].id;

  const F = ['--data', FIXTURE];
  const G = ['--data', files.generated];
  const spawned: Record<string, string[]> = {
    explain: ['explain', ...F, '--user', 'u-tech', '--asset', 'a-pump-1'],
    explainJson: ['explain', ...F, '--user', 'u-tech', '--asset', 'a-pump-1', '--json'],
    ticketRedacted: ['ticket', ...F, '--user', 'u-tech', '--ticket', 't-2'],
    ticketRedactedJson: ['ticket', ...F, '--user', 'u-tech', '--ticket', 't-2', '--json'],
    visible: ['visible', ...F, '--user', 'u-narrow'],
    visibleJson: ['visible', ...F, '--user', 'u-narrow', '--json'],
    whoCanSee: ['who-can-see', ...F, '--asset', 'a-pump-1'],
    whoCanSeeJson: ['who-can-see', ...F, '--asset', 'a-pump-1', '--json'],
    features: ['features', ...F, '--user', 'u-ops', '--project', 'p-mine'],
    featuresJson: ['features', ...F, '--user', 'u-ops', '--project', 'p-mine', '--json'],
    assignable: ['assignable', ...F, '--user', 'u-qm'],
    assignableJson: ['assignable', ...F, '--user', 'u-qm', '--json'],
    invite: ['invite', ...F, '--user', 'u-qm', '--org', 'o-cc-north'],
    inviteJson: ['invite', ...F, '--user', 'u-qm', '--org', 'o-cc-north', '--json'],
    verifyQueue: ['verify-queue', ...F, '--user', 'u-qm'],
    verifyQueueJson: ['verify-queue', ...F, '--user', 'u-qm', '--json'],
    diff: ['diff', ...F, '--user', 'u-ops', '--as-user', 'u-tech'],
    diffJson: ['diff', ...F, '--user', 'u-ops', '--as-user', 'u-tech', '--json'],
    lint: ['lint', ...F],
    lintJson: ['lint', ...F, '--json'],
    // One of each failure path.
    malformedJson: ['explain', '--data', files.malformed, '--user', 'u-tech', '--asset', 'a-pump-1', '--json'],
    schemaJson: ['visible', '--data', files.schema, '--user', 'u-tech', '--json'],
    unknownUser: ['explain', ...F, '--user', 'u-999', '--asset', 'a-pump-1', '--json'],
    missingOption: ['explain', ...F, '--user', 'u-tech'],
    unknownCommand: ['frobnicate', ...F],
    missingFile: ['lint', '--data', join(dir, 'nope.json'), '--json'],
  };
  const inProcessCases: Record<string, string[]> = {
    ticketVisibleJson: ['ticket', ...F, '--user', 'u-ops', '--ticket', 't-1', '--json'],
    visibleAllJson: ['visible', ...F, '--user', 'u-narrow', '--all', '--json'],
    whoCanSeeAllJson: ['who-can-see', ...F, '--asset', 'a-pump-1', '--all', '--json'],
    assignableTargetJson: ['assignable', ...F, '--user', 'u-qm', '--target', 'u-cust', '--json'],
    diffRoleJson: ['diff', ...F, '--user', 'u-ops', '--as-role', 'pr-viewer', '--project', 'p-mine', '--json'],
    lintClean: ['lint', '--data', files.clean],
    lintCleanJson: ['lint', '--data', files.clean, '--json'],
    hostile: ['explain', '--data', files.hostile, '--user', 'u-tech', '--asset', 'a-pump-1'],
    malformed: ['lint', '--data', files.malformed],
    unknownAsset: ['who-can-see', ...F, '--asset', 'a-999'],
    unknownTicket: ['ticket', ...F, '--user', 'u-tech', '--ticket', 't-999'],
    unknownOrg: ['invite', ...F, '--user', 'u-qm', '--org', 'o-999'],
    unknownProject: ['features', ...F, '--user', 'u-ops', '--project', 'p-999'],
    unknownRole: ['diff', ...F, '--user', 'u-ops', '--as-role', 'pr-999', '--json'],
    unknownTarget: ['assignable', ...F, '--user', 'u-qm', '--target', 'u-998'],
    missingData: ['lint'],
    diffBothAs: ['diff', ...F, '--user', 'u-ops', '--as-user', 'u-tech', '--as-role', 'pr-viewer'],
    noCommand: [],
    directoryFile: ['lint', '--data', files.directory],
    help: ['--help'],
    // Every command answers on a generated snapshot.
    genExplain: ['explain', ...G, '--user', gen.user, '--asset', gen.asset, '--json'],
    genTicket: ['ticket', ...G, '--user', gen.user, '--ticket', gen.ticket, '--json'],
    genVisible: ['visible', ...G, '--user', gen.user, '--json'],
    genWhoCanSee: ['who-can-see', ...G, '--asset', gen.asset, '--json'],
    genFeatures: ['features', ...G, '--user', gen.user, '--project', gen.project, '--json'],
    genAssignable: ['assignable', ...G, '--user', gen.qm, '--target', gen.user, '--json'],
    genInvite: ['invite', ...G, '--user', gen.qm, '--org', gen.org, '--json'],
    genVerifyQueue: ['verify-queue', ...G, '--user', gen.qm, '--json'],
    genDiff: ['diff', ...G, '--user', gen.user, '--as-role', gen.projectRole, '--json'],
    genLint: ['lint', ...G, '--json'],
  };
  const names = Object.keys(spawned);
  const thunks: (() => Promise<Run>)[] = names.map((n) => () => spawnBin(spawned[n]));
  names.push('otherCwd');
  thunks.push(() => spawnBin(['verify-queue', '--data', FIXTURE, '--user', 'u-qm', '--json'], { cwd: tmpdir() }));
  names.push('tsxFallback');
  thunks.push(() => spawnBin(['assignable', ...F, '--user', 'u-qm', '--json'], { env: { ACCESS_INSPECTOR_NO_BUNDLE: '1' } }));
  names.push('npx');
  thunks.push(() =>
    spawnBin(['--no', 'access-inspector', 'lint', '--data', 'test/cli/fixtures/fleet.json', '--json'], { command: 'npx', prefix: [] }),
  );
  const results = await pool(thunks, 3);
  names.forEach((n, i) => runs.set(n, results[i]));
  for (const [n, args] of Object.entries(inProcessCases)) runs.set(n, await inProcess(args));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('access-inspector commands on a hand-built fleet', () => {
  it('explain: effect, steps with ✓/✗, the flip that raises it, and diagnostics', () => {
    const d = json('explainJson');
    expect(result('explainJson').code).toBe(0);
    expect(d).toMatchObject({ userId: 'u-tech', assetId: 'a-pump-1', effect: 'read', diagnostics: false });
    expect(d.steps.map((s: { code: string }) => s.code)).toEqual([
      'USER_ACTIVE',
      'IN_SCOPE',
      'PROJECT_ROLE',
      'ASSETS_READ',
      'TAG_READ',
      'NO_WRITABLE_TAG',
    ]);
    expect(d.flips).toEqual([expect.objectContaining({ code: 'GRANT_TAG_WRITE', effect: 'full', message: expect.any(String) })]);
    const t = result('explain');
    expect(t.code).toBe(0);
    expect(t.stderr).toBe('');
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('explain: Tom Tech (u-tech) → asset Pump P-101 (a-pump-1)');
    expect(lines[1]).toBe('effect: read');
    expect(lines.find((l) => l.includes('NO_WRITABLE_TAG'))).toMatch(/^ {2}✗ {2}NO_WRITABLE_TAG/);
    expect(lines.find((l) => l.includes('TAG_READ'))).toMatch(/^ {2}✓ {2}TAG_READ/);
    expect(t.stdout).toMatch(/GRANT_TAG_WRITE\s+→ full/);
    expect(lines.at(-1)).toBe('diagnostics: no');
  });

  it('ticket: a redacted ticket never shows its asset name, in text or JSON', () => {
    const d = json('ticketRedactedJson');
    expect(d).toMatchObject({ userId: 'u-tech', ticketId: 't-2', effect: 'redacted', assetName: null, assigneeName: null });
    expect(d.steps.map((s: { code: string }) => s.code)).toContain('EXPERT_MODE');
    for (const out of [result('ticketRedactedJson').stdout, result('ticketRedacted').stdout]) expect(out).not.toContain('Crusher C-1');
    expect(result('ticketRedacted').stdout).toMatch(/^effect: redacted {4}asset: a-crusher \(name not shown\)/m);
    expect(json('ticketVisibleJson')).toMatchObject({ effect: 'visible', assetName: 'Pump P-101', assigneeName: 'Tom Tech' });
  });

  it('visible: non-hidden assets only, unless --all', () => {
    expect(json('visibleJson')).toEqual({
      userId: 'u-narrow',
      assets: [
        {
          assetId: 'a-pump-1',
          effect: 'full',
          codes: ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', 'NO_TAG_RESTRICTION', 'ASSETS_WRITE'],
        },
        {
          assetId: 'a-crusher',
          effect: 'full',
          codes: ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', 'NO_TAG_RESTRICTION', 'ASSETS_WRITE'],
        },
      ],
    });
    expect(json('visibleAllJson').assets.map((a: { assetId: string; effect: string }) => `${a.assetId}:${a.effect}`)).toEqual([
      'a-pump-1:full',
      'a-valve-1:hidden',
      'a-crusher:full',
      'a-belt:hidden',
      'a-oven:hidden',
    ]);
    const lines = result('visible').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('visible: Nora Narrow (u-narrow): 2 assets (full 2, read 0)');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}a-pump-1 +Pump P-101 +full +ASSETS_WRITE$/),
      expect.stringMatching(/^ {2}a-crusher +Crusher C-1 +full +ASSETS_WRITE$/),
    ]);
  });

  it('who-can-see: users who see the asset; --all adds hidden and non-active users', () => {
    const d = json('whoCanSeeJson');
    expect(d.assetId).toBe('a-pump-1');
    expect(d.users.map((u: { userId: string; effect: string }) => `${u.userId}:${u.effect}`)).toEqual([
      'u-admin:full',
      'u-ops:full',
      'u-tech:read',
      'u-cust:read',
      'u-narrow:full',
    ]);
    const all = json('whoCanSeeAllJson').users;
    expect(all).toHaveLength(13);
    expect(all.find((u: { userId: string }) => u.userId === 'u-off')).toMatchObject({ effect: 'hidden' });
    expect(result('whoCanSee').stdout.split('\n')[0]).toBe('who can see Pump P-101 (a-pump-1): 5 users');
  });

  it("features: every function, the menu, the role's location and projects", () => {
    const d = json('featuresJson');
    expect(d).toMatchObject({
      userId: 'u-ops',
      projectId: 'p-mine',
      projectRoleId: 'pr-ops',
      location: { lat: 51.2, lng: 4.4, zoom: 9 },
      usedInProjects: ['p-mine'],
    });
    expect(d.functions.map((f: { id: string }) => f.id)).toEqual(FUNCTION_IDS);
    expect(d.functions.find((f: { id: string }) => f.id === 'dashboards.widgets')).toMatchObject({ read: true, write: true });
    expect(d.menu.map((m: { groupId: string }) => m.groupId)).toEqual(FEATURE_GROUPS.map((g) => g.id));
    expect(d.menu.filter((m: { visible: boolean }) => m.visible).map((m: { groupId: string }) => m.groupId)).toEqual([
      'dashboards',
      'tickets',
      'assets',
      'engineering',
    ]);
    const t = result('features').stdout;
    expect(t.split('\n')[0]).toBe('features: Olga Ops (u-ops) in project Mine monitoring (p-mine), project role Operations (pr-ops)');
    expect(t).toMatch(/Dashboards › Widgets \[H2\] +write +READ_WRITE/);
  });

  it('assignable: the seed example, and a target narrows the roles to its organization type', () => {
    const d = json('assignableJson');
    expect(d).toMatchObject({ userId: 'u-qm', targetId: null });
    const byId = Object.fromEntries(d.roles.map((r: { roleId: string }) => [r.roleId, r]));
    expect(byId.pcInternal).toMatchObject({ allowed: false, reasons: [{ code: 'ROLE_ABOVE_ASSIGNER' }] });
    expect(byId.globalAdmin).toMatchObject({ allowed: false, reasons: [{ code: 'ROLE_ABOVE_ASSIGNER' }] });
    expect(byId.internalAdminCC).toMatchObject({ allowed: false, reasons: [{ code: 'ROLE_SAME_LEVEL' }] });
    expect(byId.technician).toEqual({ roleId: 'technician', allowed: true, reasons: [] });
    const target = json('assignableTargetJson');
    expect(target.roles.filter((r: { allowed: boolean }) => r.allowed).map((r: { roleId: string }) => r.roleId)).toEqual(['customer']);
    const t = result('assignable').stdout;
    expect(t).toMatch(
      /^ {2}✗ {2}PC Internal \(level 1\) +ROLE_ABOVE_ASSIGNER +Internal Admin CC \(Quote Manager, level 2\) cannot assign PC Internal \(level 1\): it is above the assigner's level\.$/m,
    );
    expect(t).toMatch(/^ {2}✓ {2}Technician \(level 3\)$/m);
  });

  it("invite: the invitee gets the inviter's role by default", () => {
    const d = json('inviteJson');
    expect(d).toMatchObject({ inviterId: 'u-qm', organizationId: 'o-cc-north', defaultRoleId: 'internalAdminCC' });
    expect(d.allowedRoleIds).toEqual([
      'internalAdminCC',
      'customerCenterOperations',
      'localDiagnosticEngineer',
      'internalSalesCC',
      'technician',
    ]);
    expect(d.reasons[0]).toMatchObject({ roleId: 'internalAdminCC', code: 'INVITE_DEFAULT_INVITER_ROLE' });
    expect(result('invite').stdout).toMatch(/^default role: Internal Admin CC \(Quote Manager, level 2\)$/m);
  });

  it('verify-queue: oldest registration first, undated last, with suggestions', () => {
    expect(json('verifyQueueJson')).toEqual({
      userId: 'u-qm',
      pending: [
        {
          userId: 'u-reg-2',
          organizationId: 'o-dist-north',
          suggestedRoleId: 'distributorTechnician',
          allowedRoleIds: ['distributor', 'distributorTechnician'],
        },
        { userId: 'u-reg-1', organizationId: 'o-cust-bolt', suggestedRoleId: 'customer', allowedRoleIds: ['customer'] },
        { userId: 'u-reg-3', organizationId: 'o-cust-acme', suggestedRoleId: 'customer', allowedRoleIds: ['customer'] },
      ],
    });
    expect(result('verifyQueue').stdout.split('\n')[0]).toMatch(/^verify queue of Quinn Manager \(u-qm\).*: 3 registrants pending$/);
  });

  it('diff: only changes, for another user or another project role', () => {
    const d = json('diffJson');
    expect(d.userId).toBe('u-ops');
    expect(d.changes).toContainEqual({ assetId: 'a-pump-1', before: 'full', after: 'read' });
    expect(d.changes.every((c: { before: string; after: string }) => c.before !== c.after)).toBe(true);
    expect(d.functions).toContainEqual({ projectId: 'p-mine', id: 'dashboards.widgets', before: 'write', after: 'none' });
    const role = json('diffRoleJson');
    expect(role.functions).toContainEqual({ projectId: 'p-mine', id: 'assets.assets', before: 'write', after: 'read' });
    expect(result('diff').stdout).toMatch(/^ {2}Pump P-101 \(a-pump-1\) +full → read$/m);
  });

  it('lint: exits 1 with problems and 0 without', () => {
    expect(result('lintJson').code).toBe(1);
    expect(json('lintJson')).toEqual({
      problems: [{ code: 'REGISTRANT_UNVERIFIABLE', path: 'users[12]', message: expect.stringContaining('«Sue South»') }],
    });
    expect(result('lint').code).toBe(1);
    expect(result('lint').stdout).toMatch(/^lint: 1 problem\n {2}users\[12\] {2}REGISTRANT_UNVERIFIABLE {2}No active Quote Manager/);
    expect(result('lintClean')).toEqual({ code: 0, stdout: 'lint: no problems\n', stderr: '' });
    expect(JSON.parse(result('lintCleanJson').stdout)).toEqual({ problems: [] });
  });

  it('text output shows control characters in names as escapes, never raw', () => {
    const t = result('hostile');
    expect(t.code).toBe(0);
    expect(t.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(t.stdout).toContain('Tom \\u{1b}[2J\\u{1b}[31mTech\\u{202e} (u-tech)');
  });

  it('runs the sources through tsx when the bundle is not used, with the same answer', () => {
    expect(result('tsxFallback')).toEqual(result('assignableJson'));
  });

  it('works from any directory, and as npx access-inspector inside the repo', () => {
    expect(result('otherCwd').code).toBe(0);
    expect(JSON.parse(result('otherCwd').stdout).pending).toHaveLength(3);
    const npx = result('npx');
    expect(npx.code).toBe(1); // lint found a problem
    expect(JSON.parse(npx.stdout).problems).toHaveLength(1);
  });
});

describe('access-inspector on bad input', () => {
  it('malformed JSON: exit 3 with the line and column, nothing on stdout', () => {
    for (const name of ['malformed', 'malformedJson']) {
      const r = result(name);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/malformed\.json: invalid JSON at line 3, column 13 \(offset 30\): Unexpected token ','\n$/);
    }
  });

  it('a record that breaks the schema: exit 3, every problem naming the record and field path, stdout empty', () => {
    const r = result('schemaJson');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/schema\.json: invalid snapshot \(2 problems\)$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^users\[13\] \(id "u-broken"\) status: /),
      'projectRoles[3] (id "pr-broken") tags[0].write: write without read',
    ]);
  });

  it('unknown ids: exit 4 naming the id', () => {
    const expected: Record<string, string> = {
      unknownUser: 'unknown user "u-999"',
      unknownAsset: 'unknown asset "a-999"',
      unknownTicket: 'unknown ticket "t-999"',
      unknownOrg: 'unknown organization "o-999"',
      unknownProject: 'unknown project "p-999"',
      unknownRole: 'unknown project role "pr-999"',
      unknownTarget: 'unknown user "u-998"',
    };
    for (const [name, message] of Object.entries(expected)) {
      expect(result(name), name).toEqual({ code: 4, stdout: '', stderr: `${message}\n` });
    }
  });

  it('usage errors: exit 2 with the message and the usage', () => {
    const missing = result('missingOption');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain("error: required option '--asset <id>' not specified");
    expect(missing.stderr).toContain('Usage: access-inspector explain --data <file> --user <id> --asset <id> [--json]');
    expect(result('missingData')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("required option '--data <file>' not specified"),
    });
    expect(result('diffBothAs')).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one of --as-user and --as-role') });
    for (const name of ['unknownCommand', 'noCommand']) {
      const r = result(name);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain('Usage: access-inspector <command> --data <snapshot.json> [options] [--json]');
      expect(r.stderr).toMatch(/who-can-see/);
    }
    expect(result('unknownCommand').stderr).toContain("error: unknown command 'frobnicate'");
  });

  it('an unreadable --data file is a usage error (exit 2)', () => {
    expect(result('missingFile')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/cannot read --data file ".*nope\.json": no such file/),
    });
    expect(result('directoryFile')).toMatchObject({ code: 2, stderr: expect.stringContaining('it is a directory') });
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const r = result('help');
    expect(r.code).toBe(0);
    for (const c of ['explain', 'ticket', 'visible', 'who-can-see', 'features', 'assignable', 'invite', 'verify-queue', 'diff', 'lint'])
      expect(r.stdout).toContain(`  ${c} `);
  });
});

describe('access-inspector on a generated fleet', () => {
  it('every command answers with its JSON document', () => {
    const fields: Record<string, string[]> = {
      genExplain: ['userId', 'assetId', 'effect', 'steps', 'flips', 'diagnostics'],
      genTicket: ['userId', 'ticketId', 'effect', 'assetName', 'assigneeName', 'steps'],
      genVisible: ['userId', 'assets'],
      genWhoCanSee: ['assetId', 'users'],
      genFeatures: ['userId', 'projectId', 'projectRoleId', 'functions', 'menu', 'location', 'usedInProjects'],
      genAssignable: ['userId', 'targetId', 'roles'],
      genInvite: ['inviterId', 'organizationId', 'defaultRoleId', 'allowedRoleIds', 'reasons'],
      genVerifyQueue: ['userId', 'pending'],
      genDiff: ['userId', 'changes', 'functions'],
      genLint: ['problems'],
    };
    for (const [name, keys] of Object.entries(fields)) {
      const r = result(name);
      expect(r.stderr, name).toBe('');
      expect(name === 'genLint' ? [0, 1] : [0], name).toContain(r.code);
      const doc = JSON.parse(r.stdout);
      for (const k of keys) expect(doc, `${name}.${k}`).toHaveProperty(k);
    }
    expect(JSON.parse(result('genVerifyQueue').stdout).userId).toBe(gen.qm);
  });
});
