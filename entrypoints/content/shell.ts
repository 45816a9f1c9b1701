// The content script's shell: the host kit (components/host) wired to the extension — a shadow-root UI holding the
// draggable launcher and the panel's frame, badges beside the page's asset rows, the page context followed through
// single-page navigations, what the tab remembered. Data comes from the background through a MessagingDataSource:
// no engine, no Dexie, no zod in this bundle.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createBadges } from '../../components/badges';
import { readPageContext } from '../../components/adapters/read-page';
import { followPageContext } from '../../components/host/page-context';
import { createLauncherFrame, type LauncherFrame } from '../../components/host/launcher-frame';
import { launcherFrameCss } from '../../components/host/launcher-frame-css';
import type { PanelHost } from '../../components/host/panel-host';
import { createMessagingSource } from '../../components/messaging/messaging-source';
import { SHELL_TAG, messenger } from '../../components/messaging/protocol';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { EMPTY_PANEL_MEMORY, type PanelMemory } from '../../components/panel/panel-memory';
import { takeSharedLink } from '../../components/host/shared-link';
import { parsePanelWidth } from '../../components/panel/panel-width';
import { HOST_VISIBLE } from '../../components/panel/host-visible';
import { createPlatformActions } from '../../components/platform-actions';
import { SHADOW_MODE } from '../../components/shadow-mode';
import { createLauncher, loadLauncherPosition } from './launcher';
import { measurePanelPaint } from './paint-measure';

/** storage.local key of the panel's width as a person resized it (shared by every tab, like the launcher's place). */
const PANEL_WIDTH_KEY = 'panelWidth';

/** The shell's host element: fixed, zero-sized, above the page (createShadowRootUi resets inherited styles). */
const SHELL_HOST_CSS = `:host { position: fixed !important; inset: 0 auto auto 0 !important; width: 0 !important; height: 0 !important;
  z-index: 2147483646 !important; overflow: visible !important; ${HOST_VISIBLE} }`;

export async function startShell(ctx: ContentScriptContext): Promise<void> {
  // Top frame only: one launcher per tab.
  if (window.top !== window) return;

  const source = createMessagingSource();
  // Answers from the background; the one write (Verify) goes to the platform's API with the page's session cookie.
  const host: PanelHost = { source, actions: createPlatformActions() };
  // What this tab remembered before the page load (inspected user, compared user, tab, open panel).
  let memory: PanelMemory = (await messenger.sendMessage('panelMemory', undefined).catch(() => null)) ?? EMPTY_PANEL_MEMORY;
  const remember = (next: Partial<PanelMemory>) => {
    memory = { ...memory, ...next };
    messenger.sendMessage('rememberPanel', memory).catch(() => undefined);
  };
  let panel: PanelHandle | null = null;
  let frame: LauncherFrame | null = null;
  const open = (assetId?: string) => {
    ensurePanel();
    frame?.setOpen(true);
    if (assetId) panel?.explainAsset(assetId);
  };

  // Single-page navigation: the platform swaps the page without a reload; read what the new page shows.
  const page = followPageContext(
    document,
    () => readPageContext(document, location),
    (next, previous) => {
      panel?.setContext(next);
      // Without a panel (or an explicit pick in it) badges follow the page's signed-in user.
      if (!panel || next.userId !== previous.userId) badges.setUser(next.userId);
    },
  );
  ctx.onInvalidated(page.stop);
  ctx.addEventListener(window, 'wxt:locationchange', page.reread);
  // A badge's click opens the panel on that asset's explanation; new data makes the badges ask again.
  const badges = createBadges(document, source, memory.inspectUserId ?? page.current().userId, { onOpen: open });
  ctx.onInvalidated(() => badges.destroy());

  // Mounted on first open (or at once for a remembered inspection), then kept (hidden) so the inspected user and
  // tab survive a close.
  const ensurePanel = () => {
    if (panel || !frame) return;
    panel = mount(frame.slot, {
      host,
      context: page.current(),
      idPrefix: 'ai-ext',
      trustedEventsOnly: true,
      memory,
      onMemoryChange: (m) => remember(m),
      onClose: () => frame?.setOpen(false),
      // The header's Dock button moves the launcher to that side (stored like a drag); the panel follows it.
      dock: launcher?.position().side ?? 'right',
      onDock: (next) => launcher?.setSide(next),
      onInspectedUserChange: (userId) => badges.setUser(userId),
    });
  };

  const position = await loadLauncherPosition();
  const stored: Record<string, unknown> = await browser.storage.local.get(PANEL_WIDTH_KEY).catch(() => ({}));
  let launcher: ReturnType<typeof createLauncher> | null = null;
  const ui = await createShadowRootUi(ctx, {
    name: SHELL_TAG,
    mode: SHADOW_MODE,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: `${SHELL_HOST_CSS}\n${launcherFrameCss('round')}`,
    // Keys typed in the panel must not trigger the platform's own shortcuts.
    isolateEvents: ['keydown', 'keyup', 'keypress'],
    onMount(container, shadow) {
      const placed = createLauncher(
        document,
        position,
        () => frame?.setOpen(!frame.isOpen(), true),
        (p) => {
          frame?.setSide(p.side);
          panel?.setDock(p.side);
        },
      );
      launcher = placed;
      frame = createLauncherFrame({
        root: shadow,
        container,
        kind: 'round',
        launcher: placed.element,
        side: position.side,
        width: () => parsePanelWidth(stored[PANEL_WIDTH_KEY]),
        saveWidth: (width) => void browser.storage.local.set({ [PANEL_WIDTH_KEY]: width }),
        onKeepClear: (px) => placed.keepClear(px),
        onOpenChange: (next) => {
          if (memory.open !== next) remember({ open: next });
          if (!next) return;
          performance.mark('access-inspector:toggle');
          ensurePanel();
          measurePanelPaint();
        },
        focusPanel: () => panel?.focus(),
      });
      return { launcher: placed, unwatch: frame.watch() };
    },
    onRemove(mounted) {
      mounted?.launcher.dispose();
      mounted?.unwatch();
      panel?.unmount();
      panel = null;
      frame = null;
    },
  });
  ui.mount();
  // A shared link opens its answer; else the panel comes back as the tab remembered it.
  const shared = takeSharedLink(window);
  if (shared) {
    open();
    (panel as PanelHandle | null)?.openShared(shared);
  } else if (memory.open) frame!.setOpen(true);
  else if (memory.inspectUserId !== null) ensurePanel();

  // The keyboard command (relayed by the background) and the popup's button.
  messenger.onMessage('togglePanel', ({ data }) => {
    const next = typeof data?.open === 'boolean' ? data.open : !frame?.isOpen();
    frame?.setOpen(next, true);
    return { open: frame?.isOpen() ?? false };
  });
  ctx.onInvalidated(() => messenger.removeAllListeners());
}
