// @vitest-environment happy-dom
// The journeys in the mounted panel: the draft-role editor normalises per R2 as it is clicked and the compare summary
// it produces is diffAccess's; Verify assigns through the platform's endpoint (the demo's own route handler) and the
// synced change empties the queue, while a refusal shows the platform's reasons; the invitation helper shows R7.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX } from '../../core/api/contract';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import { compileFleet, diffAccess, invitation } from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { adminApiRoutes } from '../../demo/api-admin';
import { DemoState } from '../../demo/state';
import { FeedStore } from '../../demo/store';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import { Panel } from '../../components/panel/Panel';
import { PanelModel } from '../../components/panel/model';
import { VIEWS } from '../../components/views';
import { createPlatformActions, type PlatformActions } from '../../components/platform-actions';
import { signal } from '@preact/signals';
import { render } from 'preact';
import { fixtureSnapshot } from '../components/fixture';

let host: HTMLElement | null = null;
afterEach(() => {
  if (host) render(null, host);
  host = null;
  document.body.replaceChildren();
});

function mountPanel(context: Partial<PageContext>, source: EngineSource, actions?: PlatformActions) {
  host = document.createElement('div');
  document.body.append(host);
  const model = new PanelModel({
    host: { source, actions: actions ?? createPlatformActions() },
    views: VIEWS,
    context: signal({ ...EMPTY_PAGE_CONTEXT, ...context }),
  });
  render(<Panel model={model} />, host);
  const panel = host.querySelector('.ai-panel') as HTMLElement;
  return { panel, ui: within(panel) };
}

/** The element once it is there (waitFor retries while this throws). */
function present(root: ParentNode, selector: string): HTMLElement {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`${selector} is not there yet`);
  return el as HTMLElement;
}

const tab = (ui: ReturnType<typeof within>, name: string) => fireEvent.click(ui.getByRole('tab', { name }));

describe('draft role editor in Compare', () => {
  it('turns read on with write and write off with read (R2), and the summary is diffAccess of that draft', async () => {
    const snapshot = fixtureSnapshot();
    const source = createDirectSource({ snapshot });
    const { ui, panel } = mountPanel({ userId: 'u-tech' }, source);
    tab(ui, 'Compare');
    fireEvent.click(ui.getByLabelText('A draft role'));
    const editor = await waitFor(() => present(panel, '[data-draft-editor]'));
    const e = within(editor);
    const read = e.getByLabelText('Assets › Assets: read') as HTMLInputElement;
    const write = e.getByLabelText('Assets › Assets: write') as HTMLInputElement;
    expect([read.checked, write.checked]).toEqual([false, false]);
    fireEvent.click(write);
    await waitFor(() => expect([read.checked, write.checked]).toEqual([true, true]));
    fireEvent.click(read);
    await waitFor(() => expect([read.checked, write.checked]).toEqual([false, false]));
    fireEvent.click(write);
    fireEvent.click(e.getByLabelText(/\[L\] Assets/));
    fireEvent.input(e.getByLabelText('Add tag'), { target: { value: 'valves' } });
    fireEvent.click(e.getByRole('button', { name: 'Add with read' }));
    const tagWrite = (await waitFor(() => e.getByLabelText('Tag valves: write'))) as HTMLInputElement;
    fireEvent.click(tagWrite);
    await waitFor(() => expect((e.getByLabelText('Tag valves: read') as HTMLInputElement).checked).toBe(true));

    const draft = {
      id: 'draft',
      name: 'Draft role',
      location: null,
      expertMode: false,
      fullAccessUntagged: false,
      tags: [{ tag: 'valves', read: true, write: true }],
      features: { assets: { enabled: true, functions: { assets: { read: true, write: true } } } },
    };
    const d = diffAccess(compileFleet(snapshot), 'u-tech', { asDraftRole: draft });
    expect(d.changes.length).toBeGreaterThan(0);
    await waitFor(() => expect(panel.querySelector('[data-compare-assets] strong')?.textContent).toBe(String(d.changes.length)), {
      timeout: 3000,
    });
    fireEvent.click(ui.getByRole('button', { name: 'Show all changed assets' }));
    await waitFor(() =>
      expect([...panel.querySelectorAll('[data-change-list] li')].map((li) => li.getAttribute('data-asset-id'))).toEqual(
        d.changes.map((c) => c.assetId),
      ),
    );
  });
});

/** The demo platform's role endpoint, answering the panel's fetches in-process, as the signed-in Quote Manager. */
function platform(snapshot: Snapshot) {
  const state = new DemoState(new FeedStore(snapshot));
  const app = new Hono();
  app.route(API_PREFIX, adminApiRoutes(state));
  const key = Object.entries(state.apiKeys).find(([, id]) => id === 'u-qm')![0];
  const actions = createPlatformActions({
    apiBase: 'http://platform.test',
    fetch: async (input, init) =>
      app.request(String(input).replace('http://platform.test', ''), {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), [API_KEY_HEADER]: key },
      }),
  });
  // "Sync": the source takes the platform's current data.
  const source = createDirectSource({ snapshot, onRefresh: async () => (source.setSnapshot(state.store.snapshot()), true) });
  return { state, actions, source };
}

describe('Verify', () => {
  it('verifies a registrant with the suggested role through the platform, and the synced change leaves the queue empty', async () => {
    const { state, actions, source } = platform(fixtureSnapshot());
    const { ui, panel } = mountPanel({ adapterId: 'registrations', userId: 'u-qm', registrantIds: ['u-new'] }, source, actions);
    await waitFor(() => expect(ui.getByRole('tab', { selected: true }).textContent).toBe('Verify'));
    const item = await waitFor(() => present(panel, '[data-registrant-id="u-new"]'));
    expect(item.textContent).toContain('Acme Foods');
    expect(item.querySelector('[data-suggested-role]')!.getAttribute('data-suggested-role')).toBe('customer');
    // Why not the other roles: every denied role with its reasons.
    await waitFor(() => expect(item.querySelector('details [data-role-id="pcInternal"]')?.textContent).toContain('above'));
    fireEvent.click(within(item).getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(panel.querySelector('[data-registrant-id="u-new"]')).toBeNull());
    expect(state.store.get('users', 'u-new')).toMatchObject({ systemRoleId: 'customer', status: 'active' });
    expect(panel.textContent).toContain('Nina New is verified as Customer.');
    expect(panel.querySelector('[data-verify-empty]')).not.toBeNull();
  });

  it('shows the platform’s refusal with its reasons when the registrant was verified meanwhile', async () => {
    const { state, actions, source } = platform(fixtureSnapshot());
    const { panel } = mountPanel({ adapterId: 'registrations', userId: 'u-qm' }, source, actions);
    const item = await waitFor(() => present(panel, '[data-registrant-id="u-new"]'));
    // Someone else verifies first (the panel's cache has not synced that yet).
    state.store.put('users', { ...(state.store.get('users', 'u-new') as object), systemRoleId: 'customer', status: 'active' });
    fireEvent.click(within(item).getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(item.querySelector('[data-verify-error]')?.textContent).toContain('already verified'));
  });

  it('is read-only while inspecting someone other than the signed-in user', async () => {
    const { actions, source } = platform(fixtureSnapshot());
    const { panel, ui } = mountPanel({ adapterId: 'registrations', userId: 'u-cust' }, source, actions);
    await waitFor(() => expect(panel.querySelector('[data-verify-empty]')?.textContent).toContain('Only active Quote Managers'));
    expect(ui.queryByRole('button', { name: 'Verify' })).toBeNull();
  });
});

describe('invitation helper', () => {
  it('shows the default role, the alternatives and why not the others, as R7 decides', async () => {
    const snapshot = fixtureSnapshot();
    const source = createDirectSource({ snapshot });
    const { ui, panel } = mountPanel({ adapterId: 'users', userId: 'u-qm' }, source);
    await waitFor(() => expect(ui.getByRole('tab', { selected: true }).textContent).toBe('Invite'));
    const select = (await waitFor(() => ui.getByLabelText('Organization'))) as HTMLSelectElement;
    await waitFor(() => expect(select.querySelectorAll('option').length).toBe(4));
    fireEvent.change(select, { target: { value: 'org-cc' } });
    const expected = invitation(compileFleet(snapshot), 'u-qm', 'org-cc');
    await waitFor(() =>
      expect(panel.querySelector('[data-default-role]')?.getAttribute('data-default-role')).toBe(expected.defaultRoleId ?? ''),
    );
    expect([...panel.querySelectorAll('[data-allowed-roles] li')].map((li) => li.getAttribute('data-role-id'))).toEqual(
      expected.allowedRoleIds,
    );
    const denied = [...panel.querySelectorAll('[data-denied-roles] li')].map((li) => li.getAttribute('data-role-id'));
    expect(denied).toEqual(
      expected.reasons
        .filter((r) => r.roleId !== null && r.code !== 'INVITE_DEFAULT_INVITER_ROLE' && !expected.allowedRoleIds.includes(r.roleId))
        .map((r) => r.roleId)
        .filter((id, i, all) => all.indexOf(id) === i),
    );
    // An organization outside the scope blocks the invitation as a whole.
    fireEvent.change(select, { target: { value: 'org-g' } });
    await waitFor(() => expect(panel.querySelector('[data-invitation] [data-code="TARGET_OUT_OF_SCOPE"]')).not.toBeNull());
  });
});

describe('View as, in the panel', () => {
  it('follows the inspected user, stays on across tabs, and leaves the page as it was when the panel goes', async () => {
    // A page with the platform's markers: two asset rows and a menu.
    const page = document.createElement('main');
    for (const id of ['a-pump', 'a-valve', 'a-depot']) {
      const row = document.createElement('div');
      row.setAttribute('data-ai-asset-id', id);
      row.textContent = id;
      page.append(row);
    }
    document.body.setAttribute('data-ai-page', 'fleet');
    document.body.append(page);
    const before = document.body.innerHTML;
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const { ui, panel } = mountPanel({ adapterId: 'fleet', userId: 'u-tech', assetIds: ['a-pump', 'a-valve', 'a-depot'] }, source);
    tab(ui, 'View as');
    fireEvent.click(await waitFor(() => present(panel, '[data-overlay-toggle]')));
    const mark = (id: string) => page.querySelector(`[data-ai-asset-id="${id}"]`)!.getAttribute('data-ai-overlay');
    // Tom Tech reads pumps only (and has no role in Depot Two).
    await waitFor(() => expect([mark('a-pump'), mark('a-valve'), mark('a-depot')]).toEqual([null, 'dim', 'dim']));
    tab(ui, 'Who');
    const input = ui.getByRole('combobox', { name: 'Inspect as' });
    fireEvent.input(input, { target: { value: 'quinn@' } });
    await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.keyDown(input, { key: 'Enter' });
    // Quinn (Operations in both projects, no tag restriction) sees all three.
    await waitFor(() => expect([mark('a-pump'), mark('a-valve'), mark('a-depot')]).toEqual([null, null, null]));
    expect(document.querySelector('[data-ai-overlay-banner]')!.shadowRoot!.textContent).toContain('Quinn Quote');
    render(null, host!);
    host!.remove();
    host = null;
    expect(document.body.innerHTML).toBe(before);
  });
});
