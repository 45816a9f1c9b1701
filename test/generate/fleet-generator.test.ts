import { describe, expect, it } from 'vitest';
import { fleetSizes, generateFleet } from '../../core/generate/fleet';
import { PERSONAS } from '../../core/generate/personas';
import { FEATURE_GROUP_IDS } from '../../core/model/catalog';
import { parseSnapshot } from '../../core/model/validate';

describe('fleet generator', () => {
  it('is deterministic: the same seed gives the same snapshot, another seed another one', () => {
    const a = JSON.stringify(generateFleet({ seed: 3, assets: 600 }));
    expect(JSON.stringify(generateFleet({ seed: 3, assets: 600 }))).toBe(a);
    expect(JSON.stringify(generateFleet({ seed: 4, assets: 600 }))).not.toBe(a);
  });

  it.each([0, 50, 600, 5000])('produces a valid snapshot for %i assets', (assets) => {
    const snapshot = generateFleet({ seed: 11, assets });
    const parsed = parseSnapshot(JSON.parse(JSON.stringify(snapshot)));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    expect(snapshot.assets).toHaveLength(assets);
  });

  it('scales to the benchmark fleet: 1,000 tags, 200 project roles and 5,000 users at 100,000 assets', () => {
    expect(fleetSizes({ assets: 100_000 })).toMatchObject({ tags: 1000, projectRoles: 200, users: 5000 });
  });

  it('contains every persona, every organization type and every system role', () => {
    const s = generateFleet({ seed: 1, assets: 3000 });
    for (const p of PERSONAS) expect(s.users.find((u) => u.id === p.id)?.name).toBe(p.name);
    expect(new Set(s.organizations.map((o) => o.type))).toEqual(
      new Set(['global', 'productCompany', 'customerCenter', 'distributor', 'customer']),
    );
    const roles = new Set(s.users.map((u) => u.systemRoleId).filter(Boolean));
    expect(roles.size).toBe(11);
    expect(s.users.some((u) => u.status === 'pendingVerification' && u.systemRoleId === null)).toBe(true);
  });

  it('has project roles that use every switch, tag restrictions, untagged access and expert mode', () => {
    const s = generateFleet({ seed: 1, assets: 3000 });
    const used = new Set(s.projectRoles.flatMap((r) => Object.keys(r.features)));
    for (const g of FEATURE_GROUP_IDS) expect(used).toContain(g);
    expect(s.projectRoles.some((r) => r.expertMode)).toBe(true);
    expect(s.projectRoles.some((r) => r.fullAccessUntagged && r.tags.length > 0)).toBe(true);
    expect(s.projectRoles.some((r) => r.tags.some((t) => t.write))).toBe(true);
    expect(s.projectRoles.some((r) => r.tags.length === 0)).toBe(true);
    expect(s.assets.some((a) => a.tags.length === 0)).toBe(true);
  });

  it('never puts an asset name into a ticket title', () => {
    const s = generateFleet({ seed: 2, assets: 2000 });
    const names = new Map(s.assets.map((a) => [a.id, a.name]));
    for (const t of s.tickets) if (t.assetId) expect(t.title).not.toContain(names.get(t.assetId));
  });
});
