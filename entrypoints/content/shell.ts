// The content script's shell: a shadow-root UI holding the launcher and the panel, badges beside the page's asset
// rows, the page context re-read on every single-page navigation. Data comes from the background through a
// MessagingDataSource: no engine, no Dexie, no zod in this bundle.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createBadges } from '../../components/badges';
import { readPageContext } from '../../components/adapters/read-page';
import { createMessagingSource } from '../../components/messaging/messaging-source';
import { SHELL_TAG, messenger } from '../../components/messaging/protocol';
import { mount, type PanelHandle } from '../../components/panel/mount';
import type { PanelHost } from '../../components/host/panel-host';
import { createPlatformActions } from '../../components/platform-actions';
import { EMPTY_PANEL_MEMORY, type PanelMemory } from '../../components/panel/panel-memory';
import { parseShareFragment } from '../../components/panel/share-link';
import { followPanelWidth, parsePanelWidth } from '../../components/panel/panel-width';
import type { PageContext } from '../../core/adapters/types';
import type { LauncherPosition } from '../../core/messaging/launcher-position';
import { keepClearOfBanner } from '../../components/panel/keep-clear';
import { keepHostUsable } from '../../components/panel/host-visible';
import { SHADOW_MODE, acceptTrustedEventsOnly } from '../../components/shadow-mode';
import { createLauncher, loadLauncherPosition } from './launcher';
import { SHELL_CSS } from './shell-css';

/** performance.measure name of the time from a toggle to the panel's first painted frame (read by the bench). */
export const PANEL_PAINT_MEASURE = 'access-inspector:panel-first-paint';
/** storage.local key of the panel's width as a person resized it (shared by every tab, like the launcher's place). */
const PANEL_WIDTH_KEY = 'panelWidth';

export async function startShell(ctx: ContentScriptContext): Promise<void> {
  // Top frame only: one launcher per tab.
  if (window.top !== window) return;

  const source = createMessagingSource();
  // Answers from the background; the one write (Verify) goes to the platform's API with the page's session cookie.
  const host: PanelHost = { source, actions: createPlatformActions() };
  let context: PageContext = readPageContext(document, location);
  // What this tab remembered before the page load (inspected user, compared user, tab, open panel).
  let memory: PanelMemory = (await messenger.sendMessage('panelMemory', undefined).catch(() => null)) ?? EMPTY_PANEL_MEMORY;
  const remember = (next: Partial<PanelMemory>) => {
    memory = { ...memory, ...next };
    messenger.sendMessage('rememberPanel', memory).catch(() => undefined);
  };
  let inspectedUserId: string | null = memory.inspectUserId ?? context.userId;
  // A badge's click opens the panel on that asset's explanation.
  const badges = createBadges(document, source, inspectedUserId, {
    onOpen: (assetId) => {
      ensurePanel();
      setOpen(true);
      panel?.explainAsset(assetId);
    },
  });
  ctx.onInvalidated(() => badges.destroy());

  let panel: PanelHandle | null = null;
  let open = false;
  let frame: HTMLDivElement | null = null;
  let slot: HTMLDivElement | null = null;
  let launcher: ReturnType<typeof createLauncher> | null = null;

  let side: LauncherPosition['side'] = 'right';
  const dock = (position: LauncherPosition) => {
    side = position.side;
    panel?.setDock(side);
    if (!frame) return;
    frame.classList.toggle('left', position.side === 'left');
    frame.classList.toggle('right', position.side === 'right');
  };

  // Mounted on first open (or at once for a remembered inspection), then kept (hidden) so the inspected user and
  // tab survive a close.
  const ensurePanel = () => {
    if (panel || !slot) return;
    panel = mount(slot, {
      host,
      context,
      idPrefix: 'ai-ext',
      trustedEventsOnly: true,
      memory,
      onMemoryChange: (m) => remember(m),
      onClose: () => setOpen(false),
      // The header's Dock button moves the launcher to that side (stored like a drag); the panel follows it.
      dock: side,
      onDock: (next) => launcher?.setSide(next),
      onInspectedUserChange: (userId) => {
        inspectedUserId = userId;
        badges.setUser(userId);
      },
    });
  };

  // `byPerson`: the launcher, the shortcut or the popup opened it, so the keyboard goes into the panel (a panel that
  // comes back by itself after a page load leaves focus where the page put it).
  const setOpen = (next: boolean, byPerson = false) => {
    if (!frame || !slot || !launcher) return;
    if (next === open) return;
    open = next;
    if (memory.open !== open) remember({ open });
    // Closing from inside the panel (Escape, Close) gives the keyboard back to the launcher.
    const focusWasInside = !open && frame.matches(':focus-within');
    performance.mark('access-inspector:toggle');
    frame.hidden = !open;
    launcher.setExpanded(open);
    if (open) ensurePanel();
    if (focusWasInside) launcher.element.focus();
    if (open && byPerson) panel?.focus();
    if (open) {
      // The frame that shows the panel runs this rAF callback right before it paints; a task posted from there
      // runs right after that paint. So the measure ends when the panel is on screen.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          try {
            performance.measure(PANEL_PAINT_MEASURE, 'access-inspector:toggle');
          } catch {
            // The page cleared the mark: nothing to measure.
          }
        };
        channel.port2.postMessage(null);
      });
    }
  };

  const position = await loadLauncherPosition();
  const stored: Record<string, unknown> = await browser.storage.local.get(PANEL_WIDTH_KEY).catch(() => ({}));
  const panelWidth = parsePanelWidth(stored[PANEL_WIDTH_KEY]);
  const ui = await createShadowRootUi(ctx, {
    name: SHELL_TAG,
    mode: SHADOW_MODE,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: SHELL_CSS,
    // Keys typed in the panel must not trigger the platform's own shortcuts.
    isolateEvents: ['keydown', 'keyup', 'keypress'],
    onMount(container, shadow, host) {
      frame = document.createElement('div');
      frame.className = 'frame';
      frame.hidden = true;
      // Escape anywhere in the panel closes it (a list or menu inside that used Escape itself has prevented it).
      frame.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && e.isTrusted && !e.defaultPrevented) setOpen(false);
      });
      slot = document.createElement('div');
      slot.className = 'slot';
      frame.append(slot);
      launcher = createLauncher(document, position, () => setOpen(!open, true), dock);
      container.append(frame, launcher.element);
      dock(position);
      const placed = launcher;
      const undo = [
        acceptTrustedEventsOnly(shadow),
        keepClearOfBanner(document, frame, (px) => placed.keepClear(px)),
        keepHostUsable(host),
        followPanelWidth(slot, panelWidth, (width) => void browser.storage.local.set({ [PANEL_WIDTH_KEY]: width })),
      ];
      return { launcher, undo };
    },
    onRemove(mounted) {
      mounted?.launcher.dispose();
      for (const fn of mounted?.undo ?? []) fn();
      panel?.unmount();
      panel = null;
      open = false;
    },
  });
  ui.mount();
  // A shared link: open its answer, then drop the fragment so a reload goes back to the tab's own context.
  const shared = parseShareFragment(location.hash);
  if (shared) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    ensurePanel();
    setOpen(true);
    (panel as PanelHandle | null)?.openShared(shared);
  } else if (memory.open) setOpen(true);
  else if (memory.inspectUserId !== null) ensurePanel();

  // The keyboard command (relayed by the background) and the popup's button.
  messenger.onMessage('togglePanel', ({ data }) => {
    setOpen(typeof data?.open === 'boolean' ? data.open : !open, true);
    return { open };
  });
  ctx.onInvalidated(() => messenger.removeAllListeners());

  // New data: badges ask again (the panel follows dataVersion on its own).
  let dataVersion: number | null = null;
  const unsubscribe = source.subscribe((status) => {
    if (dataVersion !== null && status.dataVersion !== dataVersion) badges.refresh();
    dataVersion = status.dataVersion;
  });
  ctx.onInvalidated(unsubscribe);

  // Single-page navigation: the platform swaps the page without a reload; read what the new page shows.
  const reread = () => {
    const next = readPageContext(document, location);
    if (JSON.stringify(next) === JSON.stringify(context)) return;
    const signedInChanged = next.userId !== context.userId;
    context = next;
    panel?.setContext(next);
    // Without a panel (or an explicit pick in it) badges follow the page's signed-in user.
    if (!panel || signedInChanged) {
      inspectedUserId = next.userId;
      badges.setUser(inspectedUserId);
    }
  };
  ctx.addEventListener(window, 'wxt:locationchange', reread);
  // The new page's markers may land after the URL changed: re-read when the body's page marker changes too.
  const markerObserver = new MutationObserver(reread);
  markerObserver.observe(document.body, { attributes: true, attributeFilter: ['data-ai-page', 'data-ai-user-id'] });
  ctx.onInvalidated(() => markerObserver.disconnect());
}
