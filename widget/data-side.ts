// The widget's data side, run in its dedicated worker (widget/worker.ts) so that nothing of the cache, the sync or
// the engine runs on the page's main thread: whom the cache belongs to (widget/identity.ts), the user's IndexedDB
// cache (Dexie), its sync from the API with the page's session cookie, the source over it (core/host/cached-source.ts)
// and the parsing of every request the page side sends (validatedSource; widget/messages.ts for postMessage).
import { Dexie } from 'dexie';
import { createDirectSource, type EngineSource } from '../core/source/direct-source';
import { handleDataSourceRequest } from '../core/source/request-handler';
import type { CacheDb } from '../core/cache/db';
import { openIdentityCache } from '../core/cache/identity';
import { CacheFollower } from '../core/cache/follow';
import { historyRetentionOf } from '../core/messaging/settings';
import { AuthError } from '../core/sync/errors';
import { createApiClient, type ApiClient } from '../core/sync/client';
import { CachedSource } from '../core/host/cached-source';
import type { SyncStatus } from '../core/source/data-source';
import { WidgetIdentity } from './identity';
import { InboundMessageSchema } from './messages';
import type { FromWorker, InboundCheck, ToWorker } from './worker-protocol';

export const WIDGET_DB_NAME = 'access-inspector-widget';
/**
 * How much history the widget's cache keeps: the widget has no options page of its own (its settings are the
 * extension's), so it keeps the defaults (30 days, 64 MB).
 */
const WIDGET_HISTORY_RETENTION = historyRetentionOf({});

export class WidgetDataSide {
  private source: EngineSource | null = null;
  /** The source being built from the cache (null once built, or before sign-in). */
  private building: Promise<EngineSource | null> | null = null;
  private db: CacheDb | null = null;
  private client: ApiClient | null = null;
  private cached: CachedSource | null = null;
  private follower: CacheFollower | null = null;
  private identity: WidgetIdentity | null = null;
  private syncAbort = new AbortController();
  private running = false;
  private stopped = false;
  private cleanup: Array<() => void> = [];

  constructor(private readonly post: (message: FromWorker) => void) {}

  /** Every message from the page side. */
  handle(message: ToWorker): void {
    switch (message.kind) {
      case 'start':
        void this.start(message.apiBase, message.apiOrigin, message.syncMinutes);
        return;
      case 'stop':
        this.stop(message.reason);
        return;
      case 'refresh':
        void this.refresh();
        return;
      case 'check':
        void this.checkIdentity();
        return;
      case 'call':
        this.cached?.noteRequest();
        this.answer(message.id, async () => {
          // Signed in, the cache still being read: the call waits for the source rather than failing.
          const source = this.building ? await this.building : this.source;
          if (!source) throw new Error('The Access Inspector widget has no data yet.');
          return handleDataSourceRequest(source, message.method, message.request);
        });
        return;
      case 'inbound':
        this.answer(message.id, () => Promise.resolve(checkInbound(message.data)));
        return;
    }
  }

  private answer(id: number, run: () => Promise<unknown>): void {
    let answer: Promise<unknown>;
    try {
      answer = run();
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => this.post({ kind: 'answer', id, ok: true, value }),
      (error: unknown) =>
        this.post({
          kind: 'answer',
          id,
          ok: false,
          name: error instanceof Error ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  private setSource(source: EngineSource): void {
    this.source = source;
    // Status pushes of the source that answers now (a replaced one goes quiet: nothing is left subscribed to it).
    const unsubscribe = source.subscribe((status: SyncStatus) => {
      if (this.source === source) this.post({ kind: 'status', status });
    });
    this.cleanup.push(unsubscribe);
  }

  private get lost(): boolean {
    return this.identity?.lost ?? false;
  }

  private checkIdentity(): Promise<boolean> {
    return this.identity?.check() ?? Promise.resolve(false);
  }

  /** The element left the page or the extension took over: stop syncing and let go of the cache. */
  private stop(reason: string): void {
    this.stopped = true;
    this.syncAbort.abort(new Error(reason));
    this.syncAbort = new AbortController();
    for (const fn of this.cleanup.splice(0)) fn();
    this.follower?.stop();
    this.follower = null;
    this.db?.close();
    this.db = null;
    this.identity?.close();
    this.running = false;
  }

  /**
   * The session this cache belongs to ended or another user signed in (widget/identity.ts): stop syncing, close the
   * cache, and answer only what happened, no data.
   */
  private letGo(message: string, had: string | null): void {
    this.syncAbort.abort(new Error(message));
    this.setSource(createDirectSource({ status: { state: 'error', errors: [{ message, at: new Date().toISOString() }] } }));
    this.follower?.stop();
    this.db?.close();
    this.db = null;
    // From here on the page side shows nothing of the old data.
    this.post({ kind: 'lost', message, had });
  }

  /** Starts a sync unless one runs. */
  refresh(): Promise<boolean> {
    if (this.stopped || this.lost || !this.cached?.built || !this.client) return Promise.resolve(false);
    const client = this.client;
    const live = () => !this.stopped && !this.lost;
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
        // Stopped or lost the session mid-sync: the abort is expected and the cache is closed.
        swallow: () => !live(),
        live,
      })
      .catch((error: unknown) => console.warn('Access Inspector widget: the sync failed', error));
    return Promise.resolve(true);
  }

  private async start(apiBase: string, apiOrigin: string, syncMinutes: number): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    // No API key: the request carries the platform's session cookie (credentials: 'include').
    this.client = createApiClient({ baseUrl: apiBase });
    // Kept across a restart: a lost identity stays lost until the page is reloaded.
    this.identity ??= new WidgetIdentity(this.client, apiOrigin, WIDGET_DB_NAME, {
      onLost: (message, had) => this.letGo(message, had?.userId ?? null),
      onStillSignedIn: (userId) => this.post({ kind: 'still-signed-in', userId }),
    });
    const identity = this.identity;
    // Not signed in (login page, after a sign-out) or no API: stay invisible and out of the way.
    const me = await identity.signIn();
    if (!me || this.stopped) return;
    identity.hold(me);
    const db = await openIdentityCache(WIDGET_DB_NAME, me);
    // Identity lost or stopped while the cache opened: an open connection would block deleting that cache.
    if (this.stopped || this.lost) {
      db.close();
      return;
    }
    this.db = db;
    const cached = new CachedSource(db, { onRefresh: () => this.refresh() });
    this.cached = cached;
    // Another tab's sync (this one's was skipped under the lock) or reset: the source follows what is committed,
    // patched or read whole by the cached source (this context's own sync brings it up when the run ends).
    const follower = new CacheFollower(db, {
      onCommit: () => {
        if (this.lost || this.stopped || cached.syncing) return;
        void cached
          .followCache()
          .then(() => cached.pushStatus(true))
          .catch((error: unknown) => {
            // A closed cache (the page left, the identity changed) has nothing more to follow.
            if (!(error instanceof Dexie.DatabaseClosedError)) console.warn('Access Inspector widget: could not follow the cache', error);
          });
      },
      paused: () => cached.syncing,
    });
    // Resolves once the source answers (or, if the session was lost meanwhile, to what answers then: no data). The
    // worker starts cold on every page load: the source starts from the stored fleet when it is current.
    const building = cached
      .source(async () => ({ signedInUserId: me.userId, retention: WIDGET_HISTORY_RETENTION }))
      .then((source) => {
        if (this.stopped || this.lost) return this.source;
        this.setSource(source);
        this.follower = follower;
        follower.start();
        return source;
      })
      .catch((error: unknown) => {
        console.warn('Access Inspector widget: its cache could not be read', error);
        return this.source;
      })
      .finally(() => {
        if (this.building === building) this.building = null;
      });
    this.building = building;
    // The launcher shows now, while the cache is read (that grows with the fleet; the sign-in check does not).
    this.post({ kind: 'signed-in', userId: me.userId });
    if (!(await building) || this.stopped || this.lost) return;
    await this.refresh();

    if (Number.isFinite(syncMinutes) && syncMinutes > 0) {
      const id = setInterval(() => void this.refresh(), syncMinutes * 60_000);
      this.cleanup.push(() => clearInterval(id));
    }
  }
}

/** Another window's postMessage, checked against the widget's schema; a bad one gets a message naming what was wrong. */
export function checkInbound(data: unknown): InboundCheck {
  const parsed = InboundMessageSchema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type = (data as { type?: unknown } | null)?.type;
  return { ok: false, message: `bad ${String(type)} message: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}
