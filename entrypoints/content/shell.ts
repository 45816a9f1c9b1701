// The content script's shell: the host kit (components/host) wired to the extension — a shadow-root UI holding the
// draggable launcher and the panel's frame, badges beside the page's asset rows, the page context followed through
// single-page navigations, what the tab remembered. Data comes from the background through a MessagingDataSource:
// no engine, no Dexie, no zod in this bundle.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { readPageContext } from '../../components/adapters/read-page';
import { launcherFrameCss } from '../../components/host/launcher-frame-css';
import type { PanelHost } from '../../components/host/panel-host';
import { createPanelInFrame } from '../../components/host/panel-in-frame';
import { createMessagingSource } from '../../components/messaging/messaging-source';
import { SHELL_TAG, messenger } from '../../components/messaging/protocol';
import { EMPTY_PANEL_MEMORY, type PanelMemory } from '../../components/panel/panel-memory';
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
  const position = await loadLauncherPosition();
  const stored: Record<string, unknown> = await browser.storage.local.get(PANEL_WIDTH_KEY).catch(() => ({}));
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
      // The draggable launcher: its click toggles the frame, a drag (or the panel's Dock button) moves both.
      const launcher = createLauncher(
        document,
        position,
        () => inFrame.setOpen(!inFrame.isOpen(), true),
        (p) => inFrame.setDock(p.side),
      );
      const inFrame = createPanelInFrame({
        frame: {
          root: shadow,
          container,
          kind: 'round',
          launcher: launcher.element,
          side: position.side,
          width: () => parsePanelWidth(stored[PANEL_WIDTH_KEY]),
          saveWidth: (width) => void browser.storage.local.set({ [PANEL_WIDTH_KEY]: width }),
          onKeepClear: (px) => launcher.keepClear(px),
        },
        idPrefix: 'ai-ext',
        memory: () => memory,
        onMemoryChange: (m) => remember(m),
        onOpenChange: (next) => {
          if (memory.open !== next) remember({ open: next });
          if (!next) return;
          performance.mark('access-inspector:toggle');
          measurePanelPaint();
        },
        dock: () => launcher.position().side,
        onDock: (side) => launcher.setSide(side),
      });
      inFrame.serve({ host, read: () => readPageContext(document, location), badges: {} });
      return { launcher, inFrame, unwatch: inFrame.frame.watch() };
    },
    onRemove(mounted) {
      mounted?.launcher.dispose();
      mounted?.unwatch();
      mounted?.inFrame.stop();
    },
  });
  ui.mount();
  const inFrame = ui.mounted!.inFrame;
  ctx.addEventListener(window, 'wxt:locationchange', () => inFrame.reread());
  // A shared link opens its answer; else the panel comes back as the tab remembered it.
  if (!inFrame.openSharedLink(window)) {
    if (memory.open) inFrame.setOpen(true);
    else if (memory.inspectUserId !== null) inFrame.mountHidden();
  }
  // The keyboard command (relayed by the background) and the popup's button.
  messenger.onMessage('togglePanel', ({ data }) => {
    inFrame.setOpen(typeof data?.open === 'boolean' ? data.open : !inFrame.isOpen(), true);
    return { open: inFrame.isOpen() };
  });
  ctx.onInvalidated(() => messenger.removeAllListeners());
}
