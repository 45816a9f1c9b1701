// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import type { DataSource } from '../../core/source/data-source';
import { AssetsView } from '../../components/views/AssetsView';
import { ASSET_LIST_BLOCK } from '../../core/source/limits';
import { MAX_BOX_PX, VirtualList, listView } from '../../components/views/VirtualList';
import { bigSnapshot } from './fixture';
import { inPanel } from './in-panel';

const N = 100_000;
let source: EngineSource;
/** Rows asked of the source per call: no request may carry the whole fleet. */
const pageSizes: number[] = [];

beforeAll(() => {
  source = createDirectSource({ snapshot: bigSnapshot(N) });
});
afterAll(cleanup);

function counting(s: DataSource): DataSource {
  return Object.assign(Object.create(s), {
    assetPage: async (req: Parameters<DataSource['assetPage']>[0]) => {
      const page = await s.assetPage(req);
      pageSizes.push(page.rows.length);
      return page;
    },
  }) as DataSource;
}

const options = () => [...document.querySelectorAll('[role="option"]')] as HTMLElement[];
const rowNames = () => options().map((o) => o.querySelector('.name')?.textContent ?? '');

describe('asset list with 100,000 assets', () => {
  it('renders only a window of rows, fetches them a block at a time, and scrolls to any row', async () => {
    render(inPanel(<AssetsView />, { source: counting(source), userId: 'u-tech', idPrefix: 'v' }));
    expect(await screen.findByText('100,000 assets', {}, { timeout: 10_000 })).toBeTruthy();
    await waitFor(() => expect(rowNames()[0]).toBe('Asset 000000'));
    const listbox = screen.getByRole('listbox', { name: 'Assets and their effect' });
    expect(options().length).toBeGreaterThan(5);
    expect(options().length).toBeLessThan(40);
    expect(options()[0].getAttribute('aria-setsize')).toBe(String(N));
    // The first answer is one block: the rows a cold worker builds before the first ones show are the block's.
    expect(pageSizes[0]).toBe(ASSET_LIST_BLOCK);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(ASSET_LIST_BLOCK);

    // Scroll half-way down: the rows there are rendered (and fetched), the top ones are gone.
    listbox.scrollTop = 28 * 50_000;
    fireEvent.scroll(listbox);
    await waitFor(() => expect(rowNames()).toContain('Asset 050000'));
    expect(rowNames()).not.toContain('Asset 000000');
    expect(options().length).toBeLessThan(40);
    expect(Number(options()[0].getAttribute('aria-posinset'))).toBeGreaterThan(49_000);
  });

  it('moves through the list by keyboard: End reaches the last asset, Enter explains it', async () => {
    cleanup();
    render(inPanel(<AssetsView />, { source, userId: 'u-tech', idPrefix: 'k' }));
    const listbox = await screen.findByRole('listbox', { name: 'Assets and their effect' }, { timeout: 10_000 });
    // happy-dom has no layout: give the box the sizes a browser would compute, so it can be scrolled.
    Object.defineProperty(listbox, 'scrollHeight', { configurable: true, get: () => 28 * N });
    Object.defineProperty(listbox, 'clientHeight', { configurable: true, get: () => 320 });
    listbox.focus();
    fireEvent.keyDown(listbox, { key: 'End' });
    // …and fire the scroll event a browser would fire after the list scrolled itself.
    await waitFor(() => {
      fireEvent.scroll(listbox);
      expect(rowNames()).toContain('Asset 099999');
    });
    expect(listbox.scrollTop).toBeGreaterThan(28 * 99_000);
    await waitFor(() => expect(listbox.getAttribute('aria-activedescendant')).toBe(`k-assets-row-${N - 1}`));
    fireEvent.keyDown(listbox, { key: 'Enter' });
    await waitFor(() => expect(document.querySelector('.explanation')?.getAttribute('data-asset-id')).toBe('a-99999'));
    // a-99999 is a valve (every third asset): hidden for the pump reader.
    expect(document.querySelector('.explanation .steps li.no')!.getAttribute('data-code')).toBe('NO_READABLE_TAG');
  });
});

describe('a list taller than a browser can lay out (2,000,000 rows of 28 px: 56M px)', () => {
  const ROWS = 2_000_000;

  it("scrolls a box of at most MAX_BOX_PX whose ends are the list's ends, and the view between is the list's in proportion", () => {
    const top = listView(ROWS, 28, 320, 0);
    expect(top.box).toBe(MAX_BOX_PX);
    expect([top.first, top.last]).toEqual([0, 13]);
    const end = listView(ROWS, 28, 320, MAX_BOX_PX - 320);
    expect(end.last).toBe(ROWS - 1);
    expect(end.top).toBe(28 * ROWS - 320);
    const middle = listView(ROWS, 28, 320, (MAX_BOX_PX - 320) / 2);
    expect(Math.abs(middle.first + 2 - (ROWS - 320 / 28) / 2)).toBeLessThan(2);
    // A list that fits is not stretched: its offsets are the box's.
    expect(listView(100_000, 28, 320, 28 * 50_000)).toMatchObject({ box: 2_800_000, scale: 1, first: 49_998 });
  });

  it('renders a window of rows, and End reaches the last row whole', async () => {
    cleanup();
    render(
      <VirtualList
        id="big"
        label="Big list"
        count={ROWS}
        rowHeight={28}
        height={320}
        renderRow={(i) => <span class="name">row {i}</span>}
      />,
    );
    const listbox = screen.getByRole('listbox', { name: 'Big list' });
    expect((listbox.firstElementChild as HTMLElement).style.height).toBe(`${MAX_BOX_PX}px`);
    expect(options().length).toBeLessThan(40);
    expect(options()[0].getAttribute('aria-setsize')).toBe(String(ROWS));
    // happy-dom has no layout: the sizes a browser would compute, so the box can be scrolled.
    Object.defineProperty(listbox, 'scrollHeight', { configurable: true, get: () => MAX_BOX_PX });
    Object.defineProperty(listbox, 'clientHeight', { configurable: true, get: () => 320 });
    listbox.focus();
    fireEvent.keyDown(listbox, { key: 'End' });
    await waitFor(() => expect(rowNames()).toContain(`row ${ROWS - 1}`));
    expect(listbox.getAttribute('aria-activedescendant')).toBe(`big-row-${ROWS - 1}`);
    const last = document.getElementById(`big-row-${ROWS - 1}`)!;
    // Its place in the box ends at the box's end: wholly in view.
    const y = Number(/translateY\((.+)px\)/.exec(last.style.transform)![1]);
    expect(y + 28).toBeLessThanOrEqual(listbox.scrollTop + 320 + 1e-6);
    expect(y).toBeGreaterThanOrEqual(listbox.scrollTop);
    fireEvent.keyDown(listbox, { key: 'Home' });
    await waitFor(() => expect(rowNames()[0]).toBe('row 0'));
  });
});
