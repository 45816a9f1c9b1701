// The content script's shell: the host kit (components/host) wired to the extension — a shadow-root UI holding the
// draggable launcher and the panel's frame, badges beside the page's asset rows, the page context followed through
// single-page navigations, what the tab remembered. Data comes from the background through a MessagingDataSource:
// no engine, no Dexie, no zod in this bundle.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { readPageContext } from '../../components/adapters/read-page';
import { launcherFrameCss } from '../../components/host/launcher-frame-css';
import type { PanelHost } from '../../components/host/panel-host';
import { createPanelInFrame } from '../../components/host/panel-in-frame';
import { createMessagingSource } from '../../components/messaging/messaging-source';
import { SHELL_TAG, messenger } from '../../components/messaging/protocol';
import { HOST_VISIBLE } from '../../components/panel/host-visible';
import { createPlatformActions } from '../../components/platform-actions';
import { SHADOW_MODE } from '../../components/shadow-mode';
import { createLauncher, loadLauncherPosition } from './launcher';
import { measurePanelPaint } from './paint-measure';
import { loadPanelWidth } from './panel-width-store';
import { loadTabMemory } from './tab-memory';

/** The shell's host element: fixed, zero-sized, above the page (createShadowRootUi resets inherited styles). */
const SHELL_HOST_CSS = `:host { position: fixed !important; inset: 0 auto auto 0 !important; width: 0 !important; height: 0 !important;
  z-index: 2147483646 !important; overflow: visible !important; ${HOST_VISIBLE} }`;

export async function startShell(ctx: ContentScriptContext): Promise<void> {
  // Top frame only: one launcher per tab.
  if (window.top !== window) return;

  const source = createMessagingSource();
  // Answers from the background; the one write (Verify) goes to the platform's API with the page's session cookie.
  const host: PanelHost = { source, actions: createPlatformActions() };
  // What the tab remembered, where the launcher was left and how wide the panel was made.
  const [memory, position, width] = await Promise.all([loadTabMemory(), loadLauncherPosition(), loadPanelWidth()]);
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
          ...width,
          onKeepClear: (px) => launcher.keepClear(px),
        },
        idPrefix: 'ai-ext',
        memory: memory.current,
        onMemoryChange: memory.remember,
        onOpenChange: (next) => {
          if (memory.current().open !== next) memory.remember({ open: next });
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
    if (memory.current().open) inFrame.setOpen(true);
    else if (memory.current().inspectUserId !== null) inFrame.mountHidden();
  }
  // The keyboard command (relayed by the background) and the popup's button.
  messenger.onMessage('togglePanel', ({ data }) => {
    inFrame.setOpen(typeof data?.open === 'boolean' ? data.open : !inFrame.isOpen(), true);
    return { open: inFrame.isOpen() };
  });
  ctx.onInvalidated(() => messenger.removeAllListeners());
}
