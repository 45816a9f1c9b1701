// <access-inspector>: the panel embedded in the platform's own pages, without the extension. It runs in the page's
// origin; its data side (the user's IndexedDB cache, its sync from the API with the page's session cookie, the
// engine over it) runs in a dedicated worker started from the file beside this one (widget/worker.ts), so a page
// load does none of that work on the page's main thread. This file keeps the element, the panel and the page.
//
// Attributes:
//   api-base         where the API lives (default: this page's origin)
//   allowed-origins  space-separated origins whose postMessage calls are accepted (default: this origin only)
//   dock             "left" (default) or "right": the side of the launcher and the panel
//   open             present = the panel starts open
//   badges           present = badge the page's asset rows too
//   sync-minutes     re-sync every N minutes while the page is open (default 15; 0 = only on load and on request)
import { whenExtensionPresent } from '../components/extension-presence';
import { readPageContext } from '../components/adapters/read-page';
import type { PageContext } from '../core/adapters/types';
import type { DockSide } from '../core/messaging/launcher-position';
import { SHADOW_MODE } from '../components/shadow-mode';
import { createPanelInFrame, type PanelInFrame } from '../components/host/panel-in-frame';
import { storeDock, storedDock, storedWidth } from './local-choices';
import { allowedOrigins } from './origins';
import { WIDGET_HOST_CSS } from './widget-css';
import { widgetHost } from './widget-host';
import { linkWorker, type WorkerLink, type WorkerNews } from './worker-link';
import { MESSAGE_PREFIX, WORKER_FILE } from './worker-protocol';

export class AccessInspectorElement extends HTMLElement {
  static observedAttributes = ['open', 'dock'];

  /** The launcher, the frame and the panel in it, badges, the page followed (components/host/panel-in-frame.ts). */
  private inFrame: PanelInFrame;
  /** The data side in its worker, started on first connection and kept (a lost identity stays lost there). */
  private link: WorkerLink | null = null;
  /** What the host page said about itself (postMessage), merged over what the page shows. */
  private override: Partial<PageContext> = {};
  private cleanup: Array<() => void> = [];
  private started = false;
  /** Set when the extension took over this page: the widget then neither shows nor syncs. */
  private stoodDown = false;
  /** Set when the session ended or changed: nothing is shown or synced until the page is reloaded. */
  private lost = false;

  constructor() {
    super();
    // Invisible (WIDGET_HOST_CSS) until the platform says who is signed in: on the login page the widget shows nothing.
    this.inFrame = createPanelInFrame({
      frame: {
        root: this.attachShadow({ mode: SHADOW_MODE }),
        hostCss: WIDGET_HOST_CSS,
        kind: 'labelled',
        side: 'left',
        ...storedWidth,
      },
      idPrefix: 'ai-widget',
      dock: () => this.dockSide(),
      onDock: (side) => this.dockTo(side),
    });
  }

  get isOpen(): boolean {
    return this.inFrame.isOpen();
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.cleanup.push(whenExtensionPresent(document, () => this.standDown()));
    this.cleanup.push(this.inFrame.frame.watch());
    if (!this.stoodDown) this.start();
  }

  /** The extension's panel answers on this page: hide, stop syncing, and let go of the cache. */
  private standDown(): void {
    if (this.stoodDown) return;
    this.stoodDown = true;
    this.dataset.standingDown = 'extension';
    this.toggle(false);
    this.stop('the Access Inspector extension is active on this page');
    this.started = true;
  }

  disconnectedCallback(): void {
    this.stop('the Access Inspector widget left the page');
  }

  private stop(reason: string): void {
    for (const fn of this.cleanup.splice(0)) fn();
    this.inFrame.stop();
    this.link?.send({ kind: 'stop', reason });
    this.started = false;
  }

  attributeChangedCallback(name: string): void {
    if (name === 'open') this.toggle(this.hasAttribute('open'));
    if (name === 'dock') this.inFrame.setDock(this.dockSide());
  }

  /** Opens or closes the panel (mounted on first open); `byPerson`: a person opened it, so the keyboard goes in. */
  toggle(open: boolean, byPerson = false): void {
    this.inFrame.setOpen(open, byPerson);
  }

  /** The side a person chose with the panel's "Dock" button (remembered on this origin), else the page's `dock`. */
  private dockSide(): DockSide {
    return storedDock() ?? (this.getAttribute('dock') === 'right' ? 'right' : 'left');
  }

  private dockTo(side: DockSide): void {
    storeDock(side);
    this.inFrame.setDock(side);
  }

  /** Starts a sync unless one runs (the worker decides whether it may). */
  refresh(): void {
    if (!this.stoodDown && !this.lost) this.link?.send({ kind: 'refresh' });
  }

  private start(): void {
    this.attributeChangedCallback('dock');
    const ownOrigin = location.origin;
    const apiBase = this.getAttribute('api-base') ?? '';
    // The worker's file is the one beside this script, wherever the platform serves it from (built on its own by
    // widget/vite.config.ts, so the URL is left to the browser: a bundler must not inline or rename it).
    const workerUrl = new URL(/* @vite-ignore */ `./${WORKER_FILE}`, import.meta.url);
    this.link ??= linkWorker(new Worker(workerUrl, { type: 'module', name: 'access-inspector' }), (news) => this.onNews(news));
    this.link.send({
      kind: 'start',
      apiBase,
      apiOrigin: apiBase === '' ? ownOrigin : new URL(apiBase, ownOrigin).origin,
      syncMinutes: Number(this.getAttribute('sync-minutes') ?? '15'),
    });
    // Back to a tab after a while: the session may have ended or changed meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && this.link?.send({ kind: 'check' });
    document.addEventListener('visibilitychange', onVisible);
    this.cleanup.push(() => document.removeEventListener('visibilitychange', onVisible));
  }

  private onNews(news: WorkerNews): void {
    if (this.stoodDown || !this.link) return;
    if (news.kind === 'signed-in') this.serve(this.link, news.userId);
    else if (news.kind === 'still-signed-in') this.dataset.signedIn = news.userId;
    else if (news.kind === 'lost') this.letGo(news.had);
  }

  /** The worker's cache of `userId` answers: show the launcher and serve the panel from it. */
  private serve(link: WorkerLink, userId: string): void {
    if (!this.started || this.lost) return;
    this.dataset.signedIn = userId;
    // Verify writes to the same API the widget reads (its api-base), with the page's session cookie.
    this.inFrame.serve({
      host: widgetHost(link.source, this.getAttribute('api-base')),
      read: () => ({ ...readPageContext(document, location), ...this.override }),
      badges: this.hasAttribute('badges') ? { fallbackUser: userId } : null,
    });
    this.listenForMessages(location.origin);
    // A shared link (#access-inspector?asset=…&user=…) opens its answer once; else the page's `open` attribute.
    if (!this.inFrame.openSharedLink(window) && this.hasAttribute('open')) this.toggle(true);
  }

  /**
   * The session the worker's cache belonged to ended or another user signed in: the worker answers only what
   * happened now; the panel comes back over that, with no data.
   */
  private letGo(had: string | null): void {
    this.lost = true;
    delete this.dataset.signedIn;
    this.dataset.sessionEnded = had ?? '';
    if (this.link) this.inFrame.replaceHost(widgetHost(this.link.source, this.getAttribute('api-base')));
  }

  /** postMessage API, for allowed origins only; anything else is ignored without a word back. */
  private listenForMessages(ownOrigin: string): void {
    const onMessage = (event: MessageEvent) => {
      const allowed = allowedOrigins(this.getAttribute('allowed-origins'), ownOrigin);
      if (!allowed.has(event.origin)) return;
      if (typeof event.data?.type !== 'string' || !event.data.type.startsWith(MESSAGE_PREFIX)) return;
      // An answer of a widget (this one's, when the page asked from its own window): answering it would never end.
      if (event.data.type === 'access-inspector:error' || (event.data.type === 'access-inspector:status' && 'status' in event.data)) return;
      const link = this.link;
      if (!link) return;
      const reply = (message: unknown) => (event.source as WindowProxy | null)?.postMessage(message, { targetOrigin: event.origin });
      // Checked in the worker, where the schemas are (the page side bundles no zod).
      void link.checkInbound(event.data).then(
        (checked) => {
          if (!checked.ok) {
            reply({ type: 'access-inspector:error', message: checked.message });
            return;
          }
          const msg = checked.message;
          if (msg.type === 'access-inspector:open') this.toggle(true);
          else if (msg.type === 'access-inspector:close') this.toggle(false);
          else if (msg.type === 'access-inspector:refresh') this.refresh();
          else if (msg.type === 'access-inspector:context') {
            this.override = Object.fromEntries(Object.entries(msg.context).filter(([, v]) => v !== undefined));
            this.inFrame.reread();
            if (msg.context.userId !== undefined) this.inFrame.setBadgeUser(this.inFrame.context().userId);
          }
          void link.source
            .syncStatus()
            .then((status) => reply({ type: 'access-inspector:status', open: this.isOpen, status }))
            .catch(() => undefined);
        },
        (error: unknown) => console.warn('Access Inspector widget: a message could not be checked', error),
      );
    };
    window.addEventListener('message', onMessage);
    this.cleanup.push(() => window.removeEventListener('message', onMessage));
  }
}

if (!customElements.get('access-inspector')) customElements.define('access-inspector', AccessInspectorElement);
