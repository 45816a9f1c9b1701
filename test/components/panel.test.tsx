// @vitest-environment happy-dom
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import { createDirectSource } from '../../core/source/direct-source';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { fixtureSnapshot, SECRET_ASSET_NAME } from './fixture';
import { pageHost } from '../support/panel-host';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  document.body.replaceChildren();
});

function mountPanel(context: Partial<PageContext> = {}, source = createDirectSource({ snapshot: fixtureSnapshot() })) {
  const host = document.createElement('div');
  document.body.append(host);
  handle = mount(host, { host: pageHost(source), context: { ...EMPTY_PAGE_CONTEXT, ...context } });
  const root = host.shadowRoot!;
  const panel = root.querySelector('.ai-panel') as HTMLElement;
  return { host, root, panel, ui: within(panel), source };
}

describe('Panel', () => {
  it('lives in a shadow root with its own stylesheet: isolated from the page both ways', () => {
    const { host, root } = mountPanel({ userId: 'u-tech' });
    const css = root.querySelector('style')!.textContent!;
    expect(css).toContain(':host { all: initial');
    expect(css).toContain('prefers-color-scheme: dark');
    expect(document.head.querySelector('style')).toBeNull();
    expect(host.children).toHaveLength(0);
  });

  it('tabs follow the ARIA pattern and arrow keys, Home and End move between them', async () => {
    const { ui, root } = mountPanel({ userId: 'u-tech' });
    const tabs = ui.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Who',
      'Assignable roles',
      'Project',
      'Assets',
      'Tickets',
      'Compare',
      'Explain & export',
      'View as',
      'History',
      'Sync',
    ]);
    expect(tabs.filter((t) => t.tabIndex === 0)).toHaveLength(1);
    const selected = () => ui.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')!;
    expect(selected().textContent).toBe('Who');
    selected().focus();
    fireEvent.keyDown(selected(), { key: 'ArrowRight' });
    await waitFor(() => expect(selected().textContent).toBe('Assignable roles'));
    await waitFor(() => expect(root.activeElement).toBe(selected()));
    fireEvent.keyDown(selected(), { key: 'End' });
    await waitFor(() => expect(selected().textContent).toBe('Sync'));
    fireEvent.keyDown(selected(), { key: 'ArrowRight' });
    await waitFor(() => expect(selected().textContent).toBe('Who'));
    fireEvent.keyDown(selected(), { key: 'ArrowLeft' });
    await waitFor(() => expect(selected().textContent).toBe('Sync'));
    fireEvent.keyDown(selected(), { key: 'Home' });
    await waitFor(() => expect(selected().textContent).toBe('Who'));
    const panel = ui.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(selected().id);
    expect(selected().getAttribute('aria-controls')).toBe(panel.id);
    await waitFor(() => expect(within(panel).getByRole('heading', { name: 'Tom Tech' })).toBeTruthy());
  });

  it('opens the tab that fits the page and follows single-page navigation', async () => {
    const { ui } = mountPanel({ adapterId: 'asset', userId: 'u-tech', assetDetailId: 'a-valve' });
    const selected = () => ui.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')!;
    expect(selected().textContent).toBe('Assets');
    await waitFor(() => expect(ui.getByRole('tabpanel').querySelector('.steps li.no')?.getAttribute('data-code')).toBe('NO_READABLE_TAG'));
    handle!.setContext({ ...EMPTY_PAGE_CONTEXT, adapterId: 'tickets', userId: 'u-tech', ticketIds: ['t-valve'] });
    await waitFor(() => expect(selected().textContent).toBe('Tickets'));
    await waitFor(() => expect(ui.getByRole('tabpanel').querySelector('[data-ticket-id="t-valve"]')).toBeTruthy());
    expect(ui.getByRole('tabpanel').textContent).not.toContain(SECRET_ASSET_NAME);
  });

  it('"Inspect as" finds users by name or e-mail by keyboard, and every view follows the inspected user', async () => {
    const { ui, panel } = mountPanel({ userId: 'u-tech' });
    await waitFor(() => expect(panel.querySelector('.inspecting strong')!.textContent).toBe('Tom Tech'));
    const input = ui.getByRole('combobox', { name: 'Inspect as' });
    fireEvent.input(input, { target: { value: 'quinn@' } });
    await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
    expect(ui.getByRole('option').textContent).toContain('Quinn Quote');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(panel.querySelector('.inspecting strong')!.textContent).toBe('Quinn Quote'));
    await waitFor(() => expect(within(ui.getByRole('tabpanel')).getByRole('heading', { name: 'Quinn Quote' })).toBeTruthy());
    expect(panel.querySelector('.inspecting')!.textContent).toContain('not the signed-in user');
    fireEvent.click(ui.getByRole('button', { name: 'Back to signed-in user' }));
    await waitFor(() => expect(panel.querySelector('.inspecting strong')!.textContent).toBe('Tom Tech'));
  });

  it('falls back to the source’s signed-in user when the page names none, and re-asks when the data changes', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot(), signedInUserId: 'u-admin' });
    const { panel } = mountPanel({}, source);
    await waitFor(() => expect(panel.querySelector('.inspecting strong')!.textContent).toBe('Ada Admin'));
    const renamed = fixtureSnapshot();
    renamed.users[0].name = 'Ada Renamed';
    source.setSnapshot(renamed);
    await waitFor(() => expect(panel.querySelector('.inspecting strong')!.textContent).toBe('Ada Renamed'));
  });

  it('unmount leaves the host empty', () => {
    const { root } = mountPanel({ userId: 'u-tech' });
    handle!.unmount();
    handle = null;
    expect(root.childNodes).toHaveLength(0);
  });
});
