// Role-edit impact (issue 17): one toggle on a project role held by 500 users across 20 projects, on a generated
// fleet of 100,000 and 1,000,000 assets. Measured: the engine's roleImpact (core/engine/role-impact) on the compiled
// fleet — the time from "a switch changed" to the numbers the panel shows, without rendering or messaging.
// Targets: ≤ 100 ms at 100k, ≤ 500 ms at 1M. The fleet is compiled once before (the panel's cached data).
import { performance } from 'node:perf_hooks';
import { compileFleet } from '../core/engine';
import { roleImpact } from '../core/engine/role-impact';
import { generateFleet } from '../core/generate/fleet';
import type { Membership, ProjectRole, Snapshot } from '../core/model/snapshot';

export const ROLE_IMPACT_TARGETS: Record<number, number> = { 100_000: 100, 1_000_000: 500 };

export interface RoleImpactBenchRow {
  assets: number;
  holders: number;
  users: number;
  projects: number;
  /** Median and slowest over the toggles, ms. */
  medianMs: number;
  maxMs: number;
  targetMs: number;
  pass: boolean;
}

/** The generated fleet with one role given to 500 active users (not Global Admins) in each of 20 projects. */
export function heldRoleFleet(assets: number, users = 500, projects = 20): { snapshot: Snapshot; role: ProjectRole } {
  const s = generateFleet({ seed: 17, assets });
  const role = s.projectRoles.find((r) => r.features.assets?.enabled && r.tags.length > 0) ?? s.projectRoles[0];
  const holders = s.users.filter((u) => u.status === 'active' && u.systemRoleId !== 'globalAdmin').slice(0, users);
  const chosen = s.projects.slice(0, projects).map((p) => p.id);
  const taken = new Set(holders.flatMap((u) => chosen.map((p) => `${u.id}|${p}`)));
  // Nobody else holds the role: its other memberships get another role.
  const other = s.projectRoles.find((r) => r.id !== role.id)!.id;
  const memberships: Membership[] = s.memberships
    .filter((m) => !taken.has(`${m.userId}|${m.projectId}`))
    .map((m) => (m.projectRoleId === role.id ? { ...m, projectRoleId: other } : m));
  for (const u of holders) for (const p of chosen) memberships.push({ userId: u.id, projectId: p, projectRoleId: role.id });
  return { snapshot: { ...s, memberships }, role };
}

/** The toggles an administrator makes, one at a time: each universal switch, a tag's read, expert mode. */
function toggles(role: ProjectRole): ProjectRole[] {
  const out: ProjectRole[] = [];
  for (const g of ['assets', 'alarms', 'tickets', 'dashboards']) {
    const s = role.features[g] ?? { enabled: false, functions: {} };
    out.push({ ...role, features: { ...role.features, [g]: { ...s, enabled: !s.enabled } } });
  }
  if (role.tags.length > 0) out.push({ ...role, tags: role.tags.map((t, i) => (i === 0 ? { ...t, read: !t.read, write: false } : t)) });
  out.push({ ...role, expertMode: !role.expertMode });
  out.push({ ...role, fullAccessUntagged: !role.fullAccessUntagged });
  return out;
}

export async function benchRoleImpact(sizes: number[] = [100_000, 1_000_000], log = true): Promise<RoleImpactBenchRow[]> {
  const rows: RoleImpactBenchRow[] = [];
  for (const assets of sizes) {
    const { snapshot, role } = heldRoleFleet(assets);
    const fleet = compileFleet(snapshot);
    const drafts = toggles(role);
    roleImpact(fleet, role.id, drafts[0]); // first use builds the per-fleet project index (kept with the fleet)
    const times: number[] = [];
    let last = roleImpact(fleet, role.id, drafts[0]);
    for (let round = 0; round < 3; round++) {
      for (const d of drafts) {
        const t0 = performance.now();
        last = roleImpact(fleet, role.id, d);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    const targetMs = ROLE_IMPACT_TARGETS[assets] ?? 500;
    const row: RoleImpactBenchRow = {
      assets,
      holders: last.totals.holders,
      users: last.totals.users,
      projects: last.totals.projects,
      medianMs: times[times.length >> 1],
      maxMs: times[times.length - 1],
      targetMs,
      pass: times[times.length >> 1] <= targetMs,
    };
    rows.push(row);
    if (log) {
      console.log(
        `${assets.toLocaleString('en-US')} assets: role held by ${row.users} users in ${row.projects} projects (${row.holders.toLocaleString('en-US')} memberships); ` +
          `one toggle → impact ${row.medianMs.toFixed(1)} ms median, ${row.maxMs.toFixed(1)} ms slowest of ${times.length}`,
      );
    }
  }
  return rows;
}
