// SPEC §7 "Validation": what a snapshot (CLI, import) and a sync record must look like, beyond the shape of §1.
import { describe, expect, it } from 'vitest';
import { compileFleet, hasPermission, verifyQueue } from '../../core/engine';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import { instantOf, isRfc3339DateTime } from '../../core/model/snapshot';
import { formatProblem, parseRecord, parseSnapshot } from '../../core/model/validate';

const person = (over: object = {}) => ({
  id: 'u-1',
  name: 'One',
  email: 'one@example.test',
  organizationId: 'o-1',
  systemRoleId: null,
  status: 'active',
  invitedBy: null,
  ...over,
});
const problemsOf = (input: unknown) => {
  const r = parseSnapshot(input);
  return r.ok ? [] : r.problems.map(formatProblem);
};

describe('SPEC §7 validation', () => {
  it('ids and tag names are non-empty strings', () => {
    expect(problemsOf({ version: 1, users: [person({ id: '' })] })).toEqual(['users[0] (id "") id: must be a non-empty id']);
    expect(problemsOf({ version: 1, users: [person({ scope: { siteIds: [''] } })] })).toEqual([
      'users[0] (id "u-1") scope.siteIds[0]: must be a non-empty id',
    ]);
    expect(problemsOf({ version: 1, assets: [{ id: 'a-1', name: 'A', projectId: 'p', siteId: 's', tags: [''] }] })).toHaveLength(1);
  });

  it('createdAt is an RFC 3339 date-time with a time zone, letters in either case, a real instant, seconds 00–59', () => {
    for (const ok of [
      '2026-03-01T10:00:00Z',
      '2026-03-01t10:00:00z',
      '2026-03-01T10:00:00.25+05:30',
      '2024-02-29T23:59:59-00:00',
      '2026-03-01T10:00:59.999999Z',
    ])
      expect([ok, isRfc3339DateTime(ok), problemsOf({ version: 1, users: [person({ createdAt: ok })] })]).toEqual([ok, true, []]);
    for (const bad of [
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-03-01T10:00:60Z',
      '2026-03-01T24:00:00Z',
      '2026-03-01T10:60:00Z',
      '2026-03-01T10:00Z',
      '2026-03-01T10:00:00',
      '2026-03-01 10:00:00Z',
      '2026-03-01T10:00:00+0100',
      '2026-03-01T10:00:00+24:00',
      '2026-13-01T10:00:00Z',
      '2026-03-01T10:00:00ZZ',
      '20260301T100000Z',
      '',
    ]) {
      expect([bad, isRfc3339DateTime(bad)]).toEqual([bad, false]);
      expect(problemsOf({ version: 1, users: [person({ createdAt: bad })] })).toEqual([
        expect.stringMatching(/^users\[0\] \(id "u-1"\) createdAt: must be an RFC 3339 date-time/),
      ]);
    }
    expect(instantOf('2026-03-01t10:00:00z')).toBe(Date.parse('2026-03-01T10:00:00Z'));
  });

  it('lower-case createdAt sorts a verification queue as the instant it names', () => {
    const r = parseSnapshot({
      version: 1,
      organizations: [
        { id: 'o-1', name: 'CC', type: 'customerCenter', parentId: null },
        { id: 'o-2', name: 'Cust', type: 'customer', parentId: 'o-1' },
      ],
      users: [
        person({ id: 'u-qm', organizationId: 'o-1', systemRoleId: 'internalAdminCC' }),
        person({ id: 'u-a', organizationId: 'o-2', status: 'pendingVerification', createdAt: '2026-03-02t00:00:00z' }),
        person({ id: 'u-b', organizationId: 'o-2', status: 'pendingVerification', createdAt: '2026-03-01T23:00:00-02:00' }),
      ],
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(verifyQueue(compileFleet(r.value), 'u-qm').pending.map((p) => p.userId)).toEqual(['u-a', 'u-b']);
  });

  it('scope is an object or absent: null is invalid', () => {
    expect(problemsOf({ version: 1, users: [person({ scope: null })] })).toEqual([
      expect.stringMatching(/^users\[0\] \(id "u-1"\) scope: /),
    ]);
    expect(problemsOf({ version: 1, users: [person({ scope: {} })] })).toEqual([]);
  });

  it('permission ids the default catalog lacks are kept and ignored', () => {
    const systemRoles = [{ ...DEFAULT_SYSTEM_ROLES[0], orgTypes: ['global'], permissions: ['manageUsers', 'becomeRoot'] }];
    const r = parseSnapshot({
      version: 1,
      systemRoles,
      organizations: [{ id: 'o-1', name: 'G', type: 'global', parentId: null }],
      users: [person({ systemRoleId: 'globalAdmin' })],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.systemRoles![0].permissions).toEqual(['manageUsers', 'becomeRoot']);
    const f = compileFleet(r.value);
    expect(hasPermission(f, 0, 'manageUsers')).toBe(true);
    expect(hasPermission(f, 0, 'becomeRoot')).toBe(false);
    expect(parseRecord('systemRoles', systemRoles[0]).ok).toBe(true);
  });

  it('forbidden keys are refused at the top level of the file too, naming the path', () => {
    expect(problemsOf(JSON.parse('{"version":1,"__proto__":{"polluted":true}}'))).toEqual([
      expect.stringMatching(/^__proto__: the key "__proto__" is not allowed/),
    ]);
    expect(problemsOf(JSON.parse('{"version":1,"constructor":1}'))).toEqual([
      expect.stringMatching(/^constructor: the key "constructor" is not allowed/),
    ]);
    expect(problemsOf(JSON.parse('{"version":1,"extra":{"deep":{"prototype":1}}}'))).toEqual([
      expect.stringMatching(/^extra\.deep\.prototype: the key "prototype" is not allowed/),
    ]);
    expect(problemsOf(JSON.parse('{"version":1,"extra":{"harmless":[1,2,3]}}'))).toEqual([]);
  });

  it('a membership user id with "|" is refused by the snapshot and by the sync record check alike (one rule)', () => {
    const m = { userId: 'a|b', projectId: 'c', projectRoleId: 'r' };
    const fromFile = problemsOf({ version: 1, memberships: [m] });
    const fromSync = parseRecord('memberships', m);
    expect(fromFile).toEqual([
      'memberships[0] (id "a|b@c") userId: a membership\'s user id must not contain "|" (it separates user and project in the membership\'s key)',
    ]);
    expect(fromSync.ok ? [] : fromSync.problems.map(formatProblem)).toEqual([fromFile[0].replace('memberships[0]', 'memberships[null]')]);
  });
});
