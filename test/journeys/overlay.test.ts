// The page overlay on the demo platform's real pages (server-rendered HTML loaded into a happy-dom window, scripts
// removed; a window of its own because the demo server needs Node's own URL, which the happy-dom environment replaces):
// it marks exactly what the engine says the viewed user cannot see, follows rows the page adds, and turning it off
// gives back byte-identical HTML — also after the page added rows or changed text while it was on.
import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileFleet, projectFeatures } from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { DirectSource } from '../../components/direct-source';
import { PageOverlay } from '../../components/overlay/page-overlay';
import { BANNER_ATTR, OVERLAY_ATTR } from '../../components/overlay/selectors';

let server: RunningDemoServer;
let snapshot: Snapshot;
let source: DirectSource;
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

async function pageHtml(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
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
  source = new DirectSource({ snapshot });
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
    const decisions = new Map((await source.tickets({ userId: EXPERT, ticketIds: rows.map((r) => r.getAttribute('data-ai-ticket-id')!), limit: 1000 })).rows.map((d) => [d.ticketId, d]));
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
    const effects = new Map((await source.assetEffects({ userId: CUSTOMER, assetIds: rowsNow().map((r) => r.getAttribute('data-ai-asset-id')!) })).rows.map((r) => [r.assetId, r.effect]));
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
    const newEffects = new Map((await source.assetEffects({ userId: CUSTOMER, assetIds: rowsNow().map((r) => r.getAttribute('data-ai-asset-id')!) })).rows.map((r) => [r.assetId, r.effect]));
    for (const row of rowsNow()) expect(row.getAttribute(OVERLAY_ATTR)).toBe(newEffects.get(row.getAttribute('data-ai-asset-id')!) === 'hidden' ? 'hide' : null);

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
    const draft = { id: 'draft', name: 'No assets', location: null, expertMode: false, fullAccessUntagged: false, tags: [], features: { tickets: { enabled: true, functions: {} } } };
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
    const kept = [...document.querySelectorAll('[data-ai-menu-group]')].filter((a) => !a.hasAttribute(OVERLAY_ATTR)).map((a) => a.getAttribute('data-ai-menu-group'));
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
