import { describe, expect, it } from 'vitest';
import { assetCodes, assetEffect, compileFleet, type AccessCode } from '../../core/engine';
import { explainAsset } from './worded';
import type { Snapshot } from '../../core/model/snapshot';
import { asset, baseSnapshot, member, role, user, type RoleSpec } from './fixtures';

/** Explain u-tech on a-1 and check that the fast path agrees. */
function explain(s: Snapshot, userId = 'u-tech', assetId = 'a-1') {
  const f = compileFleet(s);
  const d = explainAsset(f, userId, assetId);
  const u = f.userIndex.get(userId)!;
  const a = f.assetIndex.get(assetId)!;
  expect(assetEffect(f, u, a).effect).toBe(d.effect);
  expect(assetCodes(f, u, a)).toEqual(d.steps.map((st) => st.code));
  return d;
}
const codes = (d: { steps: { code: string }[] }) => d.steps.map((s) => s.code);
const withRole = (spec: RoleSpec, assetTags: string[] = []) =>
  baseSnapshot({ projectRoles: [role('pr-main', { name: 'Service EU', ...spec })], assets: [asset('a-1', { tags: assetTags })] });

const PASS_TO_ROLE: AccessCode[] = ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE'];

describe('R3 step sequences', () => {
  it('USER_NOT_ACTIVE: a disabled user stops at step 1 and sees nothing', () => {
    const d = explain(baseSnapshot({ users: [user('u-tech', { status: 'disabled' })] }));
    expect(codes(d)).toEqual(['USER_NOT_ACTIVE']);
    expect(d.effect).toBe('hidden');
    expect(d.steps[0]).toMatchObject({ ok: false, userId: 'u-tech', status: 'disabled' });
    expect(d.steps[0].message).toContain('«Person u-tech»');
  });

  it('SYSTEM_FULL_ACCESS: a Global Admin has full access without a project role or scope', () => {
    const s = baseSnapshot({ users: [user('u-tech', { systemRoleId: 'globalAdmin', organizationId: 'org-cc-nordic' })], memberships: [] });
    const d = explain(s);
    expect(codes(d)).toEqual(['USER_ACTIVE', 'SYSTEM_FULL_ACCESS']);
    expect(d.effect).toBe('full');
    expect(d.steps[1].message).toContain('«Global Admin»');
  });

  it('a non-admin gets no step 2', () => {
    const d = explain(withRole({ assets: 'rw' }));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'NO_TAG_RESTRICTION', 'ASSETS_WRITE']);
    expect(d.effect).toBe('full');
  });

  it("OUT_OF_SCOPE: an asset outside the subtree of the user's organization", () => {
    const d = explain(baseSnapshot({ assets: [asset('a-1', { siteId: 'site-oslo' })] }));
    expect(codes(d)).toEqual(['USER_ACTIVE', 'OUT_OF_SCOPE']);
    expect(d.steps[1]).toMatchObject({ siteId: 'site-oslo', organizationId: 'org-sawmill', scopeFailure: 'outsideOrganization' });
    expect(d.steps[1].message).toBe(
      "«Person u-tech»'s scope (organization «CC Benelux») does not include site «Oslo Mill» (organization «Sawmill AB»): it does not lie under «CC Benelux».",
    );
  });

  it('IN_SCOPE: an asset on a site of a descendant organization (two levels down)', () => {
    const d = explain(baseSnapshot({ assets: [asset('a-1', { siteId: 'site-utrecht' })] }));
    expect(d.steps[1]).toMatchObject({ code: 'IN_SCOPE', ok: true, organizationId: 'org-dairy', scopeBasis: 'organization' });
  });

  it('IN_SCOPE: users of global and productCompany organizations have the whole fleet', () => {
    for (const org of ['org-global', 'org-pc']) {
      const s = baseSnapshot({ users: [user('u-tech', { organizationId: org })], assets: [asset('a-1', { siteId: 'site-oslo' })] });
      const d = explain(s);
      expect(d.steps[1]).toMatchObject({ code: 'IN_SCOPE', scopeBasis: 'wholeFleet' });
    }
  });

  it('a scope narrows by organizationIds or siteIds and never widens', () => {
    const narrowOrg = { scope: { organizationIds: ['org-dairy'] } };
    expect(codes(explain(baseSnapshot({ users: [user('u-tech', narrowOrg)] })))).toContain('OUT_OF_SCOPE');
    const d = explain(baseSnapshot({ users: [user('u-tech', narrowOrg)], assets: [asset('a-1', { siteId: 'site-utrecht' })] }));
    expect(d.steps[1]).toMatchObject({ code: 'IN_SCOPE', matchedOrganizationId: 'org-dairy' });
    // the site list is an alternative to the organization list
    const either = { scope: { organizationIds: ['org-dairy'], siteIds: ['site-antwerp-2'] } };
    expect(explain(baseSnapshot({ users: [user('u-tech', either)] })).steps[1]).toMatchObject({
      code: 'IN_SCOPE',
      matchedSiteId: 'site-antwerp-2',
    });
    // a scope naming something outside the default subtree does not widen it
    const outside = { scope: { organizationIds: ['org-sawmill'], siteIds: ['site-oslo'] } };
    const far = explain(baseSnapshot({ users: [user('u-tech', outside)], assets: [asset('a-1', { siteId: 'site-oslo' })] }));
    expect(far.steps[1]).toMatchObject({ code: 'OUT_OF_SCOPE', scopeFailure: 'outsideOrganization' });
  });

  it('scope: {} is not set, and an empty list allows nothing', () => {
    expect(explain(baseSnapshot({ users: [user('u-tech', { scope: {} })] })).steps[1].code).toBe('IN_SCOPE');
    const d = explain(baseSnapshot({ users: [user('u-tech', { scope: { siteIds: [] } })] }));
    expect(d.steps[1]).toMatchObject({ code: 'OUT_OF_SCOPE', scopeFailure: 'notInScopeList' });
    expect(d.steps[1].message).toContain('narrowed to nothing');
  });

  it("NO_PROJECT_ROLE: no membership in the asset's project", () => {
    const d = explain(baseSnapshot({ memberships: [member('u-tech', 'pr-main', 'prj-other')] }));
    expect(codes(d)).toEqual(['USER_ACTIVE', 'IN_SCOPE', 'NO_PROJECT_ROLE']);
    expect(d.steps[2]).toMatchObject({ projectId: 'prj-food' });
    expect(d.steps[2].message).toContain('«Food & Beverage»');
  });

  it('NO_PROJECT_ROLE: a membership naming an unknown project role', () => {
    const d = explain(baseSnapshot({ memberships: [member('u-tech', 'pr-gone')] }));
    expect(d.steps[2]).toMatchObject({ code: 'NO_PROJECT_ROLE', danglingProjectRoleId: 'pr-gone' });
  });

  it('ASSETS_SWITCH_OFF and ASSETS_NO_READ', () => {
    const off = explain(withRole({ assets: 'switchOff' }));
    expect(codes(off)).toEqual([...PASS_TO_ROLE, 'ASSETS_SWITCH_OFF']);
    expect(off.steps[3].message).toBe('Role «Service EU» has the «Assets» switch off, so its assets are hidden.');
    expect(codes(explain(withRole({ assets: 'noRead' })))).toEqual([...PASS_TO_ROLE, 'ASSETS_NO_READ']);
  });

  it('NO_TAG_RESTRICTION then ASSETS_NO_WRITE: read only', () => {
    const d = explain(withRole({ assets: 'r' }, ['compressor-ga']));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'NO_TAG_RESTRICTION', 'ASSETS_NO_WRITE']);
    expect(d.effect).toBe('read');
  });

  it('UNTAGGED_FULL_ACCESS gives write only together with write on Assets', () => {
    const rw = explain(withRole({ assets: 'rw', tags: { x: 'r' }, fullAccessUntagged: true }));
    expect(codes(rw)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'UNTAGGED_FULL_ACCESS', 'ASSETS_WRITE']);
    expect(rw.effect).toBe('full');
    const r = explain(withRole({ assets: 'r', tags: { x: 'r' }, fullAccessUntagged: true }));
    expect(codes(r)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'UNTAGGED_FULL_ACCESS', 'ASSETS_NO_WRITE']);
    expect(r.effect).toBe('read');
  });

  it('UNTAGGED_NO_ACCESS: a tag-restricted role without untagged full access', () => {
    const d = explain(withRole({ assets: 'rw', tags: { x: 'rw' } }));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'UNTAGGED_NO_ACCESS']);
    expect(d.effect).toBe('hidden');
  });

  it('TAG_READ names the readable tags, then NO_WRITABLE_TAG lowers to read', () => {
    const d = explain(withRole({ assets: 'rw', tags: { 'compressor-ga': 'r', other: 'rw' } }, ['compressor-ga', 'dryer']));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'TAG_READ', 'NO_WRITABLE_TAG']);
    expect(d.steps[4]).toMatchObject({ tags: ['compressor-ga'] });
    expect(d.steps[4].message).toBe('Role «Service EU» has read on tag «compressor-ga» carried by this asset.');
    expect(d.steps[5]).toMatchObject({ ok: false, tags: ['compressor-ga', 'dryer'] });
    expect(d.effect).toBe('read');
  });

  it('TAG_WRITE: a tag of the asset with write gives full access', () => {
    const d = explain(withRole({ assets: 'rw', tags: { a: 'r', b: 'rw' } }, ['a', 'b']));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'TAG_READ', 'TAG_WRITE']);
    expect(d.steps[5]).toMatchObject({ tags: ['b'] });
    expect(d.effect).toBe('full');
  });

  it('NO_READABLE_TAG: tag entries without read do not count', () => {
    const d = explain(withRole({ assets: 'rw', tags: { a: 'off' } }, ['a', 'b']));
    expect(codes(d)).toEqual([...PASS_TO_ROLE, 'ASSETS_READ', 'NO_READABLE_TAG']);
    expect(d.steps[4].message).toBe("Role «Service EU» has read on none of this asset's tags («a» and «b»).");
  });

  it('diagnostics (R9) need canSeeDiagnostics and steps 1–3, not a project role', () => {
    const s = baseSnapshot({ users: [user('u-tech', { systemRoleId: 'localDiagnosticEngineer' })], memberships: [] });
    const d = explain(s);
    expect(d.effect).toBe('hidden');
    expect(d.diagnostics).toBe(true);
    expect(explain(baseSnapshot({ memberships: [] })).diagnostics).toBe(false); // technician: no permission
    const far = baseSnapshot({
      users: [user('u-tech', { systemRoleId: 'localDiagnosticEngineer' })],
      assets: [asset('a-1', { siteId: 'site-oslo' })],
    });
    expect(explain(far).diagnostics).toBe(false);
  });

  it('unknown ids throw an UnknownIdError naming the id', () => {
    const f = compileFleet(baseSnapshot());
    expect(() => explainAsset(f, 'nobody', 'a-1')).toThrow(/unknown user id "nobody"/);
    expect(() => explainAsset(f, 'u-tech', 'nothing')).toThrow(/unknown asset id "nothing"/);
  });

  it("no message of an explain decision carries the asset's name", () => {
    const d = explain(withRole({ assets: 'rw', tags: { a: 'r' } }, ['a']));
    expect(JSON.stringify(d)).not.toContain('Machine a-1');
  });
});
