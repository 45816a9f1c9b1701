import { describe, expect, it } from 'vitest';
import { formatProblem, parseSnapshot } from '../../core/model/validate';

const role = (over: object = {}) => ({
  id: 'pr-ops',
  name: 'Ops',
  location: null,
  expertMode: false,
  fullAccessUntagged: false,
  tags: [],
  features: {},
  ...over,
});

describe('snapshot validation', () => {
  it('accepts a minimal snapshot and fills missing collections with empty lists', () => {
    const r = parseSnapshot({ version: 1 });
    expect(r.ok && r.value.assets).toEqual([]);
    expect(r.ok && r.value.systemRoles).toBeUndefined();
  });

  it('rejects write without read on a tag, naming the record and the field path', () => {
    const r = parseSnapshot({ version: 1, projectRoles: [role({ tags: [{ tag: 'A', read: false, write: true }] })] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map(formatProblem)).toEqual(['projectRoles[0] (id "pr-ops") tags[0].write: write without read']);
  });

  it('rejects write without read on a function', () => {
    const r = parseSnapshot({
      version: 1,
      projectRoles: [role({ features: { assets: { enabled: true, functions: { assets: { read: false, write: true } } } } })],
    });
    expect(!r.ok && r.problems[0].path).toBe('features.assets.functions.assets.write');
  });

  it('rejects two memberships of one user in one project', () => {
    const m = { userId: 'u1', projectId: 'p1', projectRoleId: 'pr-ops' };
    const r = parseSnapshot({ version: 1, memberships: [m, { ...m, projectRoleId: 'other' }] });
    expect(!r.ok && r.problems[0]).toMatchObject({ collection: 'memberships', index: 1, recordId: 'u1@p1' });
  });

  it('lists every problem, not only the first', () => {
    const r = parseSnapshot({ version: 2, users: [{ id: 'u1' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.some((p) => p.path === 'version')).toBe(true);
      expect(r.problems.filter((p) => p.recordId === 'u1').length).toBeGreaterThan(3);
    }
  });

  it('ignores unknown extra fields', () => {
    const r = parseSnapshot({ version: 1, projects: [{ id: 'p1', name: 'P', colour: 'red' }] });
    expect(r.ok && r.value.projects[0]).toEqual({ id: 'p1', name: 'P' });
  });
});
