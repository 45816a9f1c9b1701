// The demo platform as a careful platform: forms refuse cross-site (and same-site, other-port) submissions and
// need the session's token; the /__demo control endpoints need the secret header and JSON; sign-in redirects stay
// on this site; a malformed URL is a 400, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../core/api/contract';
import type { User } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { PROJECT_COOKIE } from '../../demo/pages/routes';
import { control } from './helpers';
import { smallFleet } from './fixtures';

let server: RunningDemoServer;
beforeAll(async () => {
  server = await startDemoServer({ snapshot: smallFleet() });
});
afterAll(() => server.close());

/** Another port of the same host: the same *site*, so SameSite cookies are sent along. */
const neighbour = () => server.url.replace(/:\d+$/, ':1');

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId }), redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    .split(';')[0];
}

async function tokenOnPage(cookie: string, path: string): Promise<string> {
  const html = await (await fetch(`${server.url}${path}`, { headers: { cookie } })).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, `a csrf field on ${path}`).toBeTruthy();
  return token!;
}

const roleOf = (id: string) => (server.store.get('users', id) as User).systemRoleId;

function assignByForm(cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/users/u-pending/role`, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

describe('cross-site request forgery on the page forms', () => {
  it("refuses the role form without the session's token, even from this origin", async () => {
    const cookie = await signIn('u-qm');
    expect((await assignByForm(cookie, { roleId: 'customer' })).status).toBe(403);
    expect((await assignByForm(cookie, { roleId: 'customer', csrf: 'made-up' })).status).toBe(403);
    // Another session's token does not fit this session.
    const other = await tokenOnPage(await signIn('u-admin'), '/fleet');
    expect((await assignByForm(cookie, { roleId: 'customer', csrf: other })).status).toBe(403);
    expect(roleOf('u-pending')).toBeNull();
  });

  it('refuses a form posted from another port of this host (same site) or another site, token or not', async () => {
    const cookie = await signIn('u-qm');
    const csrf = await tokenOnPage(cookie, '/users/u-pending');
    for (const headers of [
      { Origin: neighbour(), 'Sec-Fetch-Site': 'same-site' } as Record<string, string>,
      { Origin: neighbour() },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      const res = await assignByForm(cookie, { roleId: 'customer', csrf }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toMatch(/^Refused: /);
    }
    for (const path of ['/login', '/logout', '/project']) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { cookie, Origin: neighbour() },
        body: new URLSearchParams({ userId: 'u-admin', projectId: 'p-vac', csrf }),
        redirect: 'manual',
      });
      expect(res.status, path).toBe(403);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    expect(roleOf('u-pending')).toBeNull();
  });

  it("accepts the user's own form: same origin with the token from the page", async () => {
    const cookie = await signIn('u-qm');
    const csrf = await tokenOnPage(cookie, '/users/u-pending');
    const res = await assignByForm(cookie, { roleId: 'customer', csrf }, { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(303);
    expect(roleOf('u-pending')).toBe('customer');
  });

  it('puts the token in every form that changes something, and keeps cookies HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ userId: 'u-admin' }),
      redirect: 'manual',
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const cookie = session.split(';')[0];
    const html = await (await fetch(`${server.url}/users/u-tech`, { headers: { cookie } })).text();
    const forms = html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(3); // project, sign-out, role
    for (const form of forms) expect(form).toContain('name="csrf"');
    const project = await fetch(`${server.url}/project`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ projectId: 'p-vac', csrf: await tokenOnPage(cookie, '/fleet') }),
      redirect: 'manual',
    });
    expect(project.status).toBe(303);
    const choice = project.headers.getSetCookie().find((c) => c.startsWith(`${PROJECT_COOKIE}=`))!;
    expect(choice).toMatch(/SameSite=Lax/i);
  });
});

describe('the /__demo control endpoints', () => {
  it('refuse callers without the secret header, and text/plain bodies (which a page may send without preflight)', async () => {
    const before = server.state.store.headSeq;
    const plain = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/__demo${path}`, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body });
    expect((await plain('/mutate', '{"count":532,"seed":1}')).status).toBe(403);
    expect((await plain('/faults', '{"seed":1,"serverErrorRate":1}')).status).toBe(403);
    expect((await plain('/faults', '{"seed":1,"serverErrorRate":1}', { 'X-Demo-Control': 'guess' })).status).toBe(403);
    expect((await plain('/mutate', '{"count":532,"seed":1}', { 'X-Demo-Control': server.controlToken })).status).toBe(415);
    expect((await fetch(`${server.url}/__demo/state`)).status).toBe(403);
    expect(server.state.store.headSeq).toBe(before);
    expect(server.state.faults).toBeNull();
    const denied = await fetch(`${server.url}/__demo/state`);
    expect((await denied.json()).error.message).toContain('X-Demo-Control');
  });

  it('answer a caller with the secret and JSON', async () => {
    const res = await control(server, '/mutate', { count: 3, seed: 9 });
    expect(res.status).toBe(200);
    expect((await (await control(server, '/state')).json()).headSeq).toBe(server.state.store.headSeq);
  });
});

describe('redirects after sign-in', () => {
  const nextAfterSignIn = async (next: string) => {
    const res = await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`, {
      method: 'POST',
      body: new URLSearchParams({ userId: 'u-tech' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    return res.headers.get('location');
  };

  it('never leave the site: backslashes, tabs, protocol-relative and absolute URLs go to the fleet', async () => {
    for (const next of [
      '/\\attacker.example',
      '/\t/attacker.example',
      '//attacker.example',
      '/\\/attacker.example',
      'https://attacker.example/',
      '/a/..//attacker.example',
      '\\\\attacker.example',
      ' /x',
      '/x\r\nSet-Cookie: a=b',
      'javascript:alert(1)',
    ]) {
      expect(await nextAfterSignIn(next), JSON.stringify(next)).toBe('/fleet');
    }
  });

  it('keep a path of this site, with its query', async () => {
    expect(await nextAfterSignIn('/tickets?page=2')).toBe('/tickets?page=2');
    expect(await nextAfterSignIn('/users/u-tech')).toBe('/users/u-tech');
  });

  it('are carried by the sign-in page only for a path of this site', async () => {
    const action = async (next: string) =>
      /<form method="post" action="([^"]*)" class="signin-any"/.exec(await (await fetch(`${server.url}/login?next=${next}`)).text())?.[1];
    expect(await action(encodeURIComponent('/tickets?page=2'))).toBe('/login?next=%2Ftickets%3Fpage%3D2');
    for (const raw of ['/%5Cattacker.example', '/%09/attacker.example', '//attacker.example', 'https://attacker.example']) {
      expect(await action(raw), raw).toBe('/login');
    }
  });

  it('are what the raw query of the reported attack gets too', async () => {
    for (const raw of ['/%5Cattacker.example', '/%09/attacker.example', '/%5C%5Cattacker.example']) {
      const res = await fetch(`${server.url}/login?next=${raw}`, {
        method: 'POST',
        body: new URLSearchParams({ userId: 'u-tech' }),
        redirect: 'manual',
      });
      expect(res.headers.get('location'), raw).toBe('/fleet');
    }
  });
});

describe('malformed URLs', () => {
  it('answer 400 (not 500) for a path that is not valid percent-encoding', async () => {
    const cookie = await signIn('u-tech');
    for (const path of ['/widget/%', '/widget/%E0%A4%A', '/assets/%zz', '/users/%', `/api/v1/sync/%`, '/static/%']) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(400);
      expect((await res.json()).error.message).toContain('percent-encoding');
    }
  });
});
