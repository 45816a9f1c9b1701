// The background's data: the Dexie cache, the sync into it, and the DirectSource that answers the panel. The source
// (the compiled fleet) is only a cache of what IndexedDB holds: built on the first request after the service
// worker starts, rebuilt after a sync that changed data. Sync progress lives in IndexedDB (core/sync); the only
// in-memory sync state is the progress of a run in this very worker, which dies with it.
import { browser } from 'wxt/browser';
import { DirectSource } from '../../core/source/direct-source';
import { toPanelSyncStatus } from '../../core/source/sync-status';
import type { SyncStatus } from '../../core/source/data-source';
import type { ExtensionState } from '../../components/messaging/protocol';
import { CacheDb } from '../../core/cache/db';
import { countRecords, loadSnapshot, quarantinedRecords } from '../../core/cache/read';
import { originOf, type Settings } from '../../core/messaging/settings';
import { createApiClient } from '../../core/sync/client';
import { AuthError } from '../../core/sync/errors';
import { runSync, syncStatus } from '../../core/sync/run';
import { recordSyncError, resetCache, type SyncProgress } from '../../core/sync/sync';
import { hasHostAccess } from './content-registration';
import { loadSettings } from './settings-store';

/** storage.local key of who the API key signs in as (kept so a restarted worker knows without asking). */
const ACCOUNT_KEY = 'account';
interface Account {
  baseUrl: string;
  userId: string;
}

/** Status pushes during a sync at most this often (each one is a message to every platform tab). */
const PUSH_INTERVAL_MS = 250;

export class CacheService {
  readonly db = new CacheDb();
  private source: Promise<DirectSource> | null = null;
  private running = new Map<string, SyncProgress>();
  private lastPush = 0;
  private sync: Promise<void> | null = null;

  constructor(private readonly broadcast: (status: SyncStatus) => void) {}

  /** The source, built from IndexedDB on first use. */
  getSource(): Promise<DirectSource> {
    this.source ??= (async () => {
      const [snapshot, fields, account, settings] = await Promise.all([loadSnapshot(this.db), this.statusFields(), this.account(), loadSettings()]);
      const source = new DirectSource({
        snapshot,
        signedInUserId: account && settings && account.baseUrl === settings.baseUrl ? account.userId : null,
        status: fields,
        onRefresh: () => this.startSync(),
      });
      source.subscribe((status) => this.broadcast(status));
      return source;
    })();
    this.source.catch(() => (this.source = null));
    return this.source;
  }

  private async account(): Promise<Account | null> {
    const stored = (await browser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY] as Account | undefined;
    return stored && typeof stored.userId === 'string' && typeof stored.baseUrl === 'string' ? stored : null;
  }

  private async statusFields() {
    const [status, quarantine] = await Promise.all([syncStatus(this.db), quarantinedRecords(this.db)]);
    return toPanelSyncStatus({ status, quarantine, running: this.running });
  }

  /** The current status, without building the source when nobody asked for it yet. */
  async currentStatus(): Promise<SyncStatus> {
    if (this.source) return (await this.source).syncStatus();
    return { ...(await this.statusFields()), dataVersion: 0 };
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
    this.sync ??= this.runSync(settings).finally(() => (this.sync = null));
    return true;
  }

  /** Waits for the sync in progress, if any (the alarm handler keeps the worker busy until it is done). */
  async whenIdle(): Promise<void> {
    await this.sync;
  }

  private async runSync(settings: Settings): Promise<void> {
    const client = createApiClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey });
    try {
      const me = await client.me();
      const before = await this.account();
      // The key now signs in as someone else (reassigned on the platform): what was synced for the previous user
      // must not answer for this one, exactly as when the settings change.
      if (before !== null && (before.baseUrl !== settings.baseUrl || before.userId !== me.user.id)) await this.emptyCache();
      await browser.storage.local.set({ [ACCOUNT_KEY]: { baseUrl: settings.baseUrl, userId: me.user.id } satisfies Account });
      if (this.source) (await this.source).setSignedInUser(me.user.id);
    } catch (error) {
      // Refused (401/403): the key no longer reads this platform, and nothing read with it is kept. The sync below
      // meets the same refusal and records it where the panel shows it. Other failures keep the cache (offline).
      if (error instanceof AuthError) await this.emptyCache();
    }
    this.running = new Map();
    await this.pushStatus(true);
    let changed = false;
    try {
      const report = await runSync(this.db, client, {
        onProgress: (event) => {
          this.running.set(event.collection, event);
          if (event.recordsDone > 0) changed = true;
          void this.pushStatus(false);
        },
      });
      changed ||= report.collections.some((c) => c.puts + c.deletes + c.quarantined + c.restarts > 0);
      if (report.stoppedBy instanceof AuthError) {
        // Refused mid-sync: nothing read with this key is kept. Emptying the cache also forgets the refusal the run
        // recorded, so it is written back for the panel: it is known, the platform need not be asked again.
        const refusal = report.stoppedBy;
        const refused = report.collections.find((c) => c.error === refusal);
        await this.emptyCache();
        if (refused) await recordSyncError(this.db, refused.collection, refusal, new Date().toISOString());
        changed = true;
      }
    } finally {
      this.running = new Map();
      if (changed && this.source) (await this.source).setSnapshot(await loadSnapshot(this.db));
      await this.pushStatus(true);
    }
  }

  private async pushStatus(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastPush < PUSH_INTERVAL_MS) return;
    this.lastPush = now;
    const fields = await this.statusFields();
    if (this.source) (await this.source).setSyncStatus(fields);
    else this.broadcast({ ...fields, dataVersion: 0 });
  }

  /** Settings changed: data cached for another platform or API key must not answer for the new one. */
  async settingsChanged(previous: Settings | null, next: Settings | null): Promise<boolean> {
    if (previous?.baseUrl === next?.baseUrl && previous?.apiKey === next?.apiKey) return false;
    await this.sync?.catch(() => undefined);
    await this.emptyCache();
    this.source = null;
    return true;
  }

  /** Empties the cache and forgets whose it was; the panel's views see the empty data at once. */
  private async emptyCache(): Promise<void> {
    await resetCache(this.db);
    await browser.storage.local.remove(ACCOUNT_KEY);
    if (this.source) {
      const source = await this.source;
      source.setSignedInUser(null);
      source.setSnapshot(await loadSnapshot(this.db));
    }
  }
}
