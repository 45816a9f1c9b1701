// @vitest-environment happy-dom
// The panel in its frame, as both hosts use it (components/host/panel-in-frame.ts): mounted on first open and kept
// through a close, opened on an asset's explanation, following the page through single-page navigations with the
// badges on the page's user, a shared link's answer, a host whose data went away, and a stop that leaves the page
// as it was.
import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readPageContext } from '../../components/adapters/read-page';
import { BADGE_ATTR } from '../../components/overlay/selectors';
import { createPanelInFrame, type PanelInFrame, type PanelInFrameOptions } from '../../components/host/panel-in-frame';
import { WARM_INTERVAL_MS } from '../../components/host/wake';
import { EMPTY_PANEL_MEMORY } from '../../components/panel/panel-memory';
import { createDirectSource } from '../../core/source/direct-source';
import { fixtureSnapshot } from '../components/fixture';
import { pageHost } from '../support/panel-host';

let inFrame: PanelInFrame | null = null;
afterEach(() => {
  inFrame?.stop();
  inFrame = null;
  document.body.replaceChildren();
  for (const name of document.body.getAttributeNames()) document.body.removeAttribute(name);
  history.replaceState(null, '', '/');
});

function setUp(options: Partial<PanelInFrameOptions> = {}, badges = true) {
  document.body.setAttribute('data-ai-user-id', 'u-tech');
  const row = document.createElement('div');
  row.setAttribute('data-ai-asset-id', 'a-pump');
  const element = document.createElement('div');
  document.body.append(row, element);
  const opened: boolean[] = [];
  const docked: string[] = [];
  inFrame = createPanelInFrame({
    frame: {
      root: element.attachShadow({ mode: 'open' }),
      hostCss: '',
      kind: 'labelled',
      side: 'left',
      width: () => null,
      saveWidth: () => undefined,
    },
    idPrefix: 'ai-test',
    dock: () => 'left',
    onDock: (side) => docked.push(side),
    onOpenChange: (open) => opened.push(open),
    ...options,
  });
  const source = createDirectSource({ snapshot: fixtureSnapshot() });
  inFrame.serve({ host: pageHost(source), read: () => readPageContext(document, location), badges: badges ? {} : null });
  const slot = inFrame.frame.slot;
  const panelText = () => slot.shadowRoot?.querySelector('.ai-panel')?.textContent ?? null;
  const badge = () => row.querySelector(`[${BADGE_ATTR}]`)?.shadowRoot?.querySelector('button') ?? null;
  return { inFrame, slot, row, panelText, badge, opened, docked, source };
}

describe('the panel in its frame', () => {
  it('mounts the panel on the first open, tells the host first, and keeps it (hidden) through a close', () => {
    const { inFrame, slot, opened } = setUp();
    expect(slot.shadowRoot).toBeNull();
    inFrame.setOpen(true);
    expect(opened).toEqual([true]);
    const root = slot.shadowRoot!;
    expect(root.querySelector('.ai-panel')).not.toBeNull();
    inFrame.setOpen(false);
    expect(inFrame.isOpen()).toBe(false);
    expect(opened).toEqual([true, false]);
    // The same panel, not a second one, comes back.
    inFrame.setOpen(true);
    expect(root.querySelectorAll('.ai-panel')).toHaveLength(1);
  });

  it("opens on an asset's explanation (a badge's click) and starts in the page's context", async () => {
    const { inFrame, panelText } = setUp();
    inFrame.open('a-pump');
    expect(inFrame.isOpen()).toBe(true);
    await waitFor(() => expect(panelText()).toContain('Pump'));
    expect(inFrame.context().userId).toBe('u-tech');
  });

  it("has the badges follow the page's signed-in user through a single-page navigation while no panel is mounted", async () => {
    const { inFrame, badge } = setUp();
    await waitFor(() => expect(badge()?.textContent).toBe('read'));
    document.body.setAttribute('data-ai-user-id', 'u-admin');
    await waitFor(() => expect(inFrame.context().userId).toBe('u-admin'));
    await waitFor(() => expect(badge()?.textContent).toBe('full'));
  });

  it('starts the badges with the inspected user the tab remembered', async () => {
    const { badge } = setUp({ memory: () => ({ ...EMPTY_PANEL_MEMORY, inspectUserId: 'u-admin' }) });
    await waitFor(() => expect(badge()?.textContent).toBe('full'));
  });

  it('opens a shared link’s answer and drops the fragment; without one it does nothing', async () => {
    const { inFrame, panelText } = setUp();
    expect(inFrame.openSharedLink(window)).toBe(false);
    expect(inFrame.isOpen()).toBe(false);
    history.replaceState(null, '', '/fleet#access-inspector?asset=a-pump&user=u-tech');
    expect(inFrame.openSharedLink(window)).toBe(true);
    expect(inFrame.isOpen()).toBe(true);
    expect(location.hash).toBe('');
    await waitFor(() => expect(panelText()).toContain('Pump'));
  });

  it('mounts the panel hidden when a pointer first reaches the closed launcher, so the click shows answers already asked', async () => {
    const { inFrame, slot, panelText, opened } = setUp({}, false);
    inFrame.frame.launcher.dispatchEvent(new Event('pointerenter'));
    expect(inFrame.isOpen()).toBe(false);
    expect(opened).toEqual([]);
    // the hidden panel has asked its questions and holds their answers (the page's view: who the user is)
    await waitFor(() => expect(panelText()).toContain('System roleTechnician'));
    inFrame.setOpen(true);
    expect(slot.shadowRoot!.querySelectorAll('.ai-panel')).toHaveLength(1);
    expect(panelText()).toContain('System roleTechnician');
  });

  it('wakes the data side when a pointer or the keyboard reaches the closed launcher again, at most once an interval', () => {
    const { inFrame, source } = setUp({}, false);
    const asked = vi.spyOn(source, 'syncStatus');
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const launcher = inFrame.frame.launcher;
    const reach = (type: string) => {
      const before = asked.mock.calls.length;
      launcher.dispatchEvent(new Event(type));
      return asked.mock.calls.length - before;
    };
    // the first reach mounts the panel (which asks for itself); later ones only wake the data side
    inFrame.mountHidden();
    expect(reach('pointerenter')).toBe(1);
    now += WARM_INTERVAL_MS - 1;
    expect(reach('focus')).toBe(0);
    now += 2;
    expect(reach('focus')).toBe(1);
    // an open panel asks for itself
    inFrame.setOpen(true);
    now += WARM_INTERVAL_MS * 2;
    expect(reach('pointerenter')).toBe(0);
    vi.restoreAllMocks();
  });

  it('wakes the data side when a person moves over, scrolls or types in the open panel, at most once an interval', () => {
    const { inFrame, source, slot } = setUp({}, false);
    const asked = vi.spyOn(source, 'syncStatus');
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const inPanel = (type: string) => {
      const before = asked.mock.calls.length;
      slot.dispatchEvent(new Event(type));
      return asked.mock.calls.length - before;
    };
    inFrame.setOpen(true);
    now += WARM_INTERVAL_MS;
    expect(inPanel('pointermove')).toBe(1);
    now += WARM_INTERVAL_MS - 1;
    expect(inPanel('wheel')).toBe(0);
    now += 1;
    expect(inPanel('wheel')).toBe(1);
    now += WARM_INTERVAL_MS;
    expect(inPanel('keydown')).toBe(1);
    // a closed panel wakes by its launcher only
    inFrame.setOpen(false);
    now += WARM_INTERVAL_MS;
    expect(inPanel('pointermove')).toBe(0);
    vi.restoreAllMocks();
  });

  it('docks the frame and the panel to a side', () => {
    const { inFrame } = setUp();
    inFrame.setDock('right');
    expect(inFrame.frame.slot.parentElement!.dataset.dock).toBe('right');
  });

  it('takes the data off screen when the host is replaced: badges go, an open panel comes back over the new host', async () => {
    const { inFrame, slot, badge, panelText } = setUp();
    inFrame.open('a-pump');
    await waitFor(() => expect(badge()).not.toBeNull());
    await waitFor(() => expect(panelText()).toContain('Pump'));
    const ended = createDirectSource({
      status: { state: 'error', errors: [{ message: 'Your session ended', at: new Date().toISOString() }] },
    });
    inFrame.replaceHost(pageHost(ended));
    expect(badge()).toBeNull();
    expect(slot.shadowRoot!.querySelectorAll('.ai-panel')).toHaveLength(1);
    expect(panelText()).not.toContain('Pump');
  });

  it('stops: no badges, no panel, the page no longer followed', async () => {
    const { inFrame, badge, slot } = setUp();
    inFrame.open();
    await waitFor(() => expect(badge()).not.toBeNull());
    inFrame.stop();
    expect(badge()).toBeNull();
    expect(slot.shadowRoot!.querySelector('.ai-panel')).toBeNull();
    document.body.setAttribute('data-ai-user-id', 'u-admin');
    await new Promise((r) => setTimeout(r, 10));
    expect(inFrame.context().userId).toBe(null);
  });
});
