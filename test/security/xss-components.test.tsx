// @vitest-environment happy-dom
// Injection payloads (xss-payloads.ts) in every string field of the data, ids included, rendered by the panel (every
// tab), the badges and the page overlay in happy-dom: the DOM they build must be exactly the DOM they build for a
// benign fleet of the same shape (same elements, same attribute names), no URL attribute may carry a script URL,
// and the payloads must show up as text. Exports: every payload comes out of the CSV defused and out of the
// snapshot export as the same string. XSS_ROUNDS (default: one per payload) rotates the corpus through the fields:
// with one round per payload, every payload lands in every field.
import { fireEvent } from '@testing-library/preact';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT, type PageContext, type PageKind } from '../../core/adapters/types';
import { createBadges } from '../../components/badges';
import { createDirectSource } from '../../core/source/direct-source';
import { csvCell, accessReportLine } from '../../components/export/csv';
import { accessReportCsv, snapshotJson } from '../../components/export/export-data';
import { PageOverlay } from '../../components/overlay/page-overlay';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { parseSnapshot } from '../../core/model/validate';
import { payloadFleet, type PayloadFleet } from './payload-fleet';
import { FORMULA_PREFIXES, ID_PAYLOADS, XSS_PAYLOADS } from './xss-payloads';
import { pageHost } from '../support/panel-host';

const ROUNDS = Number(process.env.XSS_ROUNDS ?? XSS_PAYLOADS.length);
const KINDS: PageKind[] = ['fleet', 'users', 'registrations', 'tickets'];
const figures = { rounds: 0, renders: 0, elementsCompared: 0, payloadsSeenAsText: new Set<string>() };

afterEach(() => {
  document.body.replaceChildren();
  document.head.replaceChildren();
});

afterAll(() => {
  console.log(
    `xss (happy-dom): ${XSS_PAYLOADS.length} payloads, ${figures.rounds} rounds, ${figures.renders} renders compared ` +
      `(${figures.elementsCompared} elements), ${figures.payloadsSeenAsText.size} distinct payloads seen rendered as text`,
  );
});

const hostileFleet = (round: number) =>
  payloadFleet(
    (slot) => XSS_PAYLOADS[(round + slot) % XSS_PAYLOADS.length],
    (slot) => ID_PAYLOADS[(round + slot) % ID_PAYLOADS.length],
  );
const benignFleet = () =>
  payloadFleet(
    (slot) => `text ${slot}`,
    (slot) => `id-${slot}`,
  );

const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'srcset'];
const SCRIPT_URL = /^(javascript|vbscript|data):/i;

/** Every element under `root`, shadow roots included, as "tag[attr,attr]", sorted (order may follow the data). */
function shape(root: ParentNode): string[] {
  const out: string[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(`${el.tagName.toLowerCase()}[${el.getAttributeNames().sort().join(',')}]`);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out.sort();
}

/** No event-handler attribute, no script URL, anywhere under `root`. */
function expectNoActiveContent(root: ParentNode, where: string): void {
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      for (const name of el.getAttributeNames()) {
        expect(name.startsWith('on'), `${where}: <${el.tagName.toLowerCase()} ${name}>`).toBe(false);
        if (URL_ATTRS.includes(name)) {
          // Browsers drop control characters and spaces before the scheme: so does this check.
          const value = (el.getAttribute(name) ?? '').replace(/[\u0000-\u0020]/g, '');
          expect(SCRIPT_URL.test(value), `${where}: ${name}="${value.slice(0, 80)}"`).toBe(false);
        }
      }
      expect(
        ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'form', 'svg', 'math', 'img', 'template'],
        where,
      ).not.toContain(el.tagName.toLowerCase());
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  expect((window as unknown as { __pwned?: unknown }).__pwned, where).toBeUndefined();
}

/** Text and attribute values under `root` (shadow roots included), to find payloads rendered as text. */
function textOf(root: ParentNode): string {
  let out = '';
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
    }
    out += (node as Element | ShadowRoot).textContent ?? '';
  };
  walk(root);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until nothing is loading and the DOM under `root` stopped changing. */
async function settle(root: ParentNode): Promise<void> {
  let last = '';
  for (let i = 0; i < 80; i++) {
    const busy = root.querySelector('[aria-busy="true"]') !== null;
    const now = shape(root).join('|') + textOf(root).length;
    if (!busy && now === last) return;
    last = now;
    await sleep(i < 10 ? 1 : 20);
  }
}

interface Rendered {
  byTab: Map<string, { shape: string[]; text: string }>;
}

async function renderPanel(fleet: PayloadFleet, kind: PageKind): Promise<Rendered> {
  const source = createDirectSource({ snapshot: fleet.snapshot, signedInUserId: fleet.qmId });
  const host = document.createElement('div');
  document.body.append(host);
  const context: PageContext = {
    ...EMPTY_PAGE_CONTEXT,
    adapterId: kind,
    userId: fleet.techId,
    projectId: fleet.projectIds[0],
    ticketIds: fleet.ticketIds,
    ...(kind === 'registrations' ? { registrantIds: [fleet.pendingId] } : {}),
  };
  const handle: PanelHandle = mount(host, { host: pageHost(source), context });
  const root = host.shadowRoot!;
  const byTab = new Map<string, { shape: string[]; text: string }>();
  try {
    await settle(root);
    const tabs = [...root.querySelectorAll('[role="tab"]')] as HTMLElement[];
    expect(tabs.length).toBeGreaterThan(3);
    for (let k = 0; k < tabs.length; k++) {
      const tab = root.querySelectorAll('[role="tab"]')[k] as HTMLElement;
      fireEvent.click(tab);
      await settle(root);
      expect(tab.getAttribute('aria-selected')).toBe('true');
      byTab.set(tab.textContent ?? String(k), { shape: shape(root), text: textOf(root) });
    }
  } finally {
    handle.unmount();
    host.remove();
  }
  return { byTab };
}

/** A page of the platform built with DOM APIs (ids as attribute values, names as text): the badges' and overlay's target. */
function platformPage(fleet: PayloadFleet): void {
  const names = new Map(fleet.snapshot.assets.map((a) => [a.id, a.name]));
  document.body.setAttribute('data-ai-page', 'fleet');
  document.body.setAttribute('data-ai-user-id', fleet.techId);
  document.body.setAttribute('data-ai-project-id', fleet.projectIds[0]);
  const nav = document.createElement('nav');
  for (const g of ['assets', 'tickets', 'alarms']) {
    const a = document.createElement('a');
    a.setAttribute('data-ai-menu-group', g);
    a.textContent = g;
    nav.append(a);
  }
  const table = document.createElement('table');
  const tbody = document.createElement('tbody');
  tbody.setAttribute('data-ai-fleet-rows', '');
  for (const id of fleet.assetIds) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-ai-asset-id', id);
    const td = document.createElement('td');
    const name = document.createElement('a');
    name.setAttribute('data-ai-asset-name-of', id);
    name.textContent = names.get(id)!;
    td.append(name);
    tr.append(td);
    tbody.append(tr);
  }
  for (const t of fleet.snapshot.tickets) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-ai-ticket-id', t.id);
    const td = document.createElement('td');
    td.textContent = t.title;
    const who = document.createElement('span');
    if (t.assigneeId) {
      who.setAttribute('data-ai-user-name-of', t.assigneeId);
      who.textContent = fleet.snapshot.users.find((u) => u.id === t.assigneeId)!.name;
    }
    tr.append(td, who);
    tbody.append(tr);
  }
  table.append(tbody);
  document.body.append(nav, table);
}

async function renderPageTools(fleet: PayloadFleet): Promise<{ shape: string[]; text: string }> {
  platformPage(fleet);
  const source = createDirectSource({ snapshot: fleet.snapshot });
  const badges = createBadges(document, source, fleet.techId);
  await badges.settled();
  const overlay = new PageOverlay(
    document,
    (req) => source.overlayView(req).then((r) => r.view),
    () => fleet.projectIds[0],
  );
  await overlay.enable({ userId: fleet.techId, role: null, mode: 'dim' });
  const result = { shape: shape(document.body), text: textOf(document.body) };
  overlay.disable();
  badges.destroy();
  return result;
}

describe('injection payloads in every string field', () => {
  it(`render as text in every panel tab, the badges and the overlay (${ROUNDS} rounds)`, { timeout: 60_000 + ROUNDS * 4_000 }, async () => {
    const benign = new Map<PageKind, Rendered>();
    for (const kind of KINDS) benign.set(kind, await renderPanel(benignFleet(), kind));
    const benignTools = await renderPageTools(benignFleet());
    document.body.replaceChildren();
    document.body.getAttributeNames().forEach((n) => document.body.removeAttribute(n));

    for (let round = 0; round < ROUNDS; round++) {
      const fleet = hostileFleet(round);
      expect(parseSnapshot(fleet.snapshot).ok, `round ${round}: the hostile fleet is valid data`).toBe(true);
      const kind = KINDS[round % KINDS.length];
      const hostile = await renderPanel(fleet, kind);
      const twin = benign.get(kind)!;
      expect([...hostile.byTab.keys()]).toEqual([...twin.byTab.keys()]);
      for (const [tab, got] of hostile.byTab) {
        expect(got.shape, `round ${round}, ${kind} page, tab ${tab}: elements differ from the benign twin's`).toEqual(
          twin.byTab.get(tab)!.shape,
        );
        figures.renders++;
        figures.elementsCompared += got.shape.length;
        for (const p of fleet.placed) if (got.text.includes(p)) figures.payloadsSeenAsText.add(p);
      }
      // Active content is checked on a live render: the last tab's DOM is gone after unmount, so render the page tools.
      const tools = await renderPageTools(fleet);
      expect(tools.shape, `round ${round}: badges and overlay differ from the benign twin's`).toEqual(benignTools.shape);
      expectNoActiveContent(document, `round ${round}, page with badges and overlay`);
      for (const p of fleet.placed) if (tools.text.includes(p)) figures.payloadsSeenAsText.add(p);
      document.body.replaceChildren();
      document.body.getAttributeNames().forEach((n) => document.body.removeAttribute(n));
      figures.rounds++;
    }
    // The payloads were really shown (as text), not dropped.
    expect(figures.payloadsSeenAsText.size).toBeGreaterThan(Math.min(XSS_PAYLOADS.length, ROUNDS) / 2);
  });

  it('leave the live panel with no handler attribute, no script URL and no active element', async () => {
    const fleet = hostileFleet(7);
    const source = createDirectSource({ snapshot: fleet.snapshot, signedInUserId: fleet.qmId });
    const host = document.createElement('div');
    document.body.append(host);
    const handle = mount(host, {
      host: pageHost(source),
      context: { ...EMPTY_PAGE_CONTEXT, adapterId: 'fleet', userId: fleet.techId, projectId: fleet.projectIds[0] },
    });
    try {
      const root = host.shadowRoot!;
      await settle(root);
      for (let k = 0; k < root.querySelectorAll('[role="tab"]').length; k++) {
        const tab = root.querySelectorAll('[role="tab"]')[k] as HTMLElement;
        fireEvent.click(tab);
        await settle(root);
        expectNoActiveContent(root, `tab ${tab.textContent}`);
      }
    } finally {
      handle.unmount();
    }
  });
});

describe('exports of hostile data', () => {
  const unquote = (cell: string) => {
    expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
    return cell.slice(1, -1).replace(/""/g, '"');
  };

  it('every payload comes out of a CSV cell defused: quoted, and never starting a formula', () => {
    for (const p of XSS_PAYLOADS) {
      const value = unquote(csvCell(p));
      expect(
        FORMULA_PREFIXES.some((c) => value.startsWith(c)),
        JSON.stringify(p),
      ).toBe(false);
      expect(value === p || value === `'${p}`).toBe(true);
    }
  });

  it('the access report and the snapshot export of a hostile fleet keep every payload as data', async () => {
    for (let round = 0; round < XSS_PAYLOADS.length; round += 13) {
      const fleet = hostileFleet(round);
      const source = createDirectSource({ snapshot: fleet.snapshot });
      const csv = await accessReportCsv(source, fleet.techId);
      // Each line's cells, split on the quoting: none starts a formula.
      for (const line of csv.split('\r\n').filter(Boolean)) {
        const cells = line.match(/"(?:[^"]|"")*"/g)!.map(unquote);
        for (const c of cells)
          expect(
            FORMULA_PREFIXES.some((f) => c.startsWith(f)),
            `${JSON.stringify(c)} in ${line.slice(0, 120)}`,
          ).toBe(false);
      }
      const { rows } = await source.assetPage({ userId: fleet.techId, offset: 0, limit: 100 });
      expect(rows).toHaveLength(fleet.assetIds.length);
      for (const r of rows) expect(csv).toContain(accessReportLine(r));
      const exported = JSON.parse(await snapshotJson(source));
      expect(exported.assets.map((a: { name: string }) => a.name)).toEqual(fleet.snapshot.assets.map((a) => a.name));
      expect(parseSnapshot(exported).ok).toBe(true);
    }
  });
});
