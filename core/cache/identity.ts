// A cache belongs to one identity: the platform origin it was synced from and the user it was synced as. The
// identity is part of the database's name, so no code path can open (let alone show) data synced under another
// session: a new user starts from an empty database, not even for a moment seeing the previous one's. Databases
// of other identities of the same platform are deleted when an identity opens its own, and all of them when
// nobody is signed in any more (sign-out, expired session, 401/403): nothing of a previous identity is kept.
import { CacheDb, type CacheDbOptions } from './db';

export interface CacheIdentity {
  /** Origin of the platform API the data comes from. */
  apiOrigin: string;
  /** The signed-in user the platform answered for (GET /me). */
  userId: string;
}

/** How long a deletion may wait for a connection of another tab to let go (it still completes later). */
const DELETE_WAIT_MS = 2000;

function platformPrefix(base: string, apiOrigin: string): string {
  return `${base}@${encodeURIComponent(apiOrigin)}/`;
}

/** The database of one identity, e.g. "access-inspector-widget@http%3A%2F%2F127.0.0.1%3A8787/u-cora-customer". */
export function identityDbName(base: string, identity: CacheIdentity): string {
  return `${platformPrefix(base, identity.apiOrigin)}${encodeURIComponent(identity.userId)}`;
}

/**
 * Databases of `base` for this platform (and those named before identities were part of the name: `base` alone or
 * `base:<origin>`), except `keep`.
 */
async function staleNames(factory: IDBFactory, base: string, apiOrigin: string, keep: string | null): Promise<string[]> {
  const all = await factory.databases();
  const prefix = platformPrefix(base, apiOrigin);
  return all
    .map((d) => d.name ?? '')
    .filter((name) => name !== keep && (name.startsWith(prefix) || name === base || name.startsWith(`${base}:`)));
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = factory.deleteDatabase(name);
    // Blocked by a connection of another tab: that tab hears "versionchange" and closes (Dexie does by default);
    // don't wait for ever, the deletion finishes once it has.
    const timer = setTimeout(resolve, DELETE_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onsuccess = done;
    // A failed delete must not keep the current identity from its own cache (a different database): the stale one
    // is listed and deleted again at the next open, as every open forgets the other identities first.
    request.onerror = done;
  });
}

/** Deletes every cache of this platform except `keep` (null: all of them). */
export async function forgetIdentities(
  base: string,
  apiOrigin: string,
  keep: string | null = null,
  factory: IDBFactory = indexedDB,
): Promise<string[]> {
  const names = await staleNames(factory, base, apiOrigin, keep);
  await Promise.all(names.map((n) => deleteDatabase(factory, n)));
  return names;
}

/** Opens the cache of `identity`, after deleting those of every other identity of the same platform. */
export async function openIdentityCache(base: string, identity: CacheIdentity, options: CacheDbOptions = {}): Promise<CacheDb> {
  const factory = (options.indexedDB as IDBFactory | undefined) ?? indexedDB;
  const name = identityDbName(base, identity);
  await forgetIdentities(base, identity.apiOrigin, name, factory);
  return new CacheDb(name, options);
}
