// @vitest-environment happy-dom
// Issue 18 in the panel: "as of" a past moment for every view (set in the header, marked by a banner, one click back
// to now, a moment outside the history refused with the source's reason), the History view (the timeline with its
// causes, holes and assets; compare now with then; export), since when in an explanation, the history in Sync.
import { signal } from '@preact/signals';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import type { History } from '../../core/model/history';
import type { ProjectRole } from '../../core/model/snapshot';
import { createDirectSource } from '../../core/source/direct-source';
import { momentText } from '../../components/freshness';
import { localInputValue, momentPresets } from '../../components/panel/as-of';
import { PanelModel } from '../../components/panel/model';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { VIEWS } from '../../components/views';
import { CompareThen, HistoryView } from '../../components/views/HistoryView';
import { SyncView } from '../../components/views/SyncView';
import { pageHost } from '../support/panel-host';
import { fixtureSnapshot, SECRET_ASSET_NAME } from './fixture';
import { inPanel } from './in-panel';

const SINCE = '2026-11-01T00:00:00.000Z';
const ROLE_CHANGE = '2026-11-10T09:30:00.000Z';
const BEFORE_CHANGE = '2026-11-05T12:00:00.000Z';

/** The fixture, where on ROLE_CHANGE the admin gave «Pump reader» read on tag «valves»: Tom's valve was hidden before. */
function historySource(extra: Partial<History> = {}) {
  const snapshot = fixtureSnapshot();
  const i = snapshot.projectRoles.findIndex((r) => r.id === 'pr-pumps');
  const before: ProjectRole = structuredClone(snapshot.projectRoles[i]);
  const after: ProjectRole = { ...before, tags: [...before.tags, { tag: 'valves', read: true, write: false }] };
  snapshot.projectRoles[i] = after;
  const history: History = {
    since: SINCE,
    entries: [{ collection: 'projectRoles', key: 'pr-pumps', at: ROLE_CHANGE, author: 'u-admin', before, after }],
    gaps: [],
    ...extra,
  };
  return createDirectSource({ snapshot, history: { history, bytes: 4096, retention: { days: 30, megabytes: 64 } } });
}

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  cleanup();
  document.body.replaceChildren();
});

function mountPanel(context: Partial<PageContext>, source = historySource()) {
  const host = document.createElement('div');
  document.body.append(host);
  handle = mount(host, { host: pageHost(source), context: { ...EMPTY_PAGE_CONTEXT, ...context } });
  const panel = host.shadowRoot!.querySelector('.ai-panel') as HTMLElement;
  return { panel, ui: within(panel) };
}

/** The element once it is there (waitFor retries only on a throw). */
const found = (root: ParentNode, selector: string) =>
  waitFor(() => {
    const el = root.querySelector(selector);
    if (el === null) throw new Error(`nothing matches ${selector}`);
    return el as HTMLElement;
  });

const effectShown = (panel: HTMLElement) => panel.querySelector('.explanation .effect')?.textContent;

async function setMoment(ui: ReturnType<typeof within>, iso: string) {
  fireEvent.click(ui.getByRole('button', { name: 'As of a past moment…' }));
  fireEvent.input(ui.getByLabelText('Answers as of'), { target: { value: localInputValue(iso) } });
  fireEvent.click(ui.getByRole('button', { name: 'Show' }));
}

describe('as of a past moment, for every view', () => {
  it('answers as of the moment under a banner that says so, and one click goes back to now', async () => {
    const { panel, ui } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-valve', assetIds: ['a-valve'] });
    await waitFor(() => expect(effectShown(panel)).toBe('Read only'));
    await setMoment(ui, BEFORE_CHANGE);
    const banner = await found(panel, '[data-as-of-banner]');
    expect(banner.textContent).toContain(`Answers as of ${momentText(BEFORE_CHANGE)} — not now`);
    // The banner sits above the views' answers, and the Assets view answers as of then without code of its own.
    expect(banner.compareDocumentPosition(panel.querySelector('[role="tabpanel"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await waitFor(() => expect(effectShown(panel)).toBe('Hidden'));
    fireEvent.click(within(banner).getByRole('button', { name: 'Back to now' }));
    await waitFor(() => expect(effectShown(panel)).toBe('Read only'));
    expect(panel.querySelector('[data-as-of-banner]')).toBeNull();
  });

  it('takes a typed moment on Enter, without a form the page could make submit', async () => {
    const { panel, ui } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-valve', assetIds: ['a-valve'] });
    await waitFor(() => expect(effectShown(panel)).toBe('Read only'));
    fireEvent.click(ui.getByRole('button', { name: 'As of a past moment…' }));
    const field = ui.getByLabelText('Answers as of');
    fireEvent.input(field, { target: { value: localInputValue(BEFORE_CHANGE) } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await found(panel, '[data-as-of-banner]');
    await waitFor(() => expect(effectShown(panel)).toBe('Hidden'));
    expect(panel.querySelector('form')).toBeNull();
  });

  it('refuses a moment before the history starts with the source’s reason, and stays at now', async () => {
    const { panel, ui } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-valve' });
    await waitFor(() => expect(effectShown(panel)).toBe('Read only'));
    await setMoment(ui, '2026-10-20T08:00:00.000Z');
    const error = await found(panel, '[data-as-of-error]');
    expect(error.textContent).toContain(`Cannot answer as of ${momentText('2026-10-20T08:00:00.000Z')}`);
    expect(error.textContent).toContain(`the history starts at ${SINCE}`);
    expect(panel.querySelector('[data-as-of-banner]')).toBeNull();
    expect(effectShown(panel)).toBe('Read only');
  });

  it('refuses the panel’s one write while it answers as of a past moment, and sends it again at now', async () => {
    const assignRole = vi.fn(() => Promise.resolve({ ok: true as const, userName: 'Nina New', roleId: 'customer', verified: true }));
    const model = new PanelModel({
      host: { source: historySource(), actions: { assignRole } },
      views: VIEWS,
      context: signal({ ...EMPTY_PAGE_CONTEXT, userId: 'u-qm' }),
    });
    model.setAsOf(BEFORE_CHANGE);
    const refused = await model.actions.assignRole({ userId: 'u-new', roleId: 'customer' });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining(`as of ${momentText(BEFORE_CHANGE)}, not now`) });
    expect(assignRole).not.toHaveBeenCalled();
    model.setAsOf(null);
    expect(await model.actions.assignRole({ userId: 'u-new', roleId: 'customer' })).toMatchObject({ ok: true });
    expect(assignRole).toHaveBeenCalledTimes(1);
  });

  it('offers only the preset moments inside the history’s range, its start last', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(momentPresets('2026-12-02T00:00:00Z', now).map((p) => p.label)).toEqual(['1 hour ago', 'Yesterday', 'Start of the history']);
    expect(momentPresets('2026-11-01T00:00:00Z', now)).toContainEqual({ label: '30 days ago', at: '2026-11-05T12:00:00.000Z' });
    expect(momentPresets(null, now)).toEqual([]);
  });

  it('a preset moment applies at once and the header says where the history starts', async () => {
    const { panel, ui } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-valve' });
    fireEvent.click(ui.getByRole('button', { name: 'As of a past moment…' }));
    await waitFor(() =>
      expect(panel.querySelector('.as-of-form')!.textContent).toContain(`The history answers from ${momentText(SINCE)} to now`),
    );
    fireEvent.click(ui.getByRole('button', { name: 'Start of the history' }));
    await waitFor(() => expect(panel.querySelector('[data-as-of-banner]')!.textContent).toContain(momentText(SINCE)));
    await waitFor(() => expect(effectShown(panel)).toBe('Hidden'));
  });
});

describe('History view', () => {
  it('names the role change as the cause of the assets gained, with its time and author, and lists the assets', async () => {
    render(inPanel(<HistoryView />, { source: historySource(), userId: 'u-tech' }));
    const event = await found(document, `[data-event-at="${ROLE_CHANGE}"]`);
    expect(event.querySelector('time')!.textContent).toBe(momentText(ROLE_CHANGE));
    expect(event.textContent).toContain('role «Pump reader» got read on tag «valves» (by Ada Admin)');
    expect(event.querySelector('.effects')!.textContent).toMatch(/→ .*1 asset/);
    fireEvent.click(within(event).getByRole('button', { name: /Show the assets \(1 gained, 0 lost\)/ }));
    const asset = await found(event, '[data-asset-id="a-valve"]');
    await waitFor(() => expect(asset.textContent).toContain(SECRET_ASSET_NAME));
    expect(asset.textContent).toContain('now read');
    expect(event.querySelector('[data-from="hidden"][data-to="read"]')).toBeTruthy();
  });

  it('shows a hole in the history where it lies among the events, and says no cause is claimed in it', async () => {
    const gap = { from: '2026-11-03T00:00:00.000Z', to: '2026-11-03T06:00:00.000Z', reason: 'cursor expired (410), full resync' };
    render(inPanel(<HistoryView />, { source: historySource({ gaps: [gap] }), userId: 'u-tech' }));
    const hole = await found(document, '.timeline [data-gap]');
    expect(hole.textContent).toContain(`Hole in the history from ${momentText(gap.from)} to ${momentText(gap.to)}`);
    expect(hole.textContent).toContain('cursor expired');
    // Newest first: the change of Nov 10 above the hole of Nov 3.
    const items = [...document.querySelectorAll('.timeline > li')];
    expect(items.map((li) => (li.hasAttribute('data-gap') ? 'gap' : 'event'))).toEqual(['event', 'gap']);
  });

  it('narrows the timeline to a period: the last 24 hours hold no change, a from–to around the change shows it', async () => {
    render(inPanel(<HistoryView />, { source: historySource(), userId: 'u-tech' }));
    await found(document, `[data-event-at="${ROLE_CHANGE}"]`);
    const choose = (value: string) => fireEvent.change(document.querySelector('[data-period]')!, { target: { value } });
    choose('day');
    await screen.findByText("No change of this user's access to assets is recorded in this period.");
    choose('custom');
    fireEvent.change(document.querySelector('[data-period-from]')!, { target: { value: localInputValue('2026-11-09T00:00:00.000Z') } });
    fireEvent.change(document.querySelector('[data-period-to]')!, { target: { value: localInputValue('2026-11-11T00:00:00.000Z') } });
    await found(document, `[data-event-at="${ROLE_CHANGE}"]`);
    expect(screen.getByText(/Access changes of/).nextElementSibling!.textContent).toContain(momentText('2026-11-09T00:00:00.000Z'));
    // A reversed period is refused with its reason, not asked.
    fireEvent.change(document.querySelector('[data-period-from]')!, { target: { value: localInputValue('2026-11-12T00:00:00.000Z') } });
    await screen.findByText(/"To" is earlier than "From"/);
  });

  it('compares now with a past moment: the assets gained, grouped by the change that caused them', async () => {
    render(inPanel(<HistoryView />, { source: historySource(), userId: 'u-tech', idPrefix: 'h' }));
    await screen.findByText(/Access changes of/);
    fireEvent.input(screen.getByLabelText('Then'), { target: { value: localInputValue(BEFORE_CHANGE) } });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const result = await found(document, '[data-comparison]');
    expect(result.textContent).toContain(`Since ${momentText(BEFORE_CHANGE)}: 1 asset gained, 0 assets lost.`);
    const gained = result.querySelector('[data-then-now="gained"] li')!;
    expect(gained.textContent).toContain('role «Pump reader» got read on tag «valves»');
    expect(gained.textContent).toContain(momentText(ROLE_CHANGE));
    expect(result.querySelector('[data-then-now="lost"]')).toBeNull();
  });

  it('compares a role now with then: each holder whose assets moved, with the change that moved them', async () => {
    render(inPanel(<CompareThen subject={{ roleId: 'pr-pumps' }} />, { source: historySource(), idPrefix: 'r' }));
    fireEvent.input(screen.getByLabelText('Then'), { target: { value: localInputValue(BEFORE_CHANGE) } });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const result = await found(document, '[data-comparison]');
    expect(result.textContent).toContain('role «Pump reader» moved');
    const tom = result.querySelector('[data-holder="u-tech"]')!;
    expect(tom.querySelector('h4')!.textContent).toBe('Tom Tech: 1 asset gained, 0 assets lost');
    expect(tom.querySelector('[data-then-now="gained"]')!.textContent).toContain('role «Pump reader» got read on tag «valves»');
    expect([...result.querySelectorAll('[data-holder]')].map((h) => h.getAttribute('data-holder'))).toContain('u-cust');
  });

  it('copies the timeline as Markdown for a ticket and downloads it as CSV', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const created: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (created.push(blob as Blob), 'blob:timeline'));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      render(inPanel(<HistoryView />, { source: historySource(), userId: 'u-tech' }));
      fireEvent.click(await screen.findByRole('button', { name: 'Copy Markdown' }));
      await screen.findByText('Markdown copied.');
      expect(String((writeText.mock.calls[0] as unknown[])[0])).toContain('Pump reader');
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
      await screen.findByText(/^Downloaded .*\.csv\.$/);
      expect(click).toHaveBeenCalledTimes(1);
      const csv = await created[0].text();
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain('Pump reader');
    } finally {
      createObjectURL.mockRestore();
      click.mockRestore();
    }
  });
});

describe('since when, in the asset explanation', () => {
  it('says since when the effect holds and which change made it so; nothing of it while answering as of a past moment', async () => {
    const { panel, ui } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-valve' });
    const line = await found(panel, '[data-since-when]');
    expect(line.getAttribute('data-since-when')).toBe('CHANGED');
    expect(line.textContent).toMatch(
      new RegExp(`^Read only since ${momentText(ROLE_CHANGE)} — role «Pump reader» got read on tag «valves» \\(by Ada Admin\\)`),
    );
    await setMoment(ui, BEFORE_CHANGE);
    await waitFor(() => expect(effectShown(panel)).toBe('Hidden'));
    expect(panel.querySelector('[data-since-when]')).toBeNull();
  });

  it('a pump Tom read before the history started says so', async () => {
    const { panel } = mountPanel({ userId: 'u-tech', adapterId: 'asset', assetDetailId: 'a-pump' });
    const line = await found(panel, '[data-since-when]');
    expect(line.getAttribute('data-since-when')).toBe('BEFORE_HISTORY');
    expect(line.textContent).toContain(`since before the history starts (${momentText(SINCE)})`);
  });
});

describe('Sync view', () => {
  it('shows the history’s size, retention, range and holes', async () => {
    const gap = { from: '2026-11-03T00:00:00.000Z', to: '2026-11-03T06:00:00.000Z', reason: 'cursor expired (410), full resync' };
    render(inPanel(<SyncView />, { source: historySource({ gaps: [gap] }) }));
    const facts = await found(document, '[data-history-status] .facts');
    expect(facts.textContent).toContain('1 change, 4 kB');
    expect(facts.textContent).toContain('30 days, at most 64 MB');
    expect(facts.textContent).toContain(momentText(SINCE));
    expect(facts.textContent).toContain(`${momentText(ROLE_CHANGE)} to ${momentText(ROLE_CHANGE)}`);
    expect(document.querySelector('[data-history-status] [data-gap]')!.textContent).toContain('cursor expired');
  });
});
