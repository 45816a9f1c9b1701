// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createBadges, type BadgeController } from '../../components/badges';
import { BADGE_ATTR } from '../../components/overlay/selectors';
import { createDirectSource } from '../../core/source/direct-source';
import { explainAsset } from '../engine/worded';
import { compileFleet } from '../../core/engine/fleet';
import { fixtureSnapshot } from './fixture';

let badges: BadgeController | null = null;
afterEach(() => {
  badges?.destroy();
  badges = null;
  document.body.replaceChildren();
  document.head.replaceChildren();
});

function fleetPage(ids: string[]): HTMLTableSectionElement {
  const table = document.createElement('table');
  const tbody = document.createElement('tbody');
  for (const id of ids) tbody.append(assetRow(id));
  table.append(tbody);
  document.body.append(table);
  return tbody;
}

function assetRow(id: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.setAttribute('data-ai-asset-id', id);
  const td = document.createElement('td');
  const a = document.createElement('a');
  a.setAttribute('data-ai-asset-name-of', id);
  a.textContent = `Name of ${id}`;
  td.append(a);
  tr.append(td);
  return tr;
}

const badgeOf = (row: Element) => {
  const host = row.querySelector(`[${BADGE_ATTR}]`) as HTMLElement | null;
  const label = host?.shadowRoot?.querySelector('button') as HTMLElement | undefined;
  return label ? { text: label.textContent, title: label.title, host } : null;
};

describe('badges', () => {
  it('puts a full/read/hidden badge beside every asset row, with the first reason as tooltip', async () => {
    const snapshot = fixtureSnapshot();
    const tbody = fleetPage(['a-pump', 'a-valve', 'a-depot']);
    badges = createBadges(document, createDirectSource({ snapshot }), 'u-tech');
    await badges.settled();
    const [pump, valve, depot] = [...tbody.querySelectorAll('tr')].map(badgeOf);
    expect(pump!.text).toBe('read');
    expect(valve!.text).toBe('hidden');
    expect(depot!.text).toBe('hidden');
    const failing = explainAsset(compileFleet(snapshot), 'u-tech', 'a-valve').steps.find((s) => !s.ok)!;
    expect(valve!.title).toContain(failing.message);
    // The badge sits right after the asset's name, inside the row.
    expect(tbody.querySelectorAll('tr')[0].querySelector('a')!.nextElementSibling).toBe(pump!.host);
  });

  it('a badge is a button that asks to open its asset’s explanation — on a person’s click only, and never follows the row’s link', async () => {
    const tbody = fleetPage(['a-pump']);
    const opened: string[] = [];
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech', { onOpen: (id) => opened.push(id) });
    await badges.settled();
    const button = tbody.querySelector(`[${BADGE_ATTR}]`)!.shadowRoot!.querySelector('button')!;
    expect(button.type).toBe('button');
    expect(button.getAttribute('aria-label')).toMatch(/^Access Inspector: .*Open the explanation\.$/);
    let rowClicks = 0;
    tbody.addEventListener('click', () => rowClicks++);
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    button.dispatchEvent(click);
    // A script's click is not trusted: nothing opens, and the row's own handlers never see the badge's click.
    expect(opened).toEqual([]);
    expect(rowClicks).toBe(0);
    expect(click.defaultPrevented).toBe(true);
  });

  it('after destroy, a refresh or a new user adds no badge again', async () => {
    const tbody = fleetPage(['a-pump']);
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    badges.destroy();
    badges.refresh();
    badges.setUser('u-admin');
    await new Promise((r) => setTimeout(r, 0));
    expect(tbody.querySelector(`[${BADGE_ATTR}]`)).toBeNull();
  });

  it('styles live in each badge’s own shadow root, not in the page', async () => {
    fleetPage(['a-pump']);
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    const host = document.querySelector(`[${BADGE_ATTR}]`)!;
    expect(host.shadowRoot!.querySelector('style')!.textContent).toContain(':host { all: initial');
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });

  it('badges rows added later and drops the badges of removed rows', async () => {
    const tbody = fleetPage(['a-pump']);
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    tbody.append(assetRow('a-valve'));
    await badges.settled();
    expect(badgeOf(tbody.querySelectorAll('tr')[1])!.text).toBe('hidden');
    // A single-page app replaces the whole list.
    tbody.replaceChildren(assetRow('a-depot'), assetRow('a-hostile'));
    await badges.settled();
    expect([...tbody.querySelectorAll('tr')].map((r) => badgeOf(r)!.text)).toEqual(['hidden', 'read']);
    expect(document.querySelectorAll(`[${BADGE_ATTR}]`)).toHaveLength(2);
  });

  it('follows the inspected user and marks assets the cache does not hold', async () => {
    const tbody = fleetPage(['a-valve', 'a-unknown']);
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    expect(badgeOf(tbody.querySelectorAll('tr')[0])!.text).toBe('hidden');
    expect(badgeOf(tbody.querySelectorAll('tr')[1])!.text).toBe('?');
    badges.setUser('u-admin');
    await badges.settled();
    expect(badgeOf(tbody.querySelectorAll('tr')[0])!.text).toBe('full');
  });

  it('inline rows (a ticket’s asset link) get the badge after them, not inside the link', async () => {
    const link = document.createElement('a');
    link.setAttribute('data-ai-asset-id', 'a-pump');
    link.setAttribute('data-ai-asset-name-of', 'a-pump');
    link.textContent = 'Pump P-7';
    const cell = document.createElement('p');
    cell.append(link);
    document.body.append(cell);
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    expect(link.children).toHaveLength(0);
    expect(link.nextElementSibling!.hasAttribute(BADGE_ATTR)).toBe(true);
    link.remove();
    await badges.settled();
    expect(document.querySelectorAll(`[${BADGE_ATTR}]`)).toHaveLength(0);
  });

  it('destroy removes every badge and stops watching', async () => {
    const tbody = fleetPage(['a-pump', 'a-valve']);
    const before = document.body.innerHTML;
    badges = createBadges(document, createDirectSource({ snapshot: fixtureSnapshot() }), 'u-tech');
    await badges.settled();
    expect(document.querySelectorAll(`[${BADGE_ATTR}]`)).toHaveLength(2);
    badges.destroy();
    expect(document.body.innerHTML).toBe(before);
    tbody.append(assetRow('a-depot'));
    await new Promise((r) => setTimeout(r, 10));
    expect(document.querySelectorAll(`[${BADGE_ATTR}]`)).toHaveLength(0);
  });
});
