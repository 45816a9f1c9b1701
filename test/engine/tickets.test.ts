import { describe, expect, it } from 'vitest';
import { compileFleet, userNameVisible } from '../../core/engine';
import { explainTicket } from './worded';
import type { Snapshot, Ticket } from '../../core/model/snapshot';
import { asset, baseSnapshot, member, role, user, type RoleSpec } from './fixtures';

const SECRET = 'Compressor Zebra-7 Secret';
const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: 't-1',
  title: 'Oil leak',
  projectId: 'prj-food',
  assetId: 'a-1',
  assigneeId: null,
  ...over,
});
/** The seed's asset tagged A, B and C, a ticket on it, and u-tech holding a role with the given tag permissions. */
const seedCase = (spec: RoleSpec, over: Partial<Snapshot> = {}) =>
  baseSnapshot({
    projectRoles: [role('pr-main', { name: 'Service EU', tickets: true, ...spec })],
    assets: [asset('a-1', { name: SECRET, tags: ['A', 'B', 'C'] })],
    tickets: [ticket()],
    ...over,
  });
const decide = (s: Snapshot, userId = 'u-tech', ticketId = 't-1') => explainTicket(compileFleet(s), userId, ticketId);
const codes = (d: { steps: { code: string }[] }) => d.steps.map((s) => s.code);

describe("tickets (R4) — the seed's expert-mode examples", () => {
  it('expert mode example 1: read on tag A of an asset tagged A, B, C shows the ticket with the asset name (expert mode irrelevant)', () => {
    for (const expertMode of [false, true]) {
      const d = decide(seedCase({ tags: { A: 'r', B: 'off', C: 'off' }, expertMode }));
      expect(d.effect).toBe('visible');
      expect(d.assetName).toBe(SECRET);
      expect(codes(d)).toEqual([
        'USER_ACTIVE',
        'PROJECT_ROLE',
        'TICKETS_ON',
        'IN_SCOPE',
        'PROJECT_ROLE',
        'ASSETS_READ',
        'TAG_READ',
        'ASSET_VISIBLE',
      ]);
    }
  });

  it('expert mode example 2: no read on any of the three tags and no expert mode hides the ticket', () => {
    const d = decide(seedCase({ tags: { A: 'off', B: 'off', C: 'off' }, expertMode: false }));
    expect(d.effect).toBe('hidden');
    expect(d.assetName).toBeNull();
    expect(codes(d).slice(-2)).toEqual(['NO_READABLE_TAG', 'ASSET_HIDDEN']);
    expect(d.steps.at(-1)!.message).toContain('has no expert mode');
  });

  it("expert mode example 3: no read on any tag but expert mode shows the ticket without the asset's name", () => {
    const d = decide(seedCase({ tags: { A: 'off', B: 'off', C: 'off' }, expertMode: true }));
    expect(d.effect).toBe('redacted');
    expect(d.assetName).toBeNull();
    expect(codes(d).slice(-2)).toEqual(['NO_READABLE_TAG', 'EXPERT_MODE']);
    expect(JSON.stringify(d)).not.toContain(SECRET);
    expect(d.steps.at(-1)!.message).toContain('«a-1»');
  });

  it('names the inspected user in the asset steps of a ticket (never a placeholder)', () => {
    for (const expertMode of [true, false]) {
      const d = decide(seedCase({ tags: { A: 'off', B: 'off', C: 'off' }, expertMode }));
      for (const st of d.steps) expect(st.message).not.toContain('«?»');
    }
    const visible = decide(seedCase({ tags: { A: 'r' } }));
    for (const st of visible.steps) expect(st.message).not.toContain('«?»');
  });
});

describe('tickets (R4)', () => {
  it('a non-active user sees no ticket', () => {
    const d = decide(seedCase({ tags: { A: 'r' } }, { users: [user('u-tech', { status: 'pendingVerification' })] }));
    expect(codes(d)).toEqual(['USER_NOT_ACTIVE']);
    expect(d.effect).toBe('hidden');
  });

  it("needs a project role in the ticket's project and the Tickets switch on", () => {
    expect(codes(decide(seedCase({}, { memberships: [] })))).toEqual(['USER_ACTIVE', 'NO_PROJECT_ROLE']);
    const off = decide(seedCase({ tickets: false }));
    expect(codes(off)).toEqual(['USER_ACTIVE', 'PROJECT_ROLE', 'TICKETS_OFF']);
    expect(off.steps[2].message).toBe('Role «Service EU» has the «Tickets» switch off, so tickets of this project are hidden.');
  });

  it('a ticket without an asset is visible with NO_ASSET', () => {
    const d = decide(seedCase({}, { tickets: [ticket({ assetId: null })] }));
    expect(codes(d)).toEqual(['USER_ACTIVE', 'PROJECT_ROLE', 'TICKETS_ON', 'NO_ASSET']);
    expect(d).toMatchObject({ effect: 'visible', assetName: null });
  });

  it('expert mode never lifts scope or project membership', () => {
    const outOfScope = decide(
      seedCase(
        { expertMode: true, tags: { A: 'off' } },
        {
          assets: [asset('a-1', { name: SECRET, siteId: 'site-oslo', tags: ['A'] })],
        },
      ),
    );
    expect(outOfScope.effect).toBe('hidden');
    expect(codes(outOfScope).slice(-2)).toEqual(['OUT_OF_SCOPE', 'ASSET_HIDDEN']);
    expect(outOfScope.steps.at(-1)!.message).toContain('not scope or project membership');

    // the asset lives in another project where the user has no role
    const otherProject = decide(
      seedCase({ expertMode: true }, { assets: [asset('a-1', { name: SECRET, projectId: 'prj-other', tags: ['A'] })] }),
    );
    expect(otherProject.effect).toBe('hidden');
    expect(codes(otherProject).slice(-2)).toEqual(['NO_PROJECT_ROLE', 'ASSET_HIDDEN']);
  });

  it("expert mode is the role's in the asset's project, not the ticket's", () => {
    const s = seedCase(
      { expertMode: false, tags: { A: 'off' } },
      {
        projectRoles: [
          role('pr-main', { name: 'Service EU', tickets: true, tags: { A: 'off' } }),
          role('pr-expert', { name: 'Expert', expertMode: true, tags: { A: 'off' } }),
        ],
        memberships: [member('u-tech', 'pr-main'), member('u-tech', 'pr-expert', 'prj-other')],
        assets: [asset('a-1', { name: SECRET, projectId: 'prj-other', tags: ['A'] })],
      },
    );
    const d = decide(s);
    expect(d.effect).toBe('redacted');
    expect(d.steps.at(-1)).toMatchObject({ code: 'EXPERT_MODE', projectRoleId: 'pr-expert', projectId: 'prj-other' });
  });

  it("globalAdmin sees every ticket, its asset and the assignee's name", () => {
    const s = seedCase(
      { tickets: false },
      {
        users: [user('u-tech', { systemRoleId: 'globalAdmin', organizationId: 'org-global' }), user('u-other', { name: 'Olga Other' })],
        memberships: [],
        tickets: [ticket({ assigneeId: 'u-other' })],
      },
    );
    const d = decide(s);
    expect(d).toMatchObject({ effect: 'visible', assetName: SECRET, assigneeName: 'Olga Other' });
    expect(codes(d)).toEqual(['USER_ACTIVE', 'SYSTEM_FULL_ACCESS', 'ASSET_VISIBLE', 'SYSTEM_ROLE_USERS']);
  });
});

describe('names of other users (R5)', () => {
  const withAssignee = (spec: RoleSpec, viewer = user('u-tech'), assigneeId = 'u-other') =>
    seedCase(
      { tags: { A: 'r' }, ...spec },
      {
        users: [viewer, user('u-other', { name: 'Olga Other' })],
        tickets: [ticket({ assigneeId })],
      },
    );

  it('NAMES_HIDDEN: a placeholder, never the name', () => {
    const d = decide(withAssignee({}));
    expect(d.steps.at(-1)!.code).toBe('NAMES_HIDDEN');
    expect(d.assigneeName).toBeNull();
    expect(JSON.stringify(d)).not.toContain('Olga Other');
  });

  it('SYSTEM_ROLE_USERS: a system role with manageUsers', () => {
    const d = decide(withAssignee({}, user('u-tech', { systemRoleId: 'internalAdminCC' })));
    expect(d.steps.at(-1)!.code).toBe('SYSTEM_ROLE_USERS');
    expect(d.assigneeName).toBe('Olga Other');
  });

  it("USERS_IN_OTHER_LISTS: read on Engineering › Users in other lists in the ticket's project", () => {
    const d = decide(withAssignee({ usersInOtherLists: true }));
    expect(d.steps.at(-1)!.code).toBe('USERS_IN_OTHER_LISTS');
    expect(d.assigneeName).toBe('Olga Other');
  });

  it('OWN_NAME: everyone sees their own name', () => {
    const d = decide(withAssignee({}, user('u-tech', { name: 'Tina Tech' }), 'u-tech'));
    expect(d.steps.at(-1)!.code).toBe('OWN_NAME');
    expect(d.assigneeName).toBe('Tina Tech');
  });

  it('a redacted ticket still has a names step', () => {
    const d = decide(withAssignee({ tags: { A: 'off' }, expertMode: true, usersInOtherLists: true }));
    expect(d.effect).toBe('redacted');
    expect(d.assigneeName).toBe('Olga Other');
  });

  it('userNameVisible applies R5 within a project and outside any', () => {
    const f = compileFleet(withAssignee({ usersInOtherLists: true }));
    const [me, other] = [f.userIndex.get('u-tech')!, f.userIndex.get('u-other')!];
    expect(userNameVisible(f, me, other, f.projectIndex.get('prj-food')!)).toBe(true);
    expect(userNameVisible(f, me, other, f.projectIndex.get('prj-other')!)).toBe(false);
    expect(userNameVisible(f, me, other, null)).toBe(false);
    expect(userNameVisible(f, me, me, null)).toBe(true);
  });
});
