// @vitest-environment happy-dom
// Flips with their blast radius: a role edit says what it changes for every holder of the role, a new membership
// that only this user changes and by how much; either opens in Compare with one click.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_PAGE_CONTEXT } from '../../core/adapters/types';
import { compileFleet, diffAccess, explainAsset } from '../../core/engine';
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

function panelOn(assetId: string, userId: string) {
  const host = document.createElement('div');
  document.body.append(host);
  handle = mount(host, {
    host: pageHost(createDirectSource({ snapshot: fixtureSnapshot() })),
    context: { ...EMPTY_PAGE_CONTEXT, adapterId: 'fleet', userId: 'u-admin' },
  });
  handle.explainAsset(assetId, userId);
  const root = host.shadowRoot!;
  return { root, ui: within(root.querySelector('.ai-panel') as HTMLElement) };
}

describe('flip blast radius', () => {
  it('a role edit names every holder’s change and opens as a draft role in Compare', async () => {
    const fleet = compileFleet(fixtureSnapshot());
    const flips = explainAsset(fleet, 'u-tech', 'a-valve').flips;
    const i = flips.findIndex((f) => f.edit.object === 'projectRole');
    expect(i).toBeGreaterThanOrEqual(0);
    const { root, ui } = panelOn('a-valve', 'u-tech');
    await waitFor(() => expect(root.querySelector(`[data-flip-radius="${i}"] button`)).not.toBeNull());
    fireEvent.click(root.querySelector(`[data-flip-radius="${i}"] button`)!);
    await waitFor(() => expect(root.querySelector(`[data-flip-radius="${i}"] [data-reach="role"]`)).not.toBeNull());
    expect(root.querySelector(`[data-flip-radius="${i}"] [data-reach]`)!.textContent).toMatch(/^Every holder of .+: /);
    fireEvent.click(
      within(root.querySelector(`[data-flip-radius="${i}"]`) as HTMLElement).getByRole('button', { name: 'Open as a draft in Compare' }),
    );
    await waitFor(() => expect(ui.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected')).toBe('true'));
    expect((ui.getByRole('radio', { name: 'A draft role' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(root.querySelector('[data-compare-assets]')).not.toBeNull());
  });

  it('a new membership changes only this user: how many assets they gain in that project', async () => {
    const snapshot = fixtureSnapshot();
    const fleet = compileFleet(snapshot);
    const flips = explainAsset(fleet, 'u-tech', 'a-depot').flips;
    const i = flips.findIndex((f) => f.edit.object === 'membership');
    expect(i).toBeGreaterThanOrEqual(0);
    const edit = flips[i].edit as { projectId: string; projectRoleId: string };
    const d = diffAccess(fleet, 'u-tech', { asProjectRoleId: edit.projectRoleId, projectId: edit.projectId });
    const gained = d.changes.filter(
      (c) => ['hidden', 'read', 'full'].indexOf(c.after) > ['hidden', 'read', 'full'].indexOf(c.before),
    ).length;
    const { root } = panelOn('a-depot', 'u-tech');
    await waitFor(() => expect(root.querySelector(`[data-flip-radius="${i}"] button`)).not.toBeNull());
    fireEvent.click(root.querySelector(`[data-flip-radius="${i}"] button`)!);
    await waitFor(() => expect(root.querySelector(`[data-flip-radius="${i}"] [data-reach="user"]`)).not.toBeNull());
    expect(root.querySelector(`[data-flip-radius="${i}"] [data-reach]`)!.textContent).toBe(
      `Only «Tom Tech» changes: in project «Depot Two» they gain access to ${gained} ${gained === 1 ? 'asset' : 'assets'}; nobody else is affected.`,
    );
  });
});
