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
import { whenExtensionPresent } from '../components/extension-presence';
import { readPageContext } from '../components/adapters/read-page';
import { DirectSource } from '../components/direct-source';
import { toPanelSyncStatus } from '../components/sync-status';
import { mount, type PanelHandle } from '../components/panel/mount';
import type { PageContext } from '../core/adapters/types';
import { CacheDb } from '../core/cache/db';
import { loadSnapshot, quarantinedRecords } from '../core/cache/read';
import { AuthError } from '../core/sync/errors';
import { createApiClient, type ApiClient } from '../core/sync/client';
import { runSync, syncStatus } from '../core/sync/run';
import type { SyncProgress } from '../core/sync/sync';
import { allowedOrigins } from './origins';
import { WIDGET_CSS } from './widget-css';

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

function dbNameFor(apiBase: string, ownOrigin: string): string {
  // The same-origin API gets the plain name; another API base gets its own database (its data is another fleet).
  return apiBase === '' || new URL(apiBase, ownOrigin).origin === ownOrigin ? WIDGET_DB_NAME : `${WIDGET_DB_NAME}:${new URL(apiBase).origin}`;
}

export class AccessInspectorElement extends HTMLElement {
  static observedAttributes = ['open', 'dock'];

  private root: ShadowRoot;
  private launcher: HTMLButtonElement;
  private frame: HTMLDivElement;
  private panelSlot: HTMLDivElement;
  private panel: PanelHandle | null = null;
  private badges: BadgeController | null = null;
  private source: DirectSource | null = null;
  private db: CacheDb | null = null;
  private client: ApiClient | null = null;
  private sync: Promise<void> | null = null;
  private running = new Map<string, SyncProgress>();
  private context: PageContext | null = null;
  private override: Partial<PageContext> = {};
  private cleanup: Array<() => void> = [];
  private started = false;
  /** Set when the extension took over this page: the widget then neither shows nor syncs. */
  private stoodDown = false;
  private syncAbort = new AbortController();

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    this.launcher = document.createElement('button');
    this.launcher.type = 'button';
    this.launcher.className = 'launcher';
    this.launcher.textContent = 'Access';
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', 'Access Inspector: why you can or cannot see things');
    this.launcher.addEventListener('click', () => this.toggle(!this.isOpen));
    this.frame = document.createElement('div');
    this.frame.className = 'frame';
    this.frame.hidden = true;
    this.panelSlot = document.createElement('div');
    this.panelSlot.className = 'slot';
    this.frame.append(this.panelSlot);
    // Invisible (WIDGET_CSS) until the platform says who is signed in: on the login page the widget shows nothing.
    this.root.append(style, this.frame, this.launcher);
  }

  get isOpen(): boolean {
    return !this.frame.hidden;
  }

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.cleanup.push(whenExtensionPresent(document, () => this.standDown()));
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
    this.started = false;
  }

  attributeChangedCallback(name: string): void {
    if (name === 'open') this.toggle(this.hasAttribute('open'));
    if (name === 'dock') this.frame.dataset.dock = this.getAttribute('dock') === 'right' ? 'right' : 'left';
  }

  /** Opens or closes the panel (mounted on first open). */
  toggle(open: boolean): void {
    if (open === this.isOpen) return;
    this.frame.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open && !this.panel && this.source) {
      this.panel = mount(this.panelSlot, {
        source: this.source,
        context: this.currentContext(),
        idPrefix: 'ai-widget',
        onClose: () => this.toggle(false),
        onInspectedUserChange: (userId) => this.badges?.setUser(userId),
      });
    }
  }

  /** Starts a sync unless one runs. */
  refresh(): Promise<boolean> {
    if (this.stoodDown || !this.db || !this.client || !this.source) return Promise.resolve(false);
    const db = this.db;
    const client = this.client;
    const source = this.source;
    this.sync ??= (async () => {
      this.running = new Map();
      source.setSyncStatus({ state: 'syncing', progress: { done: 0, total: null } });
      let changed = false;
      let lastPush = 0;
      try {
        const report = await runSync(db, client, {
          signal: this.syncAbort.signal,
          onProgress: (event) => {
            this.running.set(event.collection, event);
            if (event.recordsDone > 0) changed = true;
            if (Date.now() - lastPush > 250) {
              lastPush = Date.now();
              void this.statusFields(db).then((f) => source.setSyncStatus(f));
            }
          },
        });
        changed ||= report.collections.some((c) => c.puts + c.deletes + c.quarantined + c.restarts > 0);
      } catch (error) {
        // Stood down mid-sync: the abort is expected and the cache is closed; anything else is a real failure.
        if (!this.stoodDown) throw error;
      } finally {
        this.running = new Map();
        if (!this.stoodDown) {
          if (changed) source.setSnapshot(await loadSnapshot(db));
          source.setSyncStatus(await this.statusFields(db));
        }
        this.sync = null;
      }
    })();
    return Promise.resolve(true);
  }

  private statusFields(db: CacheDb) {
    return Promise.all([syncStatus(db), quarantinedRecords(db)]).then(([status, quarantine]) =>
      toPanelSyncStatus({ status, quarantine, running: this.running }),
    );
  }

  private currentContext(): PageContext {
    this.context = { ...readPageContext(document, location), ...this.override };
    return this.context;
  }

  private async start(): Promise<void> {
    this.attributeChangedCallback('dock');
    const ownOrigin = location.origin;
    const apiBase = this.getAttribute('api-base') ?? '';
    // No API key: the request carries the platform's session cookie (credentials: 'include').
    this.client = createApiClient({ baseUrl: apiBase });
    let me;
    try {
      me = await this.client.me();
    } catch (error) {
      // Not signed in (login page) or no API: stay invisible and out of the way.
      if (!(error instanceof AuthError)) console.warn('Access Inspector widget: the platform API is not reachable', error);
      return;
    }
    if (!this.isConnected || this.stoodDown) return;
    this.db = new CacheDb(dbNameFor(apiBase, ownOrigin));
    const [snapshot, fields] = await Promise.all([loadSnapshot(this.db), this.statusFields(this.db)]);
    this.source = new DirectSource({
      snapshot,
      signedInUserId: me.user.id,
      status: fields,
      onRefresh: () => this.refresh(),
    });
    this.dataset.signedIn = me.user.id;

    if (this.hasAttribute('badges')) this.badges = createBadges(document, this.source, this.currentContext().userId ?? me.user.id);
    this.listenForNavigation();
    this.listenForMessages(ownOrigin);
    if (this.hasAttribute('open')) this.toggle(true);
    await this.refresh();

    const minutes = Number(this.getAttribute('sync-minutes') ?? '15');
    if (Number.isFinite(minutes) && minutes > 0) {
      const id = window.setInterval(() => void this.refresh(), minutes * 60_000);
      this.cleanup.push(() => window.clearInterval(id));
    }
  }

  /** Single-page navigation: re-read what the page shows when the URL or the page marker changes. */
  private listenForNavigation(): void {
    const reread = () => {
      const before = JSON.stringify(this.context);
      const next = this.currentContext();
      if (JSON.stringify(next) === before) return;
      this.panel?.setContext(next);
    };
    window.addEventListener('popstate', reread);
    this.cleanup.push(() => window.removeEventListener('popstate', reread));
    const nav = (window as unknown as { navigation?: EventTarget }).navigation;
    if (nav) {
      nav.addEventListener('navigatesuccess', reread);
      this.cleanup.push(() => nav.removeEventListener('navigatesuccess', reread));
    }
    const observer = new MutationObserver(reread);
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-ai-page', 'data-ai-user-id'] });
    this.cleanup.push(() => observer.disconnect());
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
        reply({ type: 'access-inspector:error', message: `bad ${String(event.data.type)} message: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'access-inspector:open') this.toggle(true);
      else if (msg.type === 'access-inspector:close') this.toggle(false);
      else if (msg.type === 'access-inspector:refresh') void this.refresh();
      else if (msg.type === 'access-inspector:context') {
        this.override = Object.fromEntries(Object.entries(msg.context).filter(([, v]) => v !== undefined));
        const next = this.currentContext();
        this.panel?.setContext(next);
        if (msg.context.userId !== undefined) this.badges?.setUser(next.userId);
      }
      void this.source?.syncStatus().then((status) => reply({ type: 'access-inspector:status', open: this.isOpen, status }));
    };
    window.addEventListener('message', onMessage);
    this.cleanup.push(() => window.removeEventListener('message', onMessage));
  }
}

if (!customElements.get('access-inspector')) customElements.define('access-inspector', AccessInspectorElement);
