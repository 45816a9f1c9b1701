// POST /api/v1/users/:id/role on the demo platform: the assigner is whoever is signed in (session cookie or API
// key), and the server applies R6 and R8 through the engine — allowed assignments land in the store (and come back
// through sync), forbidden ones are refused with every failing check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX, ApiErrorSchema, AssignRoleErrorSchema, AssignRoleResponseSchema } from '../../core/api/contract';
import type { User } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { createPlatformActions } from '../../components/platform-actions';
import { fixtureSnapshot } from '../components/fixture';
import { syncToEnd } from '../demo/helpers';

let server: RunningDemoServer;
const keyOf = (userId: string) => Object.entries(server.apiKeys).find(([, id]) => id === userId)![0];

function assign(userId: string, body: unknown, auth: { key?: string; cookie?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { 'Content-Type': auth.contentType ?? 'application/json' };
  if (auth.key) headers[API_KEY_HEADER] = auth.key;
  if (auth.cookie) headers.Cookie = auth.cookie;
  return fetch(`${server.url}${API_PREFIX}/users/${encodeURIComponent(userId)}/role`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function sessionCookie(userId: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId }), redirect: 'manual' });
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error(`no session cookie for ${userId}`);
  return cookie.split(';')[0];
}

const user = (id: string) => server.store.get('users', id) as User;

describe('POST /api/v1/users/:id/role', () => {
  beforeAll(async () => {
    const snapshot = fixtureSnapshot();
    // A second registrant, in an organization outside the Quote Manager's scope, and one more for the session test.
    snapshot.organizations.push(
      { id: 'org-far', name: 'Far Away CC', type: 'customerCenter', parentId: 'org-g' },
      { id: 'org-far-cust', name: 'Far Customer', type: 'customer', parentId: 'org-far' },
    );
    snapshot.users.push(
      {
        id: 'u-far',
        name: 'Fred Far',
        email: 'fred@far.test',
        organizationId: 'org-far-cust',
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        createdAt: '2026-01-03T10:00:00Z',
      },
      {
        id: 'u-new2',
        name: 'Nils Second',
        email: 'nils@acme.test',
        organizationId: 'org-cust',
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        createdAt: '2026-01-04T10:00:00Z',
      },
      {
        id: 'u-new3',
        name: 'Tess Third',
        email: 'tess@acme.test',
        organizationId: 'org-cust',
        systemRoleId: null,
        status: 'pendingVerification',
        invitedBy: null,
        createdAt: '2026-01-05T10:00:00Z',
      },
    );
    server = await startDemoServer({ snapshot });
  });
  afterAll(() => server.close());

  it('lets a Quote Manager verify a registrant in their scope: role set, status active, and the change comes back through sync', async () => {
    const before = await syncToEnd(server, 'users');
    const res = await assign('u-new', { roleId: 'customer', ifCurrentRoleId: null }, { key: keyOf('u-qm') });
    expect(res.status).toBe(200);
    const body = AssignRoleResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ assignedBy: 'u-qm', verified: true, user: { id: 'u-new', systemRoleId: 'customer', status: 'active' } });
    expect(user('u-new')).toMatchObject({ systemRoleId: 'customer', status: 'active' });
    const after = await syncToEnd(server, 'users', { cursor: before.cursor, replica: before.replica });
    expect(after.seenKeys).toEqual(['u-new']);
    expect(after.replica.get('u-new')).toMatchObject({ systemRoleId: 'customer', status: 'active' });
  });

  it('answers 409 when the registrant was verified meanwhile (ifCurrentRoleId no longer matches)', async () => {
    const res = await assign('u-new', { roleId: 'customer', ifCurrentRoleId: null }, { key: keyOf('u-qm') });
    expect(res.status).toBe(409);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toContain('already verified');
  });

  it('refuses a role above the Quote Manager or not meant for the organization, listing every failing R6 check', async () => {
    const res = await assign('u-new2', { roleId: 'pcInternal' }, { key: keyOf('u-qm') });
    expect(res.status).toBe(403);
    const body = AssignRoleErrorSchema.parse(await res.json());
    expect(body.error.code).toBe('forbidden');
    expect(body.error.reasons!.map((r) => r.code).sort()).toEqual(['ROLE_ABOVE_ASSIGNER', 'ROLE_NOT_FOR_ORG_TYPE']);
    expect(body.error.message).toContain('Quinn Quote');
    expect(user('u-new2')).toMatchObject({ systemRoleId: null, status: 'pendingVerification' });
  });

  it('refuses a registrant outside the Quote Manager’s scope (R8) as well as out of scope (R6)', async () => {
    const res = await assign('u-far', { roleId: 'customer' }, { key: keyOf('u-qm') });
    expect(res.status).toBe(403);
    const codes = AssignRoleErrorSchema.parse(await res.json()).error.reasons!.map((r) => r.code);
    expect(codes).toContain('NOT_A_VERIFIER');
    expect(codes).toContain('TARGET_OUT_OF_SCOPE');
    expect(user('u-far').status).toBe('pendingVerification');
  });

  it('lets only verifiers verify: a Global Admin, who may assign the role, is still not a verifier of the registrant', async () => {
    const res = await assign('u-new2', { roleId: 'customer' }, { key: keyOf('u-admin') });
    expect(res.status).toBe(403);
    expect(AssignRoleErrorSchema.parse(await res.json()).error.reasons!.map((r) => r.code)).toEqual(['NOT_A_VERIFIER']);
  });

  it('refuses an assigner without Manage users', async () => {
    const res = await assign('u-cust', { roleId: 'customer' }, { key: keyOf('u-tech') });
    expect(res.status).toBe(403);
    expect(AssignRoleErrorSchema.parse(await res.json()).error.reasons!.map((r) => r.code)).toContain('ASSIGNER_CANNOT_MANAGE_USERS');
  });

  it('takes the assigner from the session cookie as well', async () => {
    const cookie = await sessionCookie('u-qm');
    const res = await assign('u-new2', { roleId: 'customer' }, { cookie });
    expect(res.status).toBe(200);
    expect(user('u-new2')).toMatchObject({ systemRoleId: 'customer', status: 'active' });
  });

  it('answers 401, 404, 400 and 415 for the unauthenticated, unknown users and roles, bad bodies and non-JSON', async () => {
    const cases: [Response, number, string][] = [
      [await assign('u-cust', { roleId: 'customer' }), 401, 'unauthorized'],
      [await assign('nobody', { roleId: 'customer' }, { key: keyOf('u-qm') }), 404, 'notFound'],
      [await assign('u-cust', { roleId: 'noSuchRole' }, { key: keyOf('u-qm') }), 400, 'badRequest'],
      [await assign('u-cust', { role: 'customer' }, { key: keyOf('u-qm') }), 400, 'badRequest'],
      [await assign('u-cust', '{not json', { key: keyOf('u-qm') }), 400, 'badRequest'],
      [
        await assign('u-cust', 'roleId=customer', { key: keyOf('u-qm'), contentType: 'application/x-www-form-urlencoded' }),
        415,
        'badRequest',
      ],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe(code);
    }
  });

  it('the panel’s platform actions turn the answers into outcomes with the server’s reasons', async () => {
    const withKey = (key: string) =>
      createPlatformActions({
        apiBase: server.url,
        fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), [API_KEY_HEADER]: key } }),
      });
    const refused = await withKey(keyOf('u-qm')).assignRole({ userId: 'u-far', roleId: 'customer', ifCurrentRoleId: null });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.status).toBe(403);
      expect(refused.reasons.map((r) => r.code)).toContain('NOT_A_VERIFIER');
    }
    const unreachable = await createPlatformActions({ apiBase: 'http://127.0.0.1:9' }).assignRole({ userId: 'u-far', roleId: 'customer' });
    expect(unreachable).toMatchObject({ ok: false, status: 0 });
  });
  it("the user page's own form applies the same rules: a Global Admin who is not a verifier cannot verify a registrant", async () => {
    const form = async (cookie: string, roleId: string) => {
      // The page's forms carry the session's CSRF token (demo/csrf.ts); read it from the user page like a browser.
      const page = await (await fetch(`${server.url}/users/u-new3`, { headers: { Cookie: cookie } })).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      return fetch(`${server.url}/users/u-new3/role`, {
        method: 'POST',
        headers: { Cookie: cookie },
        body: new URLSearchParams({ roleId, csrf }),
        redirect: 'manual',
      });
    };
    const refused = await form(await sessionCookie('u-admin'), 'customer');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain('is not a verifier');
    expect(user('u-new3')).toMatchObject({ systemRoleId: null, status: 'pendingVerification' });
    const done = await form(await sessionCookie('u-qm'), 'customer');
    expect(done.status).toBe(303);
    expect(user('u-new3')).toMatchObject({ systemRoleId: 'customer', status: 'active' });
  });
});
