// @vitest-environment happy-dom
// The Assets view starts with the page's assets: counts per effect, whole reasons, sortable, a pick explains it.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { createDirectSource } from '../../core/source/direct-source';
import { AssetsView } from '../../components/views/AssetsView';
import { compileFleet } from '../../core/engine';
import { explainAsset } from '../engine/worded';
import { fixtureSnapshot } from './fixture';
import { inPanel } from './in-panel';

describe('the page’s assets first', () => {
  it('counts per effect, lists every deciding reason in full, sorts, and explains the one picked', async () => {
    const snapshot = fixtureSnapshot();
    const fleet = compileFleet(snapshot);
    const page = ['a-pump', 'a-valve', 'a-depot'];
    const { container } = render(
      inPanel(<AssetsView />, { source: createDirectSource({ snapshot }), userId: 'u-tech', context: { assetIds: page }, idPrefix: 't' }),
    );
    await waitFor(() => expect(container.querySelectorAll('[data-page-assets] li')).toHaveLength(3));
    const want = { full: 0, read: 0, hidden: 0 };
    for (const id of page) want[explainAsset(fleet, 'u-tech', id).effect]++;
    for (const e of ['full', 'read', 'hidden'] as const)
      expect(Number(container.querySelector(`[data-page-counts] [data-count="${e}"]`)!.textContent)).toBe(want[e]);
    for (const id of page) {
      const d = explainAsset(fleet, 'u-tech', id);
      const deciding = d.steps.find((s) => !s.ok) ?? d.steps[d.steps.length - 1];
      expect(container.querySelector(`[data-page-assets] li[data-asset-id="${id}"] .reason`)!.textContent).toBe(deciding.message);
    }
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'effect' } });
    const order = () => [...container.querySelectorAll('[data-page-assets] li')].map((li) => li.getAttribute('data-asset-id'));
    await waitFor(() => expect(explainAsset(fleet, 'u-tech', order()[0]!).effect).toBe('hidden'));
    expect(explainAsset(fleet, 'u-tech', order()[2]!).effect).toBe('read');
    fireEvent.click(screen.getByRole('button', { name: /^Explain .+ Depot Compressor$/ }));
    await waitFor(() => expect(container.querySelector('.explanation')!.getAttribute('data-asset-id')).toBe('a-depot'));
  });
});
