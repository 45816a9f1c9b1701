// The panel in its frame, for both hosts (the extension's shell and the widget): the launcher and frame, the panel
// mounted on first open (or at once for a remembered inspection) and then kept hidden so the inspected user and tab
// survive a close, badges that open the panel on their asset's explanation and follow the inspected user, the page
// context followed through single-page navigations, a shared link's answer, and the data side woken as a person
// comes to the launcher or back to the open panel (wake.ts). The host keeps what is its own: where
// the frame lives, where answers come from, what it remembers and stores.
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import type { DockSide } from '../../core/messaging/launcher-position';
import { createBadges, type BadgeController } from '../badges';
import { mount, type MountOptions, type PanelHandle } from '../panel/mount';
import type { PanelMemory } from '../panel/panel-memory';
import { createLauncherFrame, type LauncherFrame, type LauncherFrameOptions } from './launcher-frame';
import { followPageContext, type PageContextFollower } from './page-context';
import type { PanelHost } from './panel-host';
import { takeSharedLink } from './shared-link';
import { WARM_INTERVAL_MS } from './wake';

export interface PanelInFrameOptions {
  /** Where the launcher and frame go and how they look; opening and focusing are this piece's. */
  frame: Omit<LauncherFrameOptions, 'onOpenChange' | 'focusPanel'>;
  /** Prefix of element ids inside the panel (two panels on one page need different ones). */
  idPrefix: string;
  /** What this tab remembered (the extension), read when the panel mounts; its changes go to onMemoryChange. */
  memory?: () => PanelMemory;
  onMemoryChange?: MountOptions['onMemoryChange'];
  /** The frame was shown or hidden, told before the panel mounts on a first open (the host remembers, measures). */
  onOpenChange?: (open: boolean) => void;
  /** The side the panel is docked to when it mounts. */
  dock: () => DockSide;
  /** The panel's Dock button: the host stores the side and calls setDock (directly or through its launcher). */
  onDock: (side: DockSide) => void;
}

export interface ServeOptions {
  /** Where answers come from and where the panel's write goes. */
  host: PanelHost;
  /** What the page shows, with whatever the host knows better merged over it. */
  read: () => PageContext;
  /** Badge the page's asset rows (null: no badges). */
  badges: {
    /** Whom they show when the page names no signed-in user (the widget: whom it syncs for). */ fallbackUser?: string | null;
  } | null;
}

export interface PanelInFrame {
  readonly frame: LauncherFrame;
  isOpen(): boolean;
  /** Shows or hides the frame (the panel mounts on first open); `byPerson`: the keyboard goes into the panel. */
  setOpen(open: boolean, byPerson?: boolean): void;
  /** Opens the panel, on this asset's explanation when given (a badge was clicked). */
  open(assetId?: string): void;
  /** Mounts the panel without showing it (a remembered inspection: the badges follow the inspected user at once). */
  mountHidden(): void;
  /** Opens a shared link's answer (#access-inspector?…) and drops the fragment; false when the page has none. */
  openSharedLink(win: Window): boolean;
  setDock(side: DockSide): void;
  /** What the page shows now (as last read). */
  context(): PageContext;
  /** Reads the page again (a navigation the watcher cannot see, or the host's own facts changed). */
  reread(): void;
  /** The badges show this user's effects (the host was told whom to inspect). */
  setBadgeUser(userId: string | null): void;
  /** Starts answering: the page is followed, badges drawn, the panel mounted when opened. */
  serve(options: ServeOptions): void;
  /** The data went away (the session ended): panel and badges go; a panel over `host` comes back if it was open. */
  replaceHost(host: PanelHost): void;
  /** Stops following the page, removes the badges and the panel; the frame stays (the host may serve again). */
  stop(): void;
}

export function createPanelInFrame(options: PanelInFrameOptions): PanelInFrame {
  let served: { host: PanelHost; page: PageContextFollower } | null = null;
  let panel: PanelHandle | null = null;
  let badges: BadgeController | null = null;

  const frame = createLauncherFrame({
    ...options.frame,
    onOpenChange: (open) => {
      options.onOpenChange?.(open);
      if (open) mountHidden();
    },
    focusPanel: () => panel?.focus(),
  });

  function mountHidden(): void {
    if (panel || !served) return;
    panel = mount(frame.slot, {
      host: served.host,
      context: served.page.current(),
      idPrefix: options.idPrefix,
      trustedEventsOnly: true,
      memory: options.memory?.(),
      onMemoryChange: options.onMemoryChange,
      onClose: () => frame.setOpen(false),
      dock: options.dock(),
      onDock: options.onDock,
      onInspectedUserChange: (userId) => badges?.setUser(userId),
    });
  }

  let warmedAt = -Infinity;
  const warm = (e: Event) => {
    // the launcher wakes for the closed panel, the panel itself while open (the launcher of an open one closes it)
    const forOpen = e.currentTarget === frame.slot;
    if (!served || frame.isOpen() !== forOpen || performance.now() - warmedAt < WARM_INTERVAL_MS) return;
    warmedAt = performance.now();
    if (!panel) return mountHidden();
    // only the wake-up is wanted: the answer and any failure are the panel's to show (once it opens)
    served.host.source.syncStatus().catch(() => undefined);
  };
  frame.launcher.addEventListener('pointerenter', warm);
  frame.launcher.addEventListener('focus', warm);
  for (const type of ['pointermove', 'wheel', 'keydown'] as const) frame.slot.addEventListener(type, warm, { passive: true });

  const open = (assetId?: string) => {
    frame.setOpen(true);
    mountHidden();
    if (assetId) panel?.explainAsset(assetId);
  };

  return {
    frame,
    isOpen: () => frame.isOpen(),
    setOpen: (next, byPerson) => frame.setOpen(next, byPerson),
    open,
    mountHidden,
    openSharedLink(win) {
      const shared = takeSharedLink(win);
      if (!shared) return false;
      open();
      panel?.openShared(shared);
      return true;
    },
    setDock(side) {
      frame.setSide(side);
      panel?.setDock(side);
    },
    context: () => served?.page.current() ?? EMPTY_PAGE_CONTEXT,
    reread: () => served?.page.reread(),
    setBadgeUser: (userId) => badges?.setUser(userId),
    serve({ host, read, badges: badging }) {
      const doc = frame.slot.ownerDocument;
      const pageUser = (context: PageContext) => context.userId ?? badging?.fallbackUser ?? null;
      const page = followPageContext(doc, read, (next, previous) => {
        panel?.setContext(next);
        // Without a panel (or an explicit pick in it) badges follow the page's signed-in user.
        if (!panel || next.userId !== previous.userId) badges?.setUser(pageUser(next));
      });
      served = { host, page };
      if (badging) {
        // A badge's click opens the panel on that asset's explanation; new data makes the badges ask again.
        const first = options.memory?.().inspectUserId ?? pageUser(page.current());
        badges = createBadges(doc, host.source, first, { onOpen: open });
      }
    },
    replaceHost(host) {
      const wasOpen = frame.isOpen();
      panel?.unmount();
      panel = null;
      badges?.destroy();
      badges = null;
      if (served) served.host = host;
      if (wasOpen) mountHidden();
    },
    stop() {
      served?.page.stop();
      served = null;
      badges?.destroy();
      badges = null;
      panel?.unmount();
      panel = null;
    },
  };
}
