// Compare through the data source: the summary agrees with the engine's diffAccess (every change counted once, per
// before→after), the paged details add up to exactly diffAccess's list, and menu items and assignable roles agree
// with independent engine answers (projectFeatures on a what-if snapshot; assignableRoles of each user).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignableRoles, compileFleet, diffAccess, projectFeatures, type DiffSpec } from '../../core/engine';
import { generateFleet } from '../../core/generate/fleet';
import { createDirectSource } from '../../core/source/direct-source';
import { createRemoteSource } from '../../core/source/remote-source';
import { handleDataSourceRequest } from '../../core/source/request-handler';
import type { CompareAgainst, CompareSummary, DataSource } from '../../core/source/data-source';
import { snapshotWithRole } from '../../core/answers/overlay-answer';
import { blankDraftRole } from '../../components/views/DraftRoleEditor';
import { normaliseDraftRole } from '../../core/model/draft-role';

const snapshot = generateFleet({ seed: 7, assets: 400 });
const fleet = compileFleet(snapshot);
const source = createDirectSource({ snapshot });
const users = snapshot.users.map((u) => u.id);
const roles = snapshot.projectRoles.map((r) => r.id);
const projects = snapshot.projects.map((p) => p.id);

function specOf(against: CompareAgainst, projectId: string | null): DiffSpec {
  const p = projectId === null ? {} : { projectId };
  if (against.kind === 'user') return { asUserId: against.userId, ...p };
  return against.role.kind === 'stored' ? { asProjectRoleId: against.role.projectRoleId, ...p } : { asDraftRole: against.role.role, ...p };
}

async function allChanges(src: DataSource, userId: string, against: CompareAgainst, projectId: string | null, pageSize: number) {
  const rows = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await src.compareChanges({ userId, against, projectId, offset, limit: pageSize });
    rows.push(...page.rows);
    if (offset + pageSize >= page.total) return { total: page.total, rows };
  }
}

/** Menu items that differ, computed from projectFeatures of two real users (or of the user on a what-if snapshot). */
function expectedMenu(userId: string, against: CompareAgainst, projectId: string | null, functionProjects: Set<string>) {
  const after = against.kind === 'user' ? fleet : compileFleet(snapshotWithRole(fleet, userId, against.role, projectId));
  const afterUser = against.kind === 'user' ? against.userId : userId;
  const out: string[] = [];
  const candidates = projectId !== null ? [projectId] : projects;
  for (const p of candidates) {
    const mb = projectFeatures(fleet, userId, p).menu;
    const ma = projectFeatures(after, afterUser, p).menu;
    mb.forEach((m, i) => {
      if (m.visible !== ma[i].visible && (projectId !== null || functionProjects.has(p))) out.push(`${p}/${m.groupId}/${ma[i].visible}`);
    });
  }
  return out.sort();
}

const arbAgainst: fc.Arbitrary<CompareAgainst> = fc.oneof(
  fc.constantFrom(...users).map((userId) => ({ kind: 'user' as const, userId })),
  fc.constantFrom(...roles).map((projectRoleId) => ({ kind: 'role' as const, role: { kind: 'stored' as const, projectRoleId } })),
);

describe('compare summary', () => {
  it('counts exactly diffAccess’s changes per before→after and pages through them in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...users),
        arbAgainst,
        fc.option(fc.constantFrom(...projects), { nil: null }),
        fc.integer({ min: 7, max: 120 }),
        async (userId, against, projectId, pageSize) => {
          const d = diffAccess(fleet, userId, specOf(against, projectId));
          const { summary } = await source.compare({ userId, against, projectId });
          expect(summary).not.toBeNull();
          const s = summary as CompareSummary;
          expect(s.assets.changed).toBe(d.changes.length);
          const counted = new Map<string, number>();
          for (const c of d.changes) counted.set(`${c.before}>${c.after}`, (counted.get(`${c.before}>${c.after}`) ?? 0) + 1);
          expect(new Map(s.assets.transitions.map((t) => [`${t.before}>${t.after}`, t.count]))).toEqual(counted);
          const rank = { hidden: 0, read: 1, full: 2 };
          expect(s.assets.gained).toBe(d.changes.filter((c) => rank[c.after] > rank[c.before]).length);
          expect(s.assets.gained + s.assets.lost).toBe(d.changes.length);
          expect(s.functions.map((f) => [f.projectId, f.id, f.before, f.after])).toEqual(
            d.functions.map((f) => [f.projectId, f.id, f.before, f.after]),
          );

          const pages = await allChanges(source, userId, against, projectId, pageSize);
          expect(pages.total).toBe(d.changes.length);
          expect(pages.rows.map((r) => [r.assetId, r.before, r.after])).toEqual(d.changes.map((c) => [c.assetId, c.before, c.after]));

          // Without a project, compare covers the projects where either side holds a (known) project role.
          const holders = new Set([userId, against.kind === 'user' ? against.userId : userId]);
          const withRole = new Set(
            snapshot.memberships.filter((m) => holders.has(m.userId) && roles.includes(m.projectRoleId)).map((m) => m.projectId),
          );
          expect(s.menu.map((m) => `${m.projectId}/${m.groupId}/${m.after}`).sort()).toEqual(
            expectedMenu(userId, against, projectId, withRole),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('lists the system roles that become (or stop being) assignable only when comparing with another user', async () => {
    const qm = snapshot.users.find((u) => u.systemRoleId === 'internalAdminCC' && u.status === 'active')!.id;
    const tech = snapshot.users.find((u) => u.systemRoleId === 'technician' && u.status === 'active')!.id;
    const s = (await source.compare({ userId: tech, against: { kind: 'user', userId: qm } })).summary!;
    const before = new Map(assignableRoles(fleet, tech, null).roles.map((r) => [r.roleId, r.allowed]));
    const after = new Map(assignableRoles(fleet, qm, null).roles.map((r) => [r.roleId, r.allowed]));
    const expected = [...before].filter(([id, ok]) => ok !== after.get(id)).map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    expect(s.assignable.map((r) => r.roleId)).toEqual(expected);
    expect(s.assignable.every((r) => r.after && !r.before)).toBe(true);
    const byRole = (await source.compare({ userId: tech, against: { kind: 'role', role: { kind: 'stored', projectRoleId: roles[0] } } }))
      .summary!;
    expect(byRole.assignable).toEqual([]);
  });

  it('compares with a draft role edited in the editor, normalised per R2, exactly as diffAccess with asDraftRole', async () => {
    const userId = snapshot.memberships[0].userId;
    let draft = blankDraftRole();
    draft = normaliseDraftRole(draft, { kind: 'group', groupId: 'assets', enabled: true });
    draft = normaliseDraftRole(draft, { kind: 'function', functionId: 'assets.assets', access: 'write', value: true });
    draft = normaliseDraftRole(draft, {
      kind: 'tag',
      tag: snapshot.assets.find((a) => a.tags.length > 0)!.tags[0],
      access: 'write',
      value: true,
    });
    const against: CompareAgainst = { kind: 'role', role: { kind: 'draft', role: draft } };
    const d = diffAccess(fleet, userId, { asDraftRole: draft });
    const s = (await source.compare({ userId, against })).summary!;
    expect(s.assets.changed).toBe(d.changes.length);
    expect(s.againstLabel).toContain('Draft role');
    // The same question across the message boundary (validated by the background's schema) gives the same answer.
    const remote = createRemoteSource({ call: (m, r) => handleDataSourceRequest(source, m, r), subscribe: () => () => undefined });
    expect((await remote.compare({ userId, against })).summary).toEqual(s);
  });

  it('refuses a stored role that breaks R2 at the boundary, and answers null for unknown ids', async () => {
    const bad = { ...blankDraftRole(), tags: [{ tag: 'x', read: false, write: true }] };
    await expect(
      handleDataSourceRequest(source, 'compare', { userId: users[0], against: { kind: 'role', role: { kind: 'draft', role: bad } } }),
    ).rejects.toThrow(/write without read/);
    expect((await source.compare({ userId: 'nobody', against: { kind: 'user', userId: users[0] } })).summary).toBeNull();
    expect(
      (await source.compare({ userId: users[0], against: { kind: 'role', role: { kind: 'stored', projectRoleId: 'nope' } } })).summary,
    ).toBeNull();
    expect(await source.compareChanges({ userId: users[0], against: { kind: 'user', userId: 'nobody' } })).toEqual({
      total: 0,
      offset: 0,
      rows: [],
    });
  });
});
