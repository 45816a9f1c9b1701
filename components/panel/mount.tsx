// Mounts the panel into a shadow root (or a host element, which gets one): one panel, two sources — the widget
// passes a DirectSource, the content script a remote one. The shell calls setContext on every navigation.
import { signal } from '@preact/signals';
import { render } from 'preact';
import { EMPTY_PAGE_CONTEXT, type PageContext } from '../../core/adapters/types';
import type { DataSource } from '../data-source';
import { Panel } from './Panel';
import { PANEL_CSS } from './styles';

export interface MountOptions {
  source: DataSource;
  context?: PageContext;
  onInspectedUserChange?: (userId: string | null) => void;
  onClose?: () => void;
  /** Prefix of element ids inside the shadow root (two panels on one page need different ones). */
  idPrefix?: string;
}

export interface PanelHandle {
  setContext(context: PageContext): void;
  unmount(): void;
}

export function mount(container: ShadowRoot | HTMLElement, options: MountOptions): PanelHandle {
  const root: ShadowRoot = container instanceof HTMLElement ? (container.shadowRoot ?? container.attachShadow({ mode: 'open' })) : container;
  // A <style> element rather than adoptedStyleSheets: Firefox content scripts cannot assign constructed sheets.
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const host = document.createElement('div');
  host.className = 'ai-root';
  root.append(style, host);
  const context = signal<PageContext>(options.context ?? EMPTY_PAGE_CONTEXT);
  render(
    <Panel
      source={options.source}
      context={context}
      onInspectedUserChange={options.onInspectedUserChange}
      onClose={options.onClose}
      idPrefix={options.idPrefix}
    />,
    host,
  );
  return {
    setContext(next) {
      context.value = next;
    },
    unmount() {
      render(null, host);
      host.remove();
      style.remove();
    },
  };
}
