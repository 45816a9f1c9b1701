// The reported attacks on the demo platform, replayed in Chromium from a page on another port of the same host
// (the same *site*: the demo's SameSite=Lax cookie goes along with a top-level form POST from there):
// - an auto-submitting form that assigns a role to a registrant with the Quote Manager's session;
// - `text/plain` fetches to /__demo/mutate and /__demo/faults (no preflight needed), and one with the control
//   header (which needs a preflight this server never grants);
// - a sign-in link whose `next` is `/%5Cattacker…`.
// None may change anything or leave the site; the user's own form on the platform still works.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { User } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { smallFleet } from '../demo/fixtures';
import { launchPlain } from './support/browser';
import { ensureBuilt } from './support/build';

let server: RunningDemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;
let attacker: Server;
let attackerUrl = '';
let attackerPage = '';
const attackerHits: string[] = [];

const roleOf = (id: string) => (server.store.get('users', id) as User).systemRoleId;

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
  await page.waitForURL(/\/fleet/);
}

describe('the demo platform against a page on another port of the same host', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    server = await startDemoServer({ snapshot: smallFleet() });
    attackerPage = `<!doctype html><title>win a prize</title>
      <form id="f" method="post" action="${server.url}/users/u-pending/role"><input name="roleId" value="customer"></form>
      <script>
        const post = (path, body, headers) => fetch('${server.url}/__demo' + path, { method: 'POST', mode: 'no-cors', headers, body }).catch(() => {});
        Promise.all([
          post('/mutate', '{"count":532,"seed":1}', { 'Content-Type': 'text/plain' }),
          post('/faults', '{"seed":1,"serverErrorRate":1}', { 'Content-Type': 'text/plain' }),
          fetch('${server.url}/__demo/faults', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Demo-Control': 'guess' }, body: '{"seed":1,"serverErrorRate":1}' }).catch(() => {}),
        ]).then(() => { document.title = 'sent'; if (location.hash === '#form') document.getElementById('f').submit(); });
      </script>`;
    attacker = createServer((req, res) => {
      attackerHits.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(req.url?.startsWith('/attacker') ? '<title>attacker</title>' : attackerPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchPlain();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => attacker?.close(r));
  });

  it("refuses the auto-submitted role form and the control calls, and the user's own form still works", async () => {
    const page = await browser.context.newPage();
    await signIn(page, 'u-qm');
    const headBefore = server.state.store.headSeq;
    // What the platform answered the attacker's page (the page itself cannot see it: no-cors).
    const answers: string[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.origin === server.url && r.request().method() !== 'GET')
        answers.push(`${r.request().method()} ${url.pathname} ${r.status()}`);
    });

    await page.goto(`${attackerUrl}/#form`);
    await page.waitForURL((url) => url.origin === server.url, { timeout: 20_000 });
    expect(await page.locator('body').textContent()).toMatch(/^Refused: a same-site request/);
    expect(roleOf('u-pending')).toBeNull();
    expect(server.state.store.headSeq).toBe(headBefore);
    expect(server.state.faults).toBeNull();
    // The requests did reach the platform and were refused (the one with a custom header never left: its
    // preflight was refused).
    expect(answers).toEqual(
      expect.arrayContaining(['POST /__demo/mutate 403', 'POST /__demo/faults 403', 'POST /users/u-pending/role 403']),
    );
    expect(answers.filter((a) => a.includes('200') || a.includes('303'))).toEqual([]);

    // The same assignment from the platform's own page (the token is in its form) goes through.
    await page.goto(`${server.url}/users/u-pending`);
    await page.locator('[data-ai-assign-role]').selectOption('customer');
    await page.locator('form.assign button[type="submit"]').click();
    await page.waitForURL(`${server.url}/users/u-pending`);
    expect(roleOf('u-pending')).toBe('customer');
    await page.close();
  });

  it('keeps the sign-in redirect on the platform for next=/%5C… and /%09/…', async () => {
    const page = await browser.context.newPage();
    // The sign-in page carries a path of this site on to where the user was going.
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/tickets?page=1')}`);
    await page.locator('[data-ai-login-user="u-tech"]').first().click();
    await page.waitForURL(`${server.url}/tickets?page=1`);
    for (const next of [`/%5C127.0.0.1:${new URL(attackerUrl).port}/attacker`, `/%09/127.0.0.1:${new URL(attackerUrl).port}/attacker`]) {
      await page.goto(`${server.url}/login?next=${next}`);
      await page.locator('[data-ai-login-user="u-tech"]').first().click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).origin, next).toBe(server.url);
    }
    expect(attackerHits.filter((u) => u.startsWith('/attacker'))).toEqual([]);
    await page.close();
  });
});
