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
import { z } from 'zod';
import { createBadges, type BadgeController } from '../components/badges';
import { takeSharedLink } from '../components/host/shared-link';
import { whenExtensionPresent } from '../components/extension-presence';
import { readPageContext } from '../components/adapters/read-page';
import { createDirectSource, type EngineSource } from '../core/source/direct-source';
import { mount, type PanelHandle } from '../components/panel/mount';
import { parsePanelWidth } from '../components/panel/panel-width';
import type { PageContext } from '../core/adapters/types';
import type { DockSide } from '../core/messaging/launcher-position';
import type { CacheDb } from '../core/cache/db';
import { forgetIdentities, identityDbName, openIdentityCache, type CacheIdentity } from '../core/cache/identity';
import { CacheFollower } from '../core/cache/follow';
import { historyRetentionOf } from '../core/messaging/settings';
import { AuthError } from '../core/sync/errors';
import { SHADOW_MODE } from '../components/shadow-mode';
import { createLauncherFrame, type LauncherFrame } from '../components/host/launcher-frame';
import { followPageContext, type PageContextFollower } from '../components/host/page-context';
import { createApiClient, type ApiClient } from '../core/sync/client';
import { CachedSource } from '../core/host/cached-source';
import { allowedOrigins } from './origins';
import { WIDGET_HOST_CSS } from './widget-css';
import { widgetHost } from './widget-host';

export const WIDGET_DB_NAME = 'access-inspector-widget';
export const MESSAGE_PREFIX = 'access-inspector:';

/** What another window may ask of the widget through postMessage. */
const InboundMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access-inspector:open') }),
  z.object({ type: z.literal('access-inspector:close') }),
  z.object({ type: z.literal('access-inspector:refresh') }),
  z.object({ type: z.literal('access-inspector:status') }),
  z.object({
    type: z.literal('access-inspector:context'),
    /** Facts the host knows better than the DOM (e.g. a framed platform page): merged over what the page shows. */
    context: z
      .object({
        userId: z.string().min(1).nullable(),
        assetIds: z.array(z.string().min(1)).max(5000),
        assetDetailId: z.string().min(1).nullable(),
        ticketIds: z.array(z.string().min(1)).max(5000),
        targetUserId: z.string().min(1).nullable(),
        registrantIds: z.array(z.string().min(1)).max(5000),
      })
      .partial(),
  }),
]);

/** Widgets of one platform in other tabs tell each other who they sync for (a sign-in elsewhere ends this one's). */
const IDENTITY_CHANNEL = 'access-inspector-widget-identity';
/** localStorage key of the panel's width as a person resized it. */
const WIDTH_KEY = 'access-inspector-width';

/** A remembered choice of this origin's localStorage, or null where storage is blocked (sandbox, privacy settings). */
function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * How much history the widget's cache keeps: the widget has no options page of its own (its settings are the
 * extension's), so it keeps the defaults (30 days, 64 MB).
 */
const WIDGET_HISTORY_RETENTION = historyRetentionOf({});
/** localStorage key of the side a person docked the panel to (the page's `dock` attribute is the default). */
const DOCK_KEY = 'access-inspector-dock';
type IdentityNews = { apiOrigin: string; userId: string | null };

export class AccessInspectorElement extends HTMLElement {
  static observedAttributes = ['open', 'dock'];

  /** The launcher and the frame the panel sits in (components/host/launcher-frame.ts). */
  private frame: LauncherFrame;
  private panel: PanelHandle | null = null;
  private badges: BadgeController | null = null;
  private source: EngineSource | null = null;
  private db: CacheDb | null = null;
  private client: ApiClient | null = null;
  /** The cache, its sync and the source over it (core/host/cached-source.ts). */
  private cached: CachedSource | null = null;
  /** Keeps the source equal to the cache as any tab of this origin commits to it (core/cache/follow.ts). */
  private follower: CacheFollower | null = null;
  /** What the page shows, followed through single-page navigations, with what the host page said merged over it. */
  private page: PageContextFollower | null = null;
  private override: Partial<PageContext> = {};
  private cleanup: Array<() => void> = [];
  private started = false;
  /** Set when the extension took over this page: the widget then neither shows nor syncs. */
  private stoodDown = false;
  private syncAbort = new AbortController();
  /** Whose data the cache holds; null before /me answered and after the identity was lost. */
  private identity: CacheIdentity | null = null;
  private apiOrigin = '';
  /** Set when the session ended or changed: nothing is shown or synced until the page is reloaded. */
  private lost = false;
  private channel: BroadcastChannel | null = null;

  constructor() {
    super();
    // Invisible (WIDGET_HOST_CSS) until the platform says who is signed in: on the login page the widget shows nothing.
    this.frame = createLauncherFrame({
      root: this.attachShadow({ mode: SHADOW_MODE }),
      hostCss: WIDGET_HOST_CSS,
      kind: 'labelled',
      side: 'left',
      width: () => parsePanelWidth(readStored(WIDTH_KEY)),
      saveWidth: (width) => {
        try {
          localStorage.setItem(WIDTH_KEY, String(width));
        } catch {
          // Not remembered; the panel keeps the width now.
        }
      },
      onOpenChange: (open) => open && !this.panel && this.source && this.mountPanel(this.source),
      focusPanel: () => this.panel?.focus(),
    });
  }

  get isOpen(): boolean {
    return this.frame.isOpen();
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.cleanup.push(whenExtensionPresent(document, () => this.standDown()));
    this.cleanup.push(this.frame.watch());
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
    this.panel?.unmount();
    this.panel = null;
    this.badges?.destroy();
    this.badges = null;
    this.db?.close();
    this.db = null;
    this.channel?.close();
    this.channel = null;
    this.started = false;
  }

  attributeChangedCallback(name: string): void {
    if (name === 'open') this.toggle(this.hasAttribute('open'));
    if (name === 'dock') {
      const side = this.dockSide();
      this.frame.setSide(side);
      this.panel?.setDock(side);
    }
  }

  /** Opens or closes the panel (mounted on first open); `byPerson`: a person opened it, so the keyboard goes in. */
  toggle(open: boolean, byPerson = false): void {
    this.frame.setOpen(open, byPerson);
  }

  /** The side a person chose with the panel's "Dock" button (remembered on this origin), else the page's `dock`. */
  private dockSide(): DockSide {
    const chosen = readStored(DOCK_KEY);
    if (chosen === 'left' || chosen === 'right') return chosen;
    return this.getAttribute('dock') === 'right' ? 'right' : 'left';
  }

  private dockTo(side: DockSide): void {
    try {
      localStorage.setItem(DOCK_KEY, side);
    } catch {
      // Not remembered; it still moves now.
    }
    this.frame.setSide(side);
    this.panel?.setDock(side);
  }

  private mountPanel(source: EngineSource): void {
    this.panel = mount(this.frame.slot, {
      // Verify writes to the same API the widget reads (its api-base), with the page's session cookie.
      host: widgetHost(source, this.getAttribute('api-base')),
      context: this.currentContext(),
      idPrefix: 'ai-widget',
      trustedEventsOnly: true,
      onClose: () => this.toggle(false),
      onInspectedUserChange: (userId) => this.badges?.setUser(userId),
      dock: this.dockSide(),
      onDock: (side) => this.dockTo(side),
    });
  }

  /**
   * The session this cache belongs to ended (sign-out, expiry, 401/403) or another user signed in: stop syncing,
   * delete every cache of this platform, and show only what happened, no data.
   */
  private async loseIdentity(message: string, now: string | null): Promise<void> {
    if (this.lost) return;
    this.lost = true;
    const had = this.identity;
    this.identity = null;
    this.syncAbort.abort(new Error(message));
    this.channel?.postMessage({ apiOrigin: this.apiOrigin, userId: now } satisfies IdentityNews);
    // The panel and badges first: from here on nothing of the old data is on screen.
    const wasOpen = this.isOpen;
    this.panel?.unmount();
    this.panel = null;
    this.badges?.destroy();
    this.badges = null;
    this.source = createDirectSource({ status: { state: 'error', errors: [{ message, at: new Date().toISOString() }] } });
    delete this.dataset.signedIn;
    this.dataset.sessionEnded = had?.userId ?? '';
    if (wasOpen) this.mountPanel(this.source);
    this.follower?.stop();
    this.db?.close();
    this.db = null;
    // Every cache of this platform but the one of who is signed in now (a tab of theirs may be syncing it): a 401
    // here may be old news, so ask once more.
    const current =
      now ??
      (await this.client?.me().then(
        (me) => me.user.id,
        () => null,
      )) ??
      null;
    const keep = current === null ? null : identityDbName(WIDGET_DB_NAME, { apiOrigin: this.apiOrigin, userId: current });
    // Still signed in as the same user (a 403: they may not read the data): the widget still says who it is for.
    if (had !== null && current === had.userId) this.dataset.signedIn = current;
    await forgetIdentities(WIDGET_DB_NAME, this.apiOrigin, keep).catch(() => undefined);
  }

  /** Asks the platform who is signed in now; loses the identity when that is nobody or someone else. */
  private async checkIdentity(client: ApiClient): Promise<boolean> {
    const mine = this.identity;
    if (!mine) return false;
    try {
      const me = await client.me();
      if (me.user.id === mine.userId) return true;
      await this.loseIdentity(
        `Someone else (${me.user.name}) signed in to the platform: reload the page to inspect as them. Nothing synced for the previous user is kept.`,
        me.user.id,
      );
    } catch (error) {
      if (!(error instanceof AuthError)) return true; // offline or a server error: the data stays, the sync will say
      await this.loseIdentity(sessionEndedMessage(error), null);
    }
    return false;
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
        before: () => this.checkIdentity(client),
        after: async (report, changed) => {
          // Refused mid-sync (401/403): the session ended or lost its rights; what was synced under it goes.
          if (report.stoppedBy instanceof AuthError) await this.loseIdentity(sessionEndedMessage(report.stoppedBy), null);
          else if (changed) await this.checkIdentity(client);
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

  /** What the page shows, with what the host page said over it. */
  private readContext(): PageContext {
    return { ...readPageContext(document, location), ...this.override };
  }

  private currentContext(): PageContext {
    return this.page?.current() ?? this.readContext();
  }

  private async start(): Promise<void> {
    this.attributeChangedCallback('dock');
    const ownOrigin = location.origin;
    const apiBase = this.getAttribute('api-base') ?? '';
    // No API key: the request carries the platform's session cookie (credentials: 'include').
    this.client = createApiClient({ baseUrl: apiBase });
    this.apiOrigin = apiBase === '' ? ownOrigin : new URL(apiBase, ownOrigin).origin;
    let me;
    try {
      me = await this.client.me();
    } catch (error) {
      // Not signed in (login page, after a sign-out) or no API: stay invisible and out of the way. Signed out, the
      // caches synced under earlier sessions of this platform go, and widgets in other tabs drop theirs.
      if (error instanceof AuthError) {
        await forgetIdentities(WIDGET_DB_NAME, this.apiOrigin).catch(() => undefined);
        announceIdentity({ apiOrigin: this.apiOrigin, userId: null });
      } else console.warn('Access Inspector widget: the platform API is not reachable', error);
      return;
    }
    if (!this.isConnected || this.stoodDown) return;
    this.identity = { apiOrigin: this.apiOrigin, userId: me.user.id };
    this.listenForIdentityNews();
    this.channel?.postMessage({ apiOrigin: this.apiOrigin, userId: me.user.id } satisfies IdentityNews);
    const db = await openIdentityCache(WIDGET_DB_NAME, this.identity);
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
    this.source = await cached.source(async () => ({ ...(await follower.loadData()), signedInUserId: me.user.id, retention: WIDGET_HISTORY_RETENTION }));
    this.dataset.signedIn = me.user.id;
    this.follower = follower;
    follower.start();
    this.cleanup.push(() => follower.stop());

    if (this.hasAttribute('badges')) {
      const source = this.source;
      // A badge's click opens the panel on that asset's explanation; new data makes the badges ask again.
      this.badges = createBadges(document, source, this.currentContext().userId ?? me.user.id, {
        onOpen: (assetId) => {
          this.toggle(true);
          this.panel?.explainAsset(assetId);
        },
      });
    }
    // Single-page navigation: the panel follows what the new page shows.
    const page = followPageContext(
      document,
      () => this.readContext(),
      (next) => this.panel?.setContext(next),
    );
    this.page = page;
    this.cleanup.push(
      () => page.stop(),
      () => (this.page = null),
    );
    this.listenForMessages(ownOrigin);
    // Back to a tab after a while: the session may have ended or changed meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && this.client && void this.checkIdentity(this.client);
    document.addEventListener('visibilitychange', onVisible);
    this.cleanup.push(() => document.removeEventListener('visibilitychange', onVisible));
    // A shared link (#access-inspector?asset=…&user=…): open its answer once, then drop the fragment.
    const shared = takeSharedLink(window);
    if (shared) {
      this.toggle(true);
      this.panel?.openShared(shared);
    } else if (this.hasAttribute('open')) this.toggle(true);
    await this.refresh();

    const minutes = Number(this.getAttribute('sync-minutes') ?? '15');
    if (Number.isFinite(minutes) && minutes > 0) {
      const id = window.setInterval(() => void this.refresh(), minutes * 60_000);
      this.cleanup.push(() => window.clearInterval(id));
    }
  }

  /** Another tab's widget of this platform signed in as someone else, or found nobody signed in. */
  private listenForIdentityNews(): void {
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(IDENTITY_CHANNEL);
    this.channel.onmessage = (event: MessageEvent<IdentityNews>) => {
      const news = event.data;
      if (!this.identity || !this.client || news?.apiOrigin !== this.apiOrigin || news.userId === this.identity.userId) return;
      // News is a hint, the platform is the truth: a tab may report a sign-out that a newer sign-in already undid.
      void this.checkIdentity(this.client);
    };
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
        this.page?.reread();
        if (msg.context.userId !== undefined) this.badges?.setUser(this.currentContext().userId);
      }
      void this.source?.syncStatus().then((status) => reply({ type: 'access-inspector:status', open: this.isOpen, status }));
    };
    window.addEventListener('message', onMessage);
    this.cleanup.push(() => window.removeEventListener('message', onMessage));
  }
}

function sessionEndedMessage(error: AuthError): string {
  return error.status === 403
    ? 'The platform does not let the signed-in user read its permission data (403): nothing to show. Nothing synced under this session is kept.'
    : 'Your session on the platform ended (401): sign in again. Nothing synced under it is kept.';
}

function announceIdentity(news: IdentityNews): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(IDENTITY_CHANNEL);
  channel.postMessage(news);
  channel.close();
}

if (!customElements.get('access-inspector')) customElements.define('access-inspector', AccessInspectorElement);
