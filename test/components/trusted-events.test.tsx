// @vitest-environment happy-dom
// On a platform page the panel is mounted with trustedEventsOnly: events a script dispatches (isTrusted false, as
// every event fired here is) reach none of its controls. Mounted without it, as the unit tests do, the same events
// work — so the guard, not the test, is what stops them.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT } from '../../core/adapters/types';
import { createDirectSource } from '../../core/source/direct-source';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { fixtureSnapshot } from './fixture';
import { pageHost } from '../support/panel-host';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  document.body.replaceChildren();
});

function mountPanel(trustedEventsOnly: boolean) {
  const host = document.createElement('div');
  document.body.append(host);
  handle = mount(host, {
    host: pageHost(createDirectSource({ snapshot: fixtureSnapshot() })),
    context: { ...EMPTY_PAGE_CONTEXT, userId: 'u-tech' },
    trustedEventsOnly,
  });
  const panel = host.shadowRoot!.querySelector('.ai-panel') as HTMLElement;
  return within(panel);
}

const selectedTab = (ui: ReturnType<typeof mountPanel>) =>
  ui.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')!.textContent;

describe('the panel on a platform page obeys trusted events only', () => {
  it('a synthetic click does not switch tabs, and synthetic typing finds no user', async () => {
    const ui = mountPanel(true);
    fireEvent.click(ui.getByRole('tab', { name: 'Sync' }));
    const search = ui.getByRole('combobox', { name: 'Inspect as' });
    fireEvent.input(search, { target: { value: 'a' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(selectedTab(ui)).toBe('Who');
    expect(ui.queryAllByRole('option')).toHaveLength(0);
  });

  it('without the guard the same events switch the tab and find users (the control)', async () => {
    const ui = mountPanel(false);
    fireEvent.click(ui.getByRole('tab', { name: 'Sync' }));
    await waitFor(() => expect(selectedTab(ui)).toBe('Sync'));
    fireEvent.input(ui.getByRole('combobox', { name: 'Inspect as' }), { target: { value: 'a' } });
    await waitFor(() => expect(ui.queryAllByRole('option').length).toBeGreaterThan(0));
  });
});
