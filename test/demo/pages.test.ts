import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { API_PREFIX, MeSchema, SESSION_COOKIE } from '../../core/api/contract';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { HOSTILE_NAME, smallFleet } from './fixtures';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ snapshot: smallFleet() });
});
afterAll(() => server.close());

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId }), redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0];
}

/** The CSRF token the pages put in their forms for this session. */
async function formToken(cookie: string): Promise<string> {
  const token = (await open('/fleet', cookie)).doc.querySelector('form[action="/logout"] input[name="csrf"]')?.getAttribute('value');
  expect(token).toBeTruthy();
  return token!;
}

async function open(path: string, cookie: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const text = await res.text();
  const doc = new new Window({ url: server.url }).DOMParser().parseFromString(text, 'text/html');
  const attrs = (selector: string, attr: string) => [...doc.querySelectorAll(selector)].map((e) => e.getAttribute(attr));
  return { res, text, doc, attrs };
}

describe('signing in', () => {
  it('sends visitors without a session to the sign-in page, which lists demo users by kind', async () => {
    const res = await fetch(`${server.url}/fleet`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login/);
    const login = await open('/login', '');
    expect(login.attrs('[data-ai-login-user]', 'data-ai-login-user')).toEqual(
      expect.arrayContaining(['u-admin', 'u-qm', 'u-tech', 'u-dist', 'u-cust', 'u-pending']),
    );
  });

  it('signs in by user id with a session cookie that the API accepts, and signs out', async () => {
    const cookie = await signIn('u-tech');
    const me = MeSchema.parse(await (await fetch(`${server.url}${API_PREFIX}/me`, { headers: { cookie } })).json());
    expect(me).toMatchObject({ user: { id: 'u-tech' }, auth: 'session' });
    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ csrf: await formToken(cookie) }),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${server.url}${API_PREFIX}/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses an unknown user id', async () => {
    const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId: 'nobody' }), redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('pages', () => {
  it('mark the page kind and signed-in user on <body>, and include the widget hook', async () => {
    const cookie = await signIn('u-qm');
    for (const [path, kind] of [
      ['/fleet', 'fleet'],
      ['/assets/a-gvs', 'asset'],
      ['/tickets', 'tickets'],
      ['/users', 'users'],
      ['/users/u-tech', 'user'],
      ['/registrations', 'registrations'],
    ]) {
      const p = await open(path, cookie);
      expect(p.res.status, path).toBe(200);
      expect(p.doc.body.getAttribute('data-ai-page'), path).toBe(kind);
      expect(p.doc.body.getAttribute('data-ai-user-id'), path).toBe('u-qm');
      expect(p.doc.querySelector('script[type=module][src="/widget/access-inspector.js"]'), path).not.toBeNull();
      expect(p.doc.querySelector('access-inspector'), path).not.toBeNull();
    }
  });

  it('list only the assets the user may see, one row each, with name elements', async () => {
    // Carla: customer org, "Brewery Viewer" role in p-air (brewery tag only); Jansen's site is out of her scope.
    const p = await open('/fleet', await signIn('u-cust'));
    expect(p.attrs('tr[data-ai-asset-id]', 'data-ai-asset-id')).toEqual(['a-ga37', 'a-evil']);
    expect(p.attrs('[data-ai-asset-name-of]', 'data-ai-asset-name-of')).toEqual(['a-ga37', 'a-evil']);
  });

  it('show a hostile asset name as text, never as markup', async () => {
    const cookie = await signIn('u-tech');
    for (const path of ['/fleet', '/assets/a-evil']) {
      const p = await open(path, cookie);
      expect(p.doc.querySelector('img'), path).toBeNull();
      expect(p.doc.querySelector('[data-ai-asset-name-of="a-evil"]')?.textContent, path).toBe(HOSTILE_NAME);
      expect(p.text, path).not.toContain(HOSTILE_NAME);
    }
    const data = await (await fetch(`${server.url}/fleet/data?q=img`, { headers: { cookie } })).json();
    expect(data.rows.map((r: { name: string }) => r.name)).toEqual([HOSTILE_NAME]);
  });

  it('build the menu from the project role: one item per visible feature group', async () => {
    const cust = await open('/fleet', await signIn('u-cust'));
    // Brewery Viewer: assets and tickets on, alarms switched off, nothing else.
    expect(cust.attrs('[data-ai-menu-group]', 'data-ai-menu-group')).toEqual(['tickets', 'assets']);
    const admin = await open('/fleet', await signIn('u-admin'));
    expect(admin.attrs('[data-ai-menu-group]', 'data-ai-menu-group')).toContain('connection');
  });

  it('follow the project chosen in the top bar', async () => {
    server.store.put('memberships', { userId: 'u-cust', projectId: 'p-vac', projectRoleId: 'pr-full' });
    try {
      const cookie = await signIn('u-cust');
      const before = await open('/fleet', cookie);
      expect(before.doc.body.getAttribute('data-ai-project-id')).toBe('p-air');
      const res = await fetch(`${server.url}/project`, {
        method: 'POST',
        body: new URLSearchParams({ projectId: 'p-vac', csrf: await formToken(cookie) }),
        headers: { cookie, referer: `${server.url}/tickets` },
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/tickets');
      const choice = res.headers.getSetCookie()[0].split(';')[0];
      const after = await open('/fleet', `${cookie}; ${choice}`);
      expect(after.doc.body.getAttribute('data-ai-project-id')).toBe('p-vac');
      // Service Engineer in p-vac: dashboards, tickets, assets, engineering.
      expect(after.attrs('[data-ai-menu-group]', 'data-ai-menu-group')).toEqual(['dashboards', 'tickets', 'assets', 'engineering']);
    } finally {
      server.store.remove('memberships', 'u-cust|p-vac');
    }
  });

  it('show tickets per R4: redacted asset names stay off the page, hidden assignee names become placeholders', async () => {
    const p = await open('/tickets', await signIn('u-cust'));
    expect(p.attrs('tr[data-ai-ticket-id]', 'data-ai-ticket-id')).toEqual(['t-1', 't-2', 't-3']);
    expect(p.attrs('tr[data-ai-ticket-id]', 'data-ai-ticket-access')).toEqual(['visible', 'redacted', 'visible']);
    // t-2's asset (GA 90, tagged "bottling") is hidden from her role, which has expert mode: shown, name redacted.
    expect(p.text).not.toContain('GA 90');
    expect(p.doc.querySelector('[data-ai-ticket-id="t-2"] [data-ai-asset-id="a-ga90"]')?.getAttribute('data-ai-asset-redacted')).toBe(
      'true',
    );
    expect(p.doc.querySelector('[data-ai-ticket-id="t-1"] [data-ai-asset-name-of="a-ga37"]')?.textContent).toBe('GA 37 VSD+ (Hall 1)');
    // She may not see other users' names: the assignee is a placeholder that still says whose name it is.
    expect(p.text).not.toContain('Tess Technician');
    const assignee = p.doc.querySelector('[data-ai-ticket-id="t-1"] [data-ai-user-name-of="u-tech"]');
    expect(assignee?.getAttribute('data-ai-name-hidden')).toBe('true');
  });

  it('show assignee names to a user whose project role has "users in other lists"', async () => {
    const p = await open('/tickets', await signIn('u-tech'));
    expect(p.doc.querySelector('[data-ai-ticket-id="t-1"] [data-ai-user-name-of="u-tech"]')?.textContent).toBe('Tess Technician');
  });

  it('mark the asset detail root and answer 404 without the name for a hidden asset', async () => {
    const cookie = await signIn('u-cust');
    const seen = await open('/assets/a-ga37', cookie);
    const root = seen.doc.querySelector('[data-ai-asset-detail-id]');
    expect(root?.getAttribute('data-ai-asset-id')).toBe('a-ga37');
    expect(root?.getAttribute('data-ai-asset-detail-id')).toBe('a-ga37');
    expect(seen.attrs('[data-ai-ticket-id]', 'data-ai-ticket-id')).toEqual(['t-1']);
    const hidden = await open('/assets/a-ga90', cookie);
    expect(hidden.res.status).toBe(404);
    expect(hidden.doc.querySelector('[data-ai-asset-detail-id]')?.getAttribute('data-ai-asset-detail-id')).toBe('a-ga90');
    expect(hidden.text).not.toContain('GA 90');
  });

  it("list users in the administrator's scope and mark the target user on a user page", async () => {
    const cookie = await signIn('u-qm');
    const list = await open('/users', cookie);
    const ids = list.attrs('[data-ai-user-row]', 'data-ai-user-row');
    expect(ids).toEqual(expect.arrayContaining(['u-qm', 'u-tech', 'u-dist', 'u-cust', 'u-pending']));
    expect(ids).not.toContain('u-admin'); // the global organization is above a customer center
    const user = await open('/users/u-dist', cookie);
    expect(user.doc.querySelector('[data-ai-target-user-id]')?.getAttribute('data-ai-target-user-id')).toBe('u-dist');
  });

  it('refuse the user list to someone without manageUsers, still marking the page', async () => {
    const p = await open('/users', await signIn('u-tech'));
    expect(p.res.status).toBe(403);
    expect(p.doc.body.getAttribute('data-ai-page')).toBe('users');
    expect(p.doc.querySelector('[data-ai-user-row]')).toBeNull();
  });

  it("list the Quote Manager's pending registrations", async () => {
    const p = await open('/registrations', await signIn('u-qm'));
    expect(p.attrs('[data-ai-registrant-id]', 'data-ai-registrant-id')).toEqual(['u-pending']);
    const tech = await open('/registrations', await signIn('u-tech'));
    expect(tech.doc.querySelector('[data-ai-registrant-id]')).toBeNull();
  });

  it('reflect a data change on the next page load', async () => {
    const cookie = await signIn('u-cust');
    const asset = server.store.snapshot().assets.find((a) => a.id === 'a-ga90')!;
    server.store.put('assets', { ...asset, tags: ['brewery'] });
    const p = await open('/fleet', cookie);
    expect(p.attrs('tr[data-ai-asset-id]', 'data-ai-asset-id')).toContain('a-ga90');
    server.store.put('assets', asset);
  });

  it('page the fleet as JSON for the single-page app', async () => {
    const cookie = await signIn('u-admin');
    const all = await (await fetch(`${server.url}/fleet/data`, { headers: { cookie } })).json();
    expect(all.total).toBe(5);
    // Matches name, id, tag or site name; the project narrows further.
    const bySite = await (await fetch(`${server.url}/fleet/data?q=jansen`, { headers: { cookie } })).json();
    expect(bySite.rows.map((r: { id: string }) => r.id)).toEqual(['a-zr160', 'a-gvs']);
    const inProject = await (await fetch(`${server.url}/fleet/data?q=jansen&project=p-vac`, { headers: { cookie } })).json();
    expect(inProject.rows.map((r: { id: string }) => r.id)).toEqual(['a-gvs']);
    const paged = await (await fetch(`${server.url}/fleet/data?page=99`, { headers: { cookie } })).json();
    expect(paged.query.page).toBe(1);
  });
});
