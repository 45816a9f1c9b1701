// Mounts the panel into a shadow root (or a host element, which gets one): one panel, two hosts — the widget
// passes a DirectSource and actions to its api-base, the content script a remote source. The shell calls setContext on every navigation.
import { signal } from '@preact/signals';
import { render } from 'preact';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import type { DockSide } from '../../core/messaging/launcher-position';
import type { PanelHost } from '../host/panel-host';
import { VIEWS } from '../views';
import { PanelModel } from './model';
import { Panel } from './Panel';
import type { PanelMemory } from './panel-memory';
import type { ShareRequest } from './share-link';
import { PANEL_STYLESHEET } from './stylesheet';
import { SHADOW_MODE, acceptTrustedEventsOnly } from '../shadow-mode';

export interface MountOptions {
  /** Where answers come from and where the panel's write goes (components/host/panel-host.ts). */
  host: PanelHost;
  context?: PageContext;
  onInspectedUserChange?: (userId: string | null) => void;
  onClose?: () => void;
  /** Prefix of element ids inside the shadow root (two panels on one page need different ones). */
  idPrefix?: string;
  /**
   * On a platform page: only the browser's own (trusted) events drive the panel, so a page script cannot pick a
   * user, read by paging or start an export even if it reached an element. Unit tests fire synthetic events.
   */
  trustedEventsOnly?: boolean;
  /** What this browser tab remembered: inspected user, compared user, tab. */
  memory?: PanelMemory;
  onMemoryChange?: (memory: Omit<PanelMemory, 'open'>) => void;
  /** The side the panel is docked to at first, and what moves it (the header then has a "Dock left/right" button). */
  dock?: DockSide;
  onDock?: (side: DockSide) => void;
}

/** Roots this module attached (a closed root is not reachable through `host.shadowRoot`). */
const attached = new WeakMap<HTMLElement, ShadowRoot>();

export interface PanelHandle {
  setContext(context: PageContext): void;
  /** Opens the Assets tab on this asset's explanation (a badge was clicked), for this user when given. */
  explainAsset(assetId: string, userId?: string | null): void;
  /** Opens what a shared link asks for (an explanation, or a comparison of two users). */
  openShared(request: ShareRequest): void;
  /** The side the panel is docked to now (the launcher moved, or another tab said so). */
  setDock(side: DockSide): void;
  /** Moves the keyboard into the panel (its heading): called when a person opens it, not when it comes back by itself. */
  focus(): void;
  unmount(): void;
}

export function mount(container: ShadowRoot | HTMLElement, options: MountOptions): PanelHandle {
  let root: ShadowRoot;
  if (container instanceof HTMLElement) {
    root = attached.get(container) ?? container.shadowRoot ?? container.attachShadow({ mode: SHADOW_MODE });
    attached.set(container, root);
  } else {
    root = container;
  }
  const releaseEvents = options.trustedEventsOnly ? acceptTrustedEventsOnly(root) : () => undefined;
  // A <style> element rather than adoptedStyleSheets: Firefox content scripts cannot assign constructed sheets.
  const style = document.createElement('style');
  style.textContent = PANEL_STYLESHEET;
  const host = document.createElement('div');
  host.className = 'ai-root';
  root.append(style, host);
  const context = signal<PageContext>(options.context ?? EMPTY_PAGE_CONTEXT);
  const model = new PanelModel({ host: options.host, views: VIEWS, context, idPrefix: options.idPrefix, memory: options.memory });
  const dock = signal<DockSide>(options.dock ?? 'right');
  render(
    <Panel
      model={model}
      onInspectedUserChange={options.onInspectedUserChange}
      onClose={options.onClose}
      onMemoryChange={options.onMemoryChange}
      dock={options.onDock ? dock : undefined}
      onDock={options.onDock}
    />,
    host,
  );
  return {
    setContext(next) {
      context.value = next;
    },
    explainAsset(assetId, userId = null) {
      model.answer({ kind: 'explain', assetId, userId });
    },
    openShared(request) {
      model.answer(request);
    },
    setDock(side) {
      dock.value = side;
    },
    focus() {
      host.querySelector<HTMLElement>('h1')?.focus();
    },
    unmount() {
      render(null, host);
      releaseEvents();
      host.remove();
      style.remove();
    },
  };
}
