// @vitest-environment happy-dom
// The panel's context from outside: what it reports as its memory, given back at mount, brings back the inspected
// user, the compared user and the tab ("Back to signed-in user" forgets the pick); a badge's request opens an asset.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT } from '../../core/adapters/types';
import { createDirectSource } from '../../core/source/direct-source';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { EMPTY_PANEL_MEMORY, parsePanelMemory, type PanelMemory } from '../../components/panel/panel-memory';
import { fixtureSnapshot } from './fixture';
import { pageHost } from '../support/panel-host';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  document.body.replaceChildren();
});

function mountPanel(memory: PanelMemory | undefined, seen: Omit<PanelMemory, 'open'>[]) {
  const host = document.createElement('div');
  document.body.append(host);
  handle = mount(host, {
    host: pageHost(createDirectSource({ snapshot: fixtureSnapshot() })),
    context: { ...EMPTY_PAGE_CONTEXT, adapterId: 'fleet', userId: 'u-admin' },
    memory,
    onMemoryChange: (m) => seen.push(m),
  });
  return within(host.shadowRoot!.querySelector('.ai-panel') as HTMLElement);
}

const selectedTab = (ui: { getAllByRole: (role: string) => HTMLElement[] }) =>
  ui.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')!.textContent;

describe('panel memory', () => {
  it('reports the pick, the tab and the compared user, and restores all three at the next mount', async () => {
    const seen: Omit<PanelMemory, 'open'>[] = [];
    let ui = mountPanel(undefined, seen);
    await waitFor(() => expect(ui.getByText('Ada Admin', { selector: '.inspecting strong' })).toBeTruthy());
    fireEvent.input(ui.getByRole('combobox', { name: 'Inspect as' }), { target: { value: 'cora' } });
    fireEvent.mouseDown(await ui.findByRole('option', { name: /Cora Customer/ }));
    fireEvent.click(ui.getByRole('tab', { name: 'Compare' }));
    fireEvent.input(ui.getByRole('combobox', { name: 'Other user' }), { target: { value: 'tom@' } });
    fireEvent.mouseDown(await ui.findByRole('option', { name: /Tom Tech/ }));
    await waitFor(() =>
      expect(seen.at(-1)).toEqual({ inspectUserId: 'u-cust', tab: 'compare', tabPageKind: 'fleet', compareUserId: 'u-tech' }),
    );

    handle!.unmount();
    document.body.replaceChildren();
    ui = mountPanel({ ...seen.at(-1)!, open: true }, []);
    await waitFor(() => expect(ui.getByText('Cora Customer', { selector: '.inspecting strong' })).toBeTruthy());
    expect(selectedTab(ui)).toBe('Compare');
    await waitFor(() => expect(ui.getByText('Tom Tech', { selector: 'strong' })).toBeTruthy());
  });

  it('"Back to signed-in user" forgets the remembered pick', async () => {
    const seen: Omit<PanelMemory, 'open'>[] = [];
    const ui = mountPanel({ ...EMPTY_PANEL_MEMORY, open: true, inspectUserId: 'u-cust' }, seen);
    await waitFor(() => expect(ui.getByText('Cora Customer', { selector: '.inspecting strong' })).toBeTruthy());
    fireEvent.click(ui.getByRole('button', { name: 'Back to signed-in user' }));
    await waitFor(() => expect(ui.getByText('Ada Admin', { selector: '.inspecting strong' })).toBeTruthy());
    expect(seen.at(-1)?.inspectUserId).toBeNull();
  });

  it('a remembered tab belongs to its kind of page: another kind opens its own tab', async () => {
    const ui = mountPanel({ ...EMPTY_PANEL_MEMORY, open: true, tab: 'compare', tabPageKind: 'tickets' }, []);
    expect(selectedTab(ui)).toBe('Assets');
  });

  it('refuses anything that is not a memory', () => {
    expect(parsePanelMemory({ ...EMPTY_PANEL_MEMORY, inspectUserId: 'u-1' })).toEqual({ ...EMPTY_PANEL_MEMORY, inspectUserId: 'u-1' });
    expect(parsePanelMemory({ open: 'yes' })).toBeNull();
    expect(parsePanelMemory({ ...EMPTY_PANEL_MEMORY, inspectUserId: 42 })).toBeNull();
    expect(parsePanelMemory({ ...EMPTY_PANEL_MEMORY, tab: 'x'.repeat(500) })).toBeNull();
    expect(parsePanelMemory([])).toBeNull();
  });

  it('a request to explain an asset (a badge) opens the Assets tab on it, for the requested user when given', async () => {
    const ui = mountPanel(undefined, []);
    await waitFor(() => expect(ui.getByText('Ada Admin', { selector: '.inspecting strong' })).toBeTruthy());
    fireEvent.click(ui.getByRole('tab', { name: 'Who' }));
    handle!.explainAsset('a-valve', 'u-tech');
    await waitFor(() => expect(selectedTab(ui)).toBe('Assets'));
    await waitFor(() => expect(ui.getByText('Tom Tech', { selector: '.inspecting strong' })).toBeTruthy());
    await waitFor(() =>
      expect(document.body.querySelector('div')!.shadowRoot!.querySelector('.explanation')!.getAttribute('data-asset-id')).toBe('a-valve'),
    );
    handle!.explainAsset('a-pump');
    await waitFor(() =>
      expect(document.body.querySelector('div')!.shadowRoot!.querySelector('.explanation')!.getAttribute('data-asset-id')).toBe('a-pump'),
    );
  });

  it('who can see the asset: counts per effect, groups by reason, a search, and "Explain for this user" inspects as them', async () => {
    const ui = mountPanel(undefined, []);
    const root = document.body.querySelector('div')!.shadowRoot!;
    await waitFor(() => expect(ui.getByText('Ada Admin', { selector: '.inspecting strong' })).toBeTruthy());
    handle!.explainAsset('a-pump');
    fireEvent.click(await ui.findByRole('button', { name: 'Who can see this asset?' }));
    await waitFor(() => expect(root.querySelector('[data-who-can-see-counts]')).not.toBeNull());
    const count = (e: string) => Number(root.querySelector(`[data-count="${e}"]`)!.textContent);
    expect(count('full') + count('read') + count('hidden')).toBe(5);
    expect(root.querySelector('[data-effect-group="full"] [data-user-id="u-admin"]')).not.toBeNull();
    expect(root.querySelector('[data-effect-group="hidden"] [data-user-id="u-new"]')!.closest('.audience-group')!.textContent).toContain(
      'pending verification',
    );
    fireEvent.input(ui.getByRole('searchbox', { name: 'Find a user' }), { target: { value: 'tom@' } });
    await waitFor(() => expect(root.querySelectorAll('.who-can-see [data-user-id]')).toHaveLength(1));
    fireEvent.click(ui.getByRole('button', { name: 'Explain for Tom Tech' }));
    await waitFor(() => expect(ui.getByText('Tom Tech', { selector: '.inspecting strong' })).toBeTruthy());
    expect(root.querySelector('.explanation')!.getAttribute('data-asset-id')).toBe('a-pump');
  });

  it('an out-of-scope explanation lists what else blocks ("also:") and says a whole fix needs it', async () => {
    const ui = mountPanel(undefined, []);
    const root = document.body.querySelector('div')!.shadowRoot!;
    await waitFor(() => expect(ui.getByText('Ada Admin', { selector: '.inspecting strong' })).toBeTruthy());
    handle!.explainAsset('a-depot', 'u-cust');
    await waitFor(() => expect(root.querySelector('[data-also-blocking]')).not.toBeNull());
    expect([...root.querySelectorAll('[data-also-blocking] li')].map((li) => li.textContent)).toEqual([
      'also: no project role in «Depot Two»',
    ]);
    expect(root.querySelector('.explanation')!.textContent).toContain(
      'a whole fix needs the failing step fixed and everything listed under "also"',
    );
  });
});
