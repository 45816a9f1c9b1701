// The page overlay on the demo platform's real pages (server-rendered HTML loaded into a happy-dom window, scripts
// removed; a window of its own because the demo server needs Node's own URL, which the happy-dom environment replaces):
// it marks exactly what the engine says the viewed user cannot see, follows rows the page adds, and turning it off
// gives back byte-identical HTML — also after the page added rows or changed text while it was on.
import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileFleet, projectFeatures } from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { PROJECT_COOKIE } from '../../demo/pages/routes';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import { PageOverlay } from '../../components/overlay/page-overlay';
import { BANNER_ATTR, COVER_ATTR, OVERLAY_ATTR } from '../../components/overlay/selectors';
import { createBadges } from '../../components/badges';

let server: RunningDemoServer;
let snapshot: Snapshot;
let source: EngineSource;
let cookie = '';
let window: Window;
let document: Document;
beforeEach(() => {
  window?.happyDOM.abort();
  window = new Window({ url: 'http://platform.test/fleet', settings: { disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  document = window.document as unknown as Document;
});
const ADMIN = 'u-gina-admin';
const EXPERT = 'u-eli-expert';
const CUSTOMER = 'u-cora-customer';

const cookies = new Map<string, string>();
async function cookieOf(userId: string): Promise<string> {
  if (!cookies.has(userId)) {
    const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId }), redirect: 'manual' });
    cookies.set(userId, res.headers.get('set-cookie')!.split(';')[0]);
  }
  return cookies.get(userId)!;
}

/** A page as the admin (or `as`) sees it. */
async function pageHtml(path: string, as?: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: as ? await cookieOf(as) : cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

/** Shows a platform page in this document: its markup, minus scripts and stylesheets (nothing to fetch or run). */
function show(html: string): void {
  const parsed = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  for (const el of parsed.querySelectorAll('script, link')) el.remove();
  const root = document.importNode(parsed.documentElement, true);
  document.documentElement.remove();
  document.append(root);
}

const html = () => document.documentElement.outerHTML;
const overlayFor = () => new PageOverlay(document, (req) => source.overlayView(req).then((r) => r.view));
const marked = (token: string) => [...document.querySelectorAll(`[${OVERLAY_ATTR}~="${token}"]`)];

beforeAll(async () => {
  server = await startDemoServer({ seed: 1, assets: 2000 });
  snapshot = server.store.snapshot();
  source = createDirectSource({ snapshot });
  const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId: ADMIN }), redirect: 'manual' });
  cookie = res.headers.get('set-cookie')!.split(';')[0];
}, 60_000);
afterAll(async () => {
  await window?.happyDOM.close();
  await server.close();
});

describe('page overlay', () => {
  it('on the tickets page: hides tickets, redacts asset names and masks assignee names exactly as R4/R5 decide, and restores the page byte for byte', async () => {
    // A page of tickets where the expert sees some redacted.
    let found = false;
    for (let n = 1; n <= 4 && !found; n++) {
      show(await pageHtml(`/tickets?page=${n}`));
      const ids = [...document.querySelectorAll('[data-ai-ticket-id]')].map((el) => el.getAttribute('data-ai-ticket-id')!);
      const decisions = (await source.tickets({ userId: EXPERT, ticketIds: ids, limit: 1000 })).rows;
      found = decisions.some((d) => d.effect === 'redacted');
    }
    expect(found).toBe(true);
    const before = html();
    const rows = [...document.querySelectorAll('[data-ai-ticket-id]')];
    const decisions = new Map(
      (await source.tickets({ userId: EXPERT, ticketIds: rows.map((r) => r.getAttribute('data-ai-ticket-id')!), limit: 1000 })).rows.map(
        (d) => [d.ticketId, d],
      ),
    );
    const originalText = new Map(rows.map((r) => [r, r.textContent]));

    const overlay = overlayFor();
    await overlay.enable({ userId: EXPERT, role: null, mode: 'dim' });
    let redacted = 0;
    let masked = 0;
    for (const row of rows) {
      const d = decisions.get(row.getAttribute('data-ai-ticket-id')!)!;
      expect(row.getAttribute(OVERLAY_ATTR)).toBe(d.effect === 'hidden' ? 'dim' : null);
      const assetName = row.querySelector('[data-ai-asset-name-of]');
      if (assetName && d.effect === 'redacted') {
        redacted++;
        expect(assetName.textContent).toBe('Asset hidden');
        expect(assetName.getAttribute(OVERLAY_ATTR)).toBe('masked');
      } else if (assetName) expect(assetName.getAttribute(OVERLAY_ATTR)).toBeNull();
      const name = row.querySelector('[data-ai-user-name-of]');
      if (name && d.effect !== 'hidden' && d.assigneeId !== null && d.assigneeName === null) {
        masked++;
        expect(name.textContent).toBe('Name hidden');
      } else if (name && d.effect !== 'hidden') expect(name.textContent).toBe(d.assigneeName);
    }
    expect(redacted).toBeGreaterThan(0);
    expect(masked).toBeGreaterThan(0);
    expect(overlay.state.stats).toMatchObject({ ticketsRedacted: redacted, ticketRows: rows.length });
    const banner = document.querySelector(`[${BANNER_ATTR}]`)!;
    expect(banner.shadowRoot!.textContent).toContain('Viewing this page as «Eli');

    overlay.disable();
    expect(html()).toBe(before);
    // Page code reading its own DOM afterwards sees its own text, not a placeholder.
    for (const row of rows) expect(row.textContent).toBe(originalText.get(row));
  });

  it('on the fleet page: hides the asset rows and menu items the viewed user lacks, follows rows the page adds, and restores exactly', async () => {
    show(await pageHtml('/fleet'));
    const projectId = document.body.getAttribute('data-ai-project-id')!;
    const reference = document.implementation.createHTMLDocument('');
    const copy = reference.importNode(document.documentElement, true);
    reference.documentElement.remove();
    reference.append(copy);
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'hide' });

    const rowsNow = () => [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')];
    const effects = new Map(
      (await source.assetEffects({ userId: CUSTOMER, assetIds: rowsNow().map((r) => r.getAttribute('data-ai-asset-id')!) })).rows.map(
        (r) => [r.assetId, r.effect],
      ),
    );
    const hidden = rowsNow().filter((r) => effects.get(r.getAttribute('data-ai-asset-id')!) === 'hidden');
    expect(hidden.length).toBeGreaterThan(0);
    expect(rowsNow().filter((r) => r.getAttribute(OVERLAY_ATTR) === 'hide')).toEqual(hidden);

    const menu = projectFeatures(compileFleet(snapshot), CUSTOMER, projectId).menu;
    const lacking = menu.filter((m) => !m.visible).map((m) => m.groupId);
    const menuLinks = [...document.querySelectorAll('[data-ai-menu-group]')];
    expect(menuLinks.filter((a) => a.getAttribute(OVERLAY_ATTR) === 'hide').map((a) => a.getAttribute('data-ai-menu-group'))).toEqual(
      menuLinks.map((a) => a.getAttribute('data-ai-menu-group')!).filter((g) => lacking.includes(g)),
    );

    // The page's single-page app replaces the rows (next page) while the overlay is on — in both documents.
    const nextRows = await (async () => {
      const next = new window.DOMParser().parseFromString(await pageHtml('/fleet?page=2'), 'text/html') as unknown as Document;
      return [...next.querySelectorAll('tbody[data-ai-fleet-rows] tr')];
    })();
    document.querySelector('tbody[data-ai-fleet-rows]')!.replaceChildren(...nextRows.map((r) => document.importNode(r, true)));
    reference.querySelector('tbody[data-ai-fleet-rows]')!.replaceChildren(...nextRows.map((r) => reference.importNode(r, true)));
    await new Promise((r) => setTimeout(r, 80));
    await overlay.settled();
    const newEffects = new Map(
      (await source.assetEffects({ userId: CUSTOMER, assetIds: rowsNow().map((r) => r.getAttribute('data-ai-asset-id')!) })).rows.map(
        (r) => [r.assetId, r.effect],
      ),
    );
    for (const row of rowsNow())
      expect(row.getAttribute(OVERLAY_ATTR)).toBe(newEffects.get(row.getAttribute('data-ai-asset-id')!) === 'hidden' ? 'hide' : null);

    overlay.disable();
    expect(html()).toBe(reference.documentElement.outerHTML);
    expect(marked('hide')).toEqual([]);
  });

  it('leaves text the page itself changed while masked as the page made it', async () => {
    show(await pageHtml('/tickets'));
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    const masked = marked('masked');
    expect(masked.length).toBeGreaterThan(0);
    const el = masked[0];
    el.textContent = 'Renamed by the page';
    await new Promise((r) => setTimeout(r, 80));
    await overlay.settled();
    // Still masked (the overlay re-applied itself to the page's new text)…
    expect(el.textContent).toBe('Name hidden');
    overlay.disable();
    // …and off, the page's own latest text is back.
    expect(el.textContent).toBe('Renamed by the page');
    expect(el.hasAttribute(OVERLAY_ATTR)).toBe(false);
  });

  it('views the page as a user holding another project role: a draft with the Assets switch off hides every row of the project', async () => {
    show(await pageHtml('/fleet'));
    const before = html();
    const overlay = overlayFor();
    const draft = {
      id: 'draft',
      name: 'No assets',
      location: null,
      expertMode: false,
      fullAccessUntagged: false,
      tags: [],
      features: { tickets: { enabled: true, functions: {} } },
    };
    const rows = [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')];
    const projectId = document.body.getAttribute('data-ai-project-id');
    const inProject = rows.filter((r) => snapshot.assets.find((a) => a.id === r.getAttribute('data-ai-asset-id'))!.projectId === projectId);
    // With their own roles the Quote Manager sees some of these rows…
    await overlay.enable({ userId: 'u-quinn-qm', role: null, mode: 'dim' });
    expect(inProject.some((r) => !r.hasAttribute(OVERLAY_ATTR))).toBe(true);
    // …with the draft in this project, none.
    await overlay.enable({ userId: 'u-quinn-qm', role: { kind: 'draft', role: draft }, mode: 'dim' });
    expect(inProject.length).toBeGreaterThan(0);
    for (const r of inProject) expect(r.getAttribute(OVERLAY_ATTR)).toBe('dim');
    // Menu: only Tickets remains for this draft.
    const kept = [...document.querySelectorAll('[data-ai-menu-group]')]
      .filter((a) => !a.hasAttribute(OVERLAY_ATTR))
      .map((a) => a.getAttribute('data-ai-menu-group'));
    expect(kept.every((g) => g === 'tickets')).toBe(true);
    expect(document.querySelector(`[${BANNER_ATTR}]`)!.shadowRoot!.textContent).toContain('with project role «No assets»');
    // Switching mode re-marks without asking again, and off restores.
    await overlay.enable({ ...overlay.state.target!, mode: 'hide' });
    for (const r of inProject) expect(r.getAttribute(OVERLAY_ATTR)).toBe('hide');
    overlay.disable();
    expect(html()).toBe(before);
  });

  it('reports an unknown user instead of guessing, and leaves the page untouched', async () => {
    show(await pageHtml('/fleet'));
    const before = html();
    const overlay = overlayFor();
    await overlay.enable({ userId: 'nobody', role: null, mode: 'dim' });
    expect(overlay.state.error).toContain('nobody');
    expect(marked('dim')).toEqual([]);
    overlay.disable();
    expect(html()).toBe(before);
  });
});

// Issue 11: "View as" shows one user's view throughout — badges, rows, access words, Edit controls, top bar, menu,
// and pages the viewed user could not open — and Turn off still gives back the page byte for byte.
describe('view as is one user view, fully', () => {
  const effectsOf = async (userId: string, assetIds: string[]) =>
    new Map((await source.assetEffects({ userId, assetIds })).rows.map((r) => [r.assetId, r.effect]));
  const nameOf = (userId: string) => snapshot.users.find((u) => u.id === userId)!.name;
  const systemRoleOf = async (userId: string) => (await source.who({ userId })).facts!.systemRole?.name ?? 'No system role';
  const whoami = () => ({
    name: document.querySelector('[data-ai-whoami] [data-ai-user-name-of]')!.textContent,
    role: document.querySelector('[data-ai-whoami-role]')!.textContent,
  });
  const bannerText = () => document.querySelector(`[${BANNER_ATTR}]`)!.shadowRoot!.textContent ?? '';
  const cover = () => document.querySelector(`[${COVER_ATTR}]`);
  const settle = async (...xs: { settled(): Promise<void> }[]) => {
    await new Promise((r) => setTimeout(r, 60));
    for (const x of xs) await x.settled();
  };

  it('on the fleet as a customer: badges, access words, top bar and the Administration menu are the customer’s; off restores byte for byte', async () => {
    const project = snapshot.memberships.find((m) => m.userId === CUSTOMER)!.projectId;
    show(await pageHtml(`/fleet?project=${encodeURIComponent(project)}`));
    const badges = createBadges(document, source, ADMIN);
    await settle(badges);
    const rows = [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')];
    const badgeOf = (row: Element) => row.querySelector('[data-ai-badge]')!.getAttribute('data-ai-effect');
    // The inspected (signed-in) Global Admin: every row full, "Edit".
    expect(rows.map(badgeOf).every((e) => e === 'full')).toBe(true);
    const before = html();

    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay, badges);
    const effects = await effectsOf(
      CUSTOMER,
      rows.map((r) => r.getAttribute('data-ai-asset-id')!),
    );
    expect(new Set(effects.values())).toEqual(new Set(['hidden', 'read']));
    for (const row of rows) {
      const effect = effects.get(row.getAttribute('data-ai-asset-id')!)!;
      // The badge is the customer's, never the admin's green "full".
      expect(badgeOf(row)).toBe(effect);
      const access = row.querySelector('[data-ai-access-of]')!;
      // Her access in the page's own words ("Edit" was the admin's), marked as the overlay's.
      expect(access.textContent).toBe(effect === 'read' ? 'View only' : 'No access');
      expect(access.getAttribute(OVERLAY_ATTR)).toBe('viewed');
    }
    // The top bar names the viewed user and her role, not the admin's name masked under the admin's role.
    expect(whoami()).toEqual({ name: nameOf(CUSTOMER), role: await systemRoleOf(CUSTOMER) });
    // No Users / Registrations for a customer, nor their heading.
    const admin = [...document.querySelectorAll('[data-ai-menu-admin], [data-ai-menu-heading="admin"]')];
    expect(admin.length).toBe(3);
    for (const el of admin) expect(el.getAttribute(OVERLAY_ATTR)).toBe('dim');
    expect(overlay.state.stats.accessChanged).toBe([...effects.values()].filter((e) => e === 'read').length);
    expect(bannerText()).not.toContain('Beyond this page');
    // Her project picker: only the projects she has a role in.
    const hers = new Set(snapshot.memberships.filter((m) => m.userId === CUSTOMER).map((m) => m.projectId));
    const options = [...document.querySelectorAll('select[data-ai-project-select] option')];
    expect(options.some((o) => !hers.has(o.getAttribute('value')!))).toBe(true);
    for (const o of options) expect(o.getAttribute(OVERLAY_ATTR)).toBe(hers.has(o.getAttribute('value')!) ? null : 'hide');
    expect(bannerText()).not.toContain('no role in');

    overlay.disable();
    await settle(badges);
    expect(html()).toBe(before);
    expect(rows.map(badgeOf).every((e) => e === 'full')).toBe(true);
    badges.destroy();
  });

  it('in a project where the viewed user has no role: the banner says so and the menu has nothing of it', async () => {
    const hers = new Set(snapshot.memberships.filter((m) => m.userId === CUSTOMER).map((m) => m.projectId));
    const other = snapshot.projects.find((p) => !hers.has(p.id))!;
    // The project the top bar's picker chose (its cookie), as the admin.
    const res = await fetch(`${server.url}/tickets`, { headers: { Cookie: `${cookie}; ${PROJECT_COOKIE}=${other.id}` } });
    expect(res.status).toBe(200);
    show(await res.text());
    expect(document.body.getAttribute('data-ai-project-id')).toBe(other.id);
    const before = html();
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay);
    expect(bannerText()).toContain(`they have no role in «${other.name}»`);
    for (const a of document.querySelectorAll('[data-ai-menu-group]')) expect(a.getAttribute(OVERLAY_ATTR)).toBe('dim');
    overlay.disable();
    expect(html()).toBe(before);
  });

  it('on the tickets page: a redacted ticket’s asset never sits beside the inspected user’s badge', async () => {
    show(await pageHtml('/tickets'));
    const badges = createBadges(document, source, ADMIN);
    await settle(badges);
    const before = html();
    const overlay = overlayFor();
    await overlay.enable({ userId: EXPERT, role: null, mode: 'dim' });
    await settle(overlay, badges);
    const cells = [...document.querySelectorAll('[data-ai-ticket-id] [data-ai-asset-id]')];
    const effects = await effectsOf(
      EXPERT,
      cells.map((c) => c.getAttribute('data-ai-asset-id')!),
    );
    let redacted = 0;
    for (const cell of cells) {
      const badge = cell.parentElement!.querySelector('[data-ai-badge]')!;
      expect(badge.getAttribute('data-ai-effect')).toBe(effects.get(cell.getAttribute('data-ai-asset-id')!));
      if (cell.textContent === 'Asset hidden' && cell.closest(`[${OVERLAY_ATTR}~="dim"]`) === null) {
        redacted++;
        expect(badge.getAttribute('data-ai-effect')).toBe('hidden');
      }
    }
    expect(redacted).toBeGreaterThan(0);
    overlay.disable();
    await settle(badges);
    expect(html()).toBe(before);
    badges.destroy();
  });

  it('on the users page: a customer could not open it, so its rows and e-mails go under a note; a distributor keeps only the users in his scope', async () => {
    show(await pageHtml('/users'));
    const before = html();
    const main = document.querySelector('[data-ai-content]')!;
    const rows = [...document.querySelectorAll('[data-ai-user-row]')];
    expect(rows.length).toBeGreaterThan(10);
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay);
    // Whatever the mode, the content is hidden (not dimmed): the customer would see none of it.
    expect(main.getAttribute(OVERLAY_ATTR)).toBe('hide');
    for (const r of rows) expect(main.contains(r)).toBe(true);
    expect(cover()).not.toBeNull();
    expect(cover()!.nextElementSibling).toBe(main);
    const note = cover()!.shadowRoot!.textContent!;
    expect(note).toContain(`«${nameOf(CUSTOMER)}» could not open this page`);
    expect(note).toContain('Manage users');
    expect(overlay.state.stats.blocked).toContain('Manage users');
    expect(bannerText()).toContain('could not open this page');

    // A distributor manages users, but only in his organization scope.
    const DIRK = 'u-dirk-dist';
    await overlay.enable({ userId: DIRK, role: null, mode: 'hide' });
    await settle(overlay);
    expect(cover()).toBeNull();
    expect(main.hasAttribute(OVERLAY_ATTR)).toBe(false);
    const inScope = new Set(
      (await source.searchOrganizations({ userId: DIRK, query: '', limit: 500 })).organizations.filter((o) => o.inScope).map((o) => o.id),
    );
    const orgOf = new Map(snapshot.users.map((u) => [u.id, u.organizationId]));
    let hidden = 0;
    for (const r of rows) {
      const keep = inScope.has(orgOf.get(r.getAttribute('data-ai-user-row')!)!);
      if (!keep) hidden++;
      expect(r.getAttribute(OVERLAY_ATTR), r.getAttribute('data-ai-user-row')!).toBe(keep ? null : 'hide');
    }
    expect(hidden).toBeGreaterThan(0);
    overlay.disable();
    expect(html()).toBe(before);
  });

  it('on a user’s page: another user’s page is covered for a customer, her own is not', async () => {
    show(await pageHtml('/users/u-quinn-qm'));
    const before = html();
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay);
    expect(cover()!.shadowRoot!.textContent).toContain("another user's page");
    overlay.disable();
    expect(html()).toBe(before);
    show(await pageHtml(`/users/${CUSTOMER}`));
    const own = overlayFor();
    await own.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(own);
    expect(cover()).toBeNull();
    own.disable();
  });

  it('on the registrations page: covered for a customer; for an admin who verifies nobody, every registrant of the Quote Manager’s queue goes', async () => {
    const QM = 'u-quinn-qm';
    show(await pageHtml('/registrations', QM));
    const before = html();
    const rows = [...document.querySelectorAll('[data-ai-registrant-id]')];
    expect(rows.length).toBeGreaterThan(0);
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay);
    expect(document.querySelector('[data-ai-content]')!.getAttribute(OVERLAY_ATTR)).toBe('hide');
    expect(cover()!.shadowRoot!.textContent).toContain('verifies registrations');
    // The menu of this Quote Manager's page: no Registrations link for the customer.
    expect(document.querySelector('[data-ai-menu-admin="registrations"]')!.getAttribute(OVERLAY_ATTR)).toBe('dim');

    await overlay.enable({ userId: ADMIN, role: null, mode: 'dim' });
    await settle(overlay);
    expect(cover()).toBeNull();
    const queue = new Set((await source.verifyQueue({ userId: ADMIN })).queue!.pending.map((p) => p.userId));
    for (const r of rows) expect(r.getAttribute(OVERLAY_ATTR)).toBe(queue.has(r.getAttribute('data-ai-registrant-id')!) ? null : 'dim');
    expect(overlay.state.stats.peopleHidden).toBe(rows.filter((r) => !queue.has(r.getAttribute('data-ai-registrant-id')!)).length);
    overlay.disable();
    expect(html()).toBe(before);
  });

  it('on an asset page: a read-only viewer gets "View only" and a disabled Edit button; an asset they may not see is covered', async () => {
    const project = snapshot.memberships.find((m) => m.userId === CUSTOMER)!.projectId;
    const candidates = snapshot.assets
      .filter((a) => a.projectId === project)
      .slice(0, 400)
      .map((a) => a.id);
    const effects = await effectsOf(CUSTOMER, candidates);
    const readable = candidates.find((id) => effects.get(id) === 'read')!;
    const unseen = candidates.find((id) => effects.get(id) === 'hidden')!;
    expect(readable && unseen).toBeTruthy();

    show(await pageHtml(`/assets/${readable}`));
    const before = html();
    const edit = document.querySelector('[data-ai-edit-of]') as HTMLButtonElement;
    expect(edit.disabled).toBe(false);
    const overlay = overlayFor();
    await overlay.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(overlay);
    expect(document.querySelector('[data-ai-access-of]')!.textContent).toBe('View only');
    expect(edit.disabled).toBe(true);
    expect(edit.getAttribute(OVERLAY_ATTR)).toBe('readonly');
    expect(cover()).toBeNull();
    overlay.disable();
    expect(edit.disabled).toBe(false);
    expect(html()).toBe(before);

    show(await pageHtml(`/assets/${unseen}`));
    const before2 = html();
    const again = overlayFor();
    await again.enable({ userId: CUSTOMER, role: null, mode: 'dim' });
    await settle(again);
    expect(cover()!.shadowRoot!.textContent).toContain('may not see this asset');
    again.disable();
    expect(html()).toBe(before2);
  });

  it('viewing a more privileged user says what they would see beyond this page', async () => {
    show(await pageHtml('/fleet', CUSTOMER));
    const before = html();
    const overlay = overlayFor();
    await overlay.enable({ userId: ADMIN, role: null, mode: 'dim' });
    await settle(overlay);
    const visible = async (userId: string) =>
      (await source.assetPage({ userId, effect: 'read', limit: 1 })).total +
      (await source.assetPage({ userId, effect: 'full', limit: 1 })).total;
    const more = (await visible(ADMIN)) - (await visible(CUSTOMER));
    expect(more).toBeGreaterThan(0);
    const text = bannerText();
    expect(text).toContain(`«${nameOf(ADMIN)}» sees ${more.toLocaleString('en')} more assets`);
    expect(text).toContain('than the signed-in user');
    // The customer's page has no Administration menu; the admin would have one.
    expect(text).toMatch(/has .*Users, Registrations in the menu/);
    expect(whoami()).toEqual({ name: nameOf(ADMIN), role: await systemRoleOf(ADMIN) });
    overlay.disable();
    expect(html()).toBe(before);
  });
});
