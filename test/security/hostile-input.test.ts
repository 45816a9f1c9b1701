// Hostile data on the way in through a snapshot file (CLI, import) and one record at a time (what the sync
// validates): every case is refused with an error naming the record and the field path, the error stays small
// however big the input, nothing reaches Object.prototype, and ids that collide across collections or look like
// prototype members change no decision of the engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { assetCodes, assetEffect, compileFleet, explainAsset, explainTicket, whoCanSee } from '../../core/engine';
import { generateFleet } from '../../core/generate/fleet';
import { checkRecordLimits, RECORD_LIMITS } from '../../core/model/limits';
import { COLLECTION_NAMES, type Snapshot } from '../../core/model/snapshot';
import { formatProblem, parseRecord, parseSnapshot } from '../../core/model/validate';
import { snapshotArb } from '../engine/arbitraries';
import { hostileCases, TEN_MB } from './hostile-records';

const good = generateFleet({ seed: 5, assets: 20 });
const cases = hostileCases(good).filter((k) => k.inSnapshots !== false);
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const tmp = mkdtempSync(join(tmpdir(), 'ai-hostile-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  const probe = {} as Record<string, unknown>;
  expect(probe.enabled).toBeUndefined();
  expect(probe.read).toBeUndefined();
  expect(probe.write).toBeUndefined();
  expect(probe.functions).toBeUndefined();
}

/** The good fleet with every hostile record appended to its collection, as JSON text (keeps `__proto__` own keys). */
function hostileSnapshotText(): { text: string; indexOf: Map<string, number> } {
  const indexOf = new Map<string, number>();
  const parts = COLLECTION_NAMES.map((c) => {
    const records = ((good[c] ?? []) as unknown[]).map((r) => JSON.stringify(r));
    for (const k of cases.filter((x) => x.collection === c)) {
      indexOf.set(k.name, records.length);
      records.push(k.json);
    }
    return `${JSON.stringify(c)}:[${records.join(',')}]`;
  });
  return { text: `{"version":1,${parts.join(',')}}`, indexOf };
}

describe('hostile records, one at a time (what the sync checks before caching)', () => {
  for (const k of hostileCases(good)) {
    it(`refuses ${k.name}, naming the record and the path`, () => {
      const result = parseRecord(k.collection, JSON.parse(k.json));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const [first] = result.problems;
      expect(first.collection).toBe(k.collection);
      expect(first.recordId).toBe(k.recordId);
      expect(first.path.startsWith(k.path), `path ${first.path}`).toBe(true);
      expect(first.message).toMatch(k.message);
      // However big the record, the error a person reads stays a line.
      for (const p of result.problems) expect(formatProblem(p).length).toBeLessThan(600);
      expectPrototypesClean();
    });
  }

  it('accepts the same records when they are well-formed (the guards sit far above real data)', () => {
    for (const c of COLLECTION_NAMES) for (const r of good[c] ?? []) expect(parseRecord(c, r).ok).toBe(true);
    const deepest = { id: 'o', name: 'n', type: 'customer', parentId: null, extra: JSON.parse('{"a":'.repeat(15) + '1' + '}'.repeat(15)) };
    expect(checkRecordLimits(deepest)).toEqual([]);
    expect(checkRecordLimits({ name: 'n'.repeat(RECORD_LIMITS.maxStringLength) })).toEqual([]);
    expect(checkRecordLimits({ name: 'n'.repeat(RECORD_LIMITS.maxStringLength + 1) })).toHaveLength(1);
  });

  it('bounds the work one record can cause: a list too long, too many keys, too many values', () => {
    expect(checkRecordLimits({ tags: Array(RECORD_LIMITS.maxEntries + 1).fill('t') })[0]).toMatchObject({
      path: 'tags',
      message: expect.stringMatching(/longer than the limit/),
    });
    const wide = Object.fromEntries(Array.from({ length: RECORD_LIMITS.maxEntries + 1 }, (_, i) => [`k${i}`, true]));
    expect(checkRecordLimits({ features: wide })[0]).toMatchObject({ path: 'features', message: expect.stringMatching(/more than/) });
    const many = { a: Array.from({ length: 20 }, () => Array(9_000).fill(0)) };
    expect(checkRecordLimits(many).at(-1)!.message).toMatch(/more than 100000 values/);
  });
});

describe('a hostile snapshot file (the CLI and snapshot import)', () => {
  it('is refused whole with one line per hostile record naming collection, index, id and path; the good data is not touched', async () => {
    const { text, indexOf } = hostileSnapshotText();
    expect(text.length).toBeGreaterThan(2 * TEN_MB);
    const parsed = parseSnapshot(JSON.parse(text));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    for (const k of cases) {
      const problem = parsed.problems.find((p) => p.collection === k.collection && p.index === indexOf.get(k.name));
      expect(problem, k.name).toBeDefined();
      expect(problem!.recordId, k.name).toBe(k.recordId);
      expect(problem!.path.startsWith(k.path), `${k.name}: ${problem!.path}`).toBe(true);
    }
    // Only the hostile records are named.
    const named = new Set(parsed.problems.map((p) => `${p.collection}[${p.index}]`));
    expect(named.size).toBe(cases.length);
    expectPrototypesClean();

    const file = join(tmp, 'hostile.json');
    writeFileSync(file, text);
    let stdout = '';
    let stderr = '';
    const code = await main(['lint', '--data', file, '--json'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    for (const k of cases)
      expect(
        lines.some((l) => l.startsWith(`${k.collection}[${indexOf.get(k.name)}]`)),
        k.name,
      ).toBe(true);
    // 20 MB in, a few KB of errors out.
    expect(stderr.length).toBeLessThan(20_000);
    expectPrototypesClean();
  });

  it('a file nested a million levels deep is an invalid snapshot, not a crash', async () => {
    const file = join(tmp, 'deep.json');
    writeFileSync(
      file,
      `{"version":1,"organizations":[{"id":"o","name":"n","type":"global","parentId":null,"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}]}`,
    );
    let stderr = '';
    const code = await main(['lint', '--data', file], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    expect(code).toBe(3);
    expect(stderr).toContain('organizations[0] (id "o") x');
    expect(stderr).toContain('nested deeper than 16 levels');
  });
});

// Ids that collide across collections (a user, an asset, a project and a site all called "__proto__") and ids that
// name prototype members: the engine keys everything by collection, so every decision must be the one it makes
// with plain distinct ids.
const HOSTILE_IDS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '<img src=x onerror=alert(1)>',
  '0',
  'length',
  'then',
];

function renameIds(s: Snapshot): Snapshot {
  const maps = new Map<string, Map<string, string>>();
  const mapOf = (kind: string, ids: string[]) => {
    const m = new Map(ids.map((id, i) => [id, i < HOSTILE_IDS.length ? HOSTILE_IDS[i] : `${HOSTILE_IDS[i % HOSTILE_IDS.length]}-${i}`]));
    maps.set(kind, m);
    return m;
  };
  const org = mapOf(
    'org',
    s.organizations.map((x) => x.id),
  );
  const site = mapOf(
    'site',
    s.sites.map((x) => x.id),
  );
  const user = mapOf(
    'user',
    s.users.map((x) => x.id),
  );
  const project = mapOf(
    'project',
    s.projects.map((x) => x.id),
  );
  const role = mapOf(
    'role',
    s.projectRoles.map((x) => x.id),
  );
  const asset = mapOf(
    'asset',
    s.assets.map((x) => x.id),
  );
  const ticket = mapOf(
    'ticket',
    s.tickets.map((x) => x.id),
  );
  const tags = new Map<string, string>();
  const tag = (t: string) => {
    if (!tags.has(t)) tags.set(t, HOSTILE_IDS[tags.size % HOSTILE_IDS.length] + (tags.size >= HOSTILE_IDS.length ? `-${tags.size}` : ''));
    return tags.get(t)!;
  };
  // A dangling reference stays dangling (and unlike every real id).
  const r = (m: Map<string, string>, id: string) => m.get(id) ?? `dangling:${id}`;
  const rn = (m: Map<string, string>, id: string | null) => (id === null ? null : r(m, id));
  return {
    ...s,
    organizations: s.organizations.map((o) => ({ ...o, id: r(org, o.id), parentId: rn(org, o.parentId) })),
    sites: s.sites.map((x) => ({ ...x, id: r(site, x.id), organizationId: r(org, x.organizationId) })),
    users: s.users.map((u) => ({
      ...u,
      id: r(user, u.id),
      organizationId: r(org, u.organizationId),
      invitedBy: rn(user, u.invitedBy),
      ...(u.scope
        ? {
            scope: {
              ...(u.scope.organizationIds ? { organizationIds: u.scope.organizationIds.map((i) => r(org, i)) } : {}),
              ...(u.scope.siteIds ? { siteIds: u.scope.siteIds.map((i) => r(site, i)) } : {}),
            },
          }
        : {}),
    })),
    projects: s.projects.map((p) => ({ ...p, id: r(project, p.id) })),
    projectRoles: s.projectRoles.map((p) => ({ ...p, id: r(role, p.id), tags: p.tags.map((t) => ({ ...t, tag: tag(t.tag) })) })),
    memberships: s.memberships.map((m) => ({
      userId: r(user, m.userId),
      projectId: r(project, m.projectId),
      projectRoleId: r(role, m.projectRoleId),
    })),
    assets: s.assets.map((a) => ({
      ...a,
      id: r(asset, a.id),
      projectId: r(project, a.projectId),
      siteId: r(site, a.siteId),
      tags: a.tags.map(tag),
    })),
    tickets: s.tickets.map((t) => ({
      ...t,
      id: r(ticket, t.id),
      projectId: r(project, t.projectId),
      assetId: rn(asset, t.assetId),
      assigneeId: rn(user, t.assigneeId),
    })),
  };
}

describe('ids that collide across collections or name prototype members', () => {
  it('change no decision: every (user, asset) and (user, ticket) evaluation equals the one with plain ids', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const hostile = renameIds(s);
        expect(parseSnapshot(hostile).ok).toBe(true);
        const [f0, f1] = [compileFleet(s), compileFleet(hostile)];
        s.users.forEach((u, ui) => {
          s.assets.forEach((a, ai) => {
            expect(assetEffect(f1, ui, ai)).toEqual(assetEffect(f0, ui, ai));
            expect(assetCodes(f1, ui, ai)).toEqual(assetCodes(f0, ui, ai));
            const [d0, d1] = [explainAsset(f0, u.id, a.id), explainAsset(f1, hostile.users[ui].id, hostile.assets[ai].id)];
            expect(d1.effect).toBe(d0.effect);
            expect(d1.steps.map((x) => x.code)).toEqual(d0.steps.map((x) => x.code));
            expect(d1.flips.map((x) => x.code)).toEqual(d0.flips.map((x) => x.code));
          });
          s.tickets.forEach((t, ti) => {
            const [d0, d1] = [explainTicket(f0, u.id, t.id), explainTicket(f1, hostile.users[ui].id, hostile.tickets[ti].id)];
            expect(d1.effect).toBe(d0.effect);
            expect(d1.steps.map((x) => x.code)).toEqual(d0.steps.map((x) => x.code));
          });
        });
        s.assets.forEach((a, ai) => {
          expect(whoCanSee(f1, hostile.assets[ai].id, { all: true }).users.map((x) => x.effect)).toEqual(
            whoCanSee(f0, a.id, { all: true }).users.map((x) => x.effect),
          );
        });
        expectPrototypesClean();
      }),
      { numRuns: 60 },
    );
  });
});
