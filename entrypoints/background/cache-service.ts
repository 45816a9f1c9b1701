// The background's data: the cached source (core/host/cached-source.ts: the Dexie cache, the sync into it, the
// status and the DirectSource that answers the panel) plus what only the extension knows: the settings (platform
// and API key) and whose data the cache holds (the API key's account). The source is built on the first request
// after the service worker starts; sync progress lives in IndexedDB, so a stopped worker loses nothing.
import { browser } from 'wxt/browser';
import type { EngineSource } from '../../core/source/direct-source';
import type { SyncStatus } from '../../core/source/data-source';
import type { ExtensionState } from '../../components/messaging/protocol';
import { CacheDb } from '../../core/cache/db';
import { countRecords } from '../../core/cache/read';
import { CachedSource, type SyncRun } from '../../core/host/cached-source';
import { historyRetentionOf, originOf, type Settings } from '../../core/messaging/settings';
import { createApiClient } from '../../core/sync/client';
import { AuthError } from '../../core/sync/errors';
import { recordSyncError, resetCache } from '../../core/sync/sync';
import { hasHostAccess } from './content-registration';
import { loadSettings } from './settings-store';

/** storage.local key of who the API key signs in as (kept so a restarted worker knows without asking). */
export const ACCOUNT_KEY = 'account';
interface Account {
  baseUrl: string;
  userId: string;
}

export class CacheService {
  readonly db: CacheDb;
  private readonly cached: CachedSource;

  constructor(broadcast: (status: SyncStatus) => void, db = new CacheDb()) {
    this.db = db;
    this.cached = new CachedSource(db, { onRefresh: () => this.startSync(), onStatus: broadcast, onSourceStatus: broadcast });
  }

  /** The source, built from IndexedDB on first use (every panel request asks for it: a request is noted). */
  getSource(): Promise<EngineSource> {
    this.cached.noteRequest();
    return this.cached.source(async () => {
      const [account, settings] = await Promise.all([this.account(), loadSettings()]);
      return {
        signedInUserId: account && settings && account.baseUrl === settings.baseUrl ? account.userId : null,
        retention: settings ? historyRetentionOf(settings) : undefined,
      };
    });
  }

  private async account(): Promise<Account | null> {
    const stored = (await browser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY] as Account | undefined;
    return stored && typeof stored.userId === 'string' && typeof stored.baseUrl === 'string' ? stored : null;
  }

  /** The current status, without building the source when nobody asked for it yet. */
  currentStatus(): Promise<SyncStatus> {
    return this.cached.currentStatus();
  }

  async extensionState(): Promise<ExtensionState> {
    const settings = await loadSettings();
    const [status, counts, hostAccess] = await Promise.all([this.currentStatus(), countRecords(this.db), hasHostAccess(settings)]);
    return { configured: settings !== null, origin: settings ? originOf(settings.baseUrl) : null, hostAccess, status, counts };
  }

  /** Starts a sync unless one runs; resolves to whether a sync could start (configured and granted). */
  async startSync(): Promise<boolean> {
    const settings = await loadSettings();
    if (!settings || !(await hasHostAccess(settings))) return false;
    void this.cached.sync(this.syncRun(settings)).catch((error: unknown) => console.warn('Access Inspector: the sync failed', error));
    return true;
  }

  /** Waits for the sync in progress, if any (the alarm handler keeps the worker busy until it is done). */
  whenIdle(): Promise<void> {
    return this.cached.whenIdle();
  }

  private syncRun(settings: Settings): SyncRun {
    const client = createApiClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey });
    return {
      client,
      // The user's history retention (options page): the sync compacts the history to it.
      history: historyRetentionOf(settings),
      before: async () => {
        try {
          const me = await client.me();
          const before = await this.account();
          // The key now signs in as someone else (reassigned on the platform): what was synced for the previous user
          // must not answer for this one, exactly as when the settings change.
          if (before !== null && (before.baseUrl !== settings.baseUrl || before.userId !== me.user.id)) await this.emptyCache();
          await browser.storage.local.set({ [ACCOUNT_KEY]: { baseUrl: settings.baseUrl, userId: me.user.id } satisfies Account });
          (await this.cached.whenBuilt())?.setSignedInUser(me.user.id);
        } catch (error) {
          // Refused (401/403): the key no longer reads this platform, and nothing read with it is kept. The sync
          // meets the same refusal and records it where the panel shows it. Other failures keep the cache (offline).
          if (error instanceof AuthError) await this.emptyCache();
        }
        return true;
      },
      after: async (report) => {
        if (!(report.stoppedBy instanceof AuthError)) return false;
        // Refused mid-sync: nothing read with this key is kept. Emptying the cache also forgets the refusal the run
        // recorded, so it is written back for the panel: it is known, the platform need not be asked again.
        const refusal = report.stoppedBy;
        const refused = report.collections.find((c) => c.error === refusal);
        await this.emptyCache();
        if (refused) await recordSyncError(this.db, refused.collection, refusal, new Date().toISOString());
        return true;
      },
    };
  }

  /** Settings changed: data cached for another platform or API key must not answer for the new one. */
  async settingsChanged(previous: Settings | null, next: Settings | null): Promise<boolean> {
    if (previous?.baseUrl === next?.baseUrl && previous?.apiKey === next?.apiKey) return false;
    await this.cached.whenIdle();
    await this.emptyCache();
    this.cached.drop();
    return true;
  }

  /** Empties the cache and forgets whose it was; the panel's views see the empty data at once. */
  private async emptyCache(): Promise<void> {
    await resetCache(this.db);
    await browser.storage.local.remove(ACCOUNT_KEY);
    (await this.cached.whenBuilt())?.setSignedInUser(null);
    await this.cached.reloadSnapshot();
  }
}
