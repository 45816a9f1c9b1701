// <access-inspector>: the panel embedded in the platform's own pages, without the extension. It runs in the page's
// origin with a direct data source: its own IndexedDB cache (Dexie) synced from the same-origin API with the
// page's session cookie, and the engine over that cache. One ES module file (vite build --config widget/vite.config.ts).
//
// Attributes:
//   api-base         where the API lives (default: this page's origin)
//   allowed-origins  space-separated origins whose postMessage calls are accepted (default: this origin only)
//   dock             "left" (default) or "right": the side of the launcher and the panel
//   open             present = the panel starts open
//   badges           present = badge the page's asset rows too
//   sync-minutes     re-sync every N minutes while the page is open (default 15; 0 = only on load and on request)
import '../core/model/zod-jitless';
import { whenExtensionPresent } from '../components/extension-presence';
import { readPageContext } from '../components/adapters/read-page';
import { createDirectSource, type EngineSource } from '../core/source/direct-source';
import type { PageContext } from '../core/adapters/types';
import type { DockSide } from '../core/messaging/launcher-position';
import type { CacheDb } from '../core/cache/db';
import { openIdentityCache, type CacheIdentity } from '../core/cache/identity';
import { CacheFollower } from '../core/cache/follow';
import { historyRetentionOf } from '../core/messaging/settings';
import { AuthError } from '../core/sync/errors';
import { SHADOW_MODE } from '../components/shadow-mode';
import { createPanelInFrame, type PanelInFrame } from '../components/host/panel-in-frame';
import { createApiClient, type ApiClient } from '../core/sync/client';
import { CachedSource } from '../core/host/cached-source';
import { WidgetIdentity } from './identity';
import { storeDock, storedDock, storedWidth } from './local-choices';
import { InboundMessageSchema, MESSAGE_PREFIX } from './messages';
import { allowedOrigins } from './origins';
import { WIDGET_HOST_CSS } from './widget-css';
import { widgetHost } from './widget-host';

export const WIDGET_DB_NAME = 'access-inspector-widget';
/**
 * How much history the widget's cache keeps: the widget has no options page of its own (its settings are the
 * extension's), so it keeps the defaults (30 days, 64 MB).
 */
const WIDGET_HISTORY_RETENTION = historyRetentionOf({});

export class AccessInspectorElement extends HTMLElement {
  static observedAttributes = ['open', 'dock'];

  /** The launcher, the frame and the panel in it, badges, the page followed (components/host/panel-in-frame.ts). */
  private inFrame: PanelInFrame;
  private source: EngineSource | null = null;
  private db: CacheDb | null = null;
  private client: ApiClient | null = null;
  /** The cache, its sync and the source over it (core/host/cached-source.ts). */
  private cached: CachedSource | null = null;
  /** Keeps the source equal to the cache as any tab of this origin commits to it (core/cache/follow.ts). */
  private follower: CacheFollower | null = null;
  /** What the host page said about itself (postMessage), merged over what the page shows. */
  private override: Partial<PageContext> = {};
  private cleanup: Array<() => void> = [];
  private started = false;
  /** Set when the extension took over this page: the widget then neither shows nor syncs. */
  private stoodDown = false;
  private syncAbort = new AbortController();
  /** Whose data the cache holds, and whether that session ended or changed (widget/identity.ts). */
  private identity: WidgetIdentity | null = null;

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
    if (!this.stoodDown) void this.start();
  }

  /** The extension's panel answers on this page: hide, stop syncing, and let go of the cache. */
  private standDown(): void {
    if (this.stoodDown) return;
    this.stoodDown = true;
    this.dataset.standingDown = 'extension';
    this.syncAbort.abort(new Error('the Access Inspector extension is active on this page'));
    this.toggle(false);
    this.disconnectedCallback();
    this.started = true;
  }

  disconnectedCallback(): void {
    for (const fn of this.cleanup.splice(0)) fn();
    this.inFrame.stop();
    this.db?.close();
    this.db = null;
    this.identity?.close();
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

  /**
   * The session this cache belongs to ended or another user signed in (widget/identity.ts): stop syncing, close the
   * cache, and show only what happened, no data.
   */
  private letGo(message: string, had: CacheIdentity | null): void {
    this.syncAbort.abort(new Error(message));
    this.source = createDirectSource({ status: { state: 'error', errors: [{ message, at: new Date().toISOString() }] } });
    delete this.dataset.signedIn;
    this.dataset.sessionEnded = had?.userId ?? '';
    // From here on nothing of the old data is on screen.
    this.inFrame.replaceHost(widgetHost(this.source, this.getAttribute('api-base')));
    this.follower?.stop();
    this.db?.close();
    this.db = null;
  }

  /** Starts a sync unless one runs. */
  refresh(): Promise<boolean> {
    if (this.stoodDown || this.lost || !this.cached?.built || !this.client) return Promise.resolve(false);
    const client = this.client;
    const live = () => !this.stoodDown && !this.lost;
    void this.cached
      .sync({
        client,
        signal: this.syncAbort.signal,
        history: WIDGET_HISTORY_RETENTION,
        // The cookie may belong to someone else by now (a sign-in in another tab): never sync their data into this cache.
        before: () => this.checkIdentity(),
        after: async (report, changed) => {
          // Refused mid-sync (401/403): the session ended or lost its rights; what was synced under it goes.
          if (report.stoppedBy instanceof AuthError) await this.identity?.refused(report.stoppedBy);
          else if (changed) await this.checkIdentity();
        },
        // Stood down or lost the session mid-sync: the abort is expected and the cache is closed.
        swallow: () => !live(),
        live,
        // Whoever synced (this tab, or another whose run held the lock so this one was skipped): show what is committed.
        catchUp: async () => {
          await this.follower?.catchUp();
        },
      })
      .catch((error: unknown) => console.warn('Access Inspector widget: the sync failed', error));
    return Promise.resolve(true);
  }

  /** Set when the session ended or changed: nothing is shown or synced until the page is reloaded. */
  private get lost(): boolean {
    return this.identity?.lost ?? false;
  }

  private checkIdentity(): Promise<boolean> {
    return this.identity?.check() ?? Promise.resolve(false);
  }

  private async start(): Promise<void> {
    this.attributeChangedCallback('dock');
    const ownOrigin = location.origin;
    const apiBase = this.getAttribute('api-base') ?? '';
    // No API key: the request carries the platform's session cookie (credentials: 'include').
    this.client = createApiClient({ baseUrl: apiBase });
    // Kept across a reconnect: a lost identity stays lost until the page is reloaded.
    this.identity ??= new WidgetIdentity(this.client, apiBase === '' ? ownOrigin : new URL(apiBase, ownOrigin).origin, WIDGET_DB_NAME, {
      onLost: (message, had) => this.letGo(message, had),
      onStillSignedIn: (userId) => (this.dataset.signedIn = userId),
    });
    const identity = this.identity;
    // Not signed in (login page, after a sign-out) or no API: stay invisible and out of the way.
    const me = await identity.signIn();
    if (!me || !this.isConnected || this.stoodDown) return;
    identity.hold(me);
    const db = await openIdentityCache(WIDGET_DB_NAME, me);
    // Identity lost or element gone while the cache opened: an open connection would block deleting that cache.
    if (!this.isConnected || this.stoodDown || this.lost) {
      db.close();
      return;
    }
    this.db = db;
    const cached = new CachedSource(db, { onRefresh: () => this.refresh() });
    this.cached = cached;
    const follower = new CacheFollower(db, {
      onSnapshot: (next, history) => {
        if (!this.lost && !this.stoodDown) cached.showData(next, history);
      },
      onCommit: () => {
        if (!this.lost && !this.stoodDown && !cached.syncing) void cached.pushStatus(true).catch(() => undefined);
      },
      paused: () => cached.syncing,
    });
    this.source = await cached.source(async () => ({
      ...(await follower.loadData()),
      signedInUserId: me.userId,
      retention: WIDGET_HISTORY_RETENTION,
    }));
    this.dataset.signedIn = me.userId;
    this.follower = follower;
    follower.start();
    this.cleanup.push(() => follower.stop());

    // Verify writes to the same API the widget reads (its api-base), with the page's session cookie.
    this.inFrame.serve({
      host: widgetHost(this.source, this.getAttribute('api-base')),
      read: () => ({ ...readPageContext(document, location), ...this.override }),
      badges: this.hasAttribute('badges') ? { fallbackUser: me.userId } : null,
    });
    this.listenForMessages(ownOrigin);
    // Back to a tab after a while: the session may have ended or changed meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && void this.checkIdentity();
    document.addEventListener('visibilitychange', onVisible);
    this.cleanup.push(() => document.removeEventListener('visibilitychange', onVisible));
    // A shared link (#access-inspector?asset=…&user=…) opens its answer once; else the page's `open` attribute.
    if (!this.inFrame.openSharedLink(window) && this.hasAttribute('open')) this.toggle(true);
    await this.refresh();

    const minutes = Number(this.getAttribute('sync-minutes') ?? '15');
    if (Number.isFinite(minutes) && minutes > 0) {
      const id = window.setInterval(() => void this.refresh(), minutes * 60_000);
      this.cleanup.push(() => window.clearInterval(id));
    }
  }

  /** postMessage API, for allowed origins only; anything else is ignored without a word back. */
  private listenForMessages(ownOrigin: string): void {
    const onMessage = (event: MessageEvent) => {
      const allowed = allowedOrigins(this.getAttribute('allowed-origins'), ownOrigin);
      if (!allowed.has(event.origin)) return;
      if (typeof event.data?.type !== 'string' || !event.data.type.startsWith(MESSAGE_PREFIX)) return;
      const parsed = InboundMessageSchema.safeParse(event.data);
      const reply = (message: unknown) => (event.source as WindowProxy | null)?.postMessage(message, { targetOrigin: event.origin });
      if (!parsed.success) {
        reply({
          type: 'access-inspector:error',
          message: `bad ${String(event.data.type)} message: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        });
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'access-inspector:open') this.toggle(true);
      else if (msg.type === 'access-inspector:close') this.toggle(false);
      else if (msg.type === 'access-inspector:refresh') void this.refresh();
      else if (msg.type === 'access-inspector:context') {
        this.override = Object.fromEntries(Object.entries(msg.context).filter(([, v]) => v !== undefined));
        this.inFrame.reread();
        if (msg.context.userId !== undefined) this.inFrame.setBadgeUser(this.inFrame.context().userId);
      }
      void this.source?.syncStatus().then((status) => reply({ type: 'access-inspector:status', open: this.isOpen, status }));
    };
    window.addEventListener('message', onMessage);
    this.cleanup.push(() => window.removeEventListener('message', onMessage));
  }
}

if (!customElements.get('access-inspector')) customElements.define('access-inspector', AccessInspectorElement);
