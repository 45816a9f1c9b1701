// A cache belongs to one identity (platform origin + signed-in user): opening one deletes the others of that
// platform, a sign-out deletes them all, and another platform's caches are not touched.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { forgetIdentities, identityDbName, openIdentityCache } from '../../core/cache/identity';

const BASE = 'access-inspector-widget';
const A = 'http://127.0.0.1:8787';
const B = 'https://other.example';

async function names(factory: IDBFactory): Promise<string[]> {
  return (await factory.databases()).map((d) => d.name!).sort();
}

async function openWithData(factory: IDBFactory, apiOrigin: string, userId: string) {
  const db = await openIdentityCache(BASE, { apiOrigin, userId }, { indexedDB: factory, IDBKeyRange });
  await db.syncState.put({ collection: 'users', cursor: `cursor-of-${userId}` } as never);
  return db;
}

describe('identity-keyed caches', () => {
  it('names a database after the platform and the user, so two users never share one', () => {
    const sam = identityDbName(BASE, { apiOrigin: A, userId: 'u-sam-support' });
    const cora = identityDbName(BASE, { apiOrigin: A, userId: 'u-cora-customer' });
    expect(sam).not.toBe(cora);
    expect(identityDbName(BASE, { apiOrigin: B, userId: 'u-sam-support' })).not.toBe(sam);
    // A user id cannot pose as another platform's prefix.
    expect(identityDbName(BASE, { apiOrigin: A, userId: `x/${B}` })).toContain(encodeURIComponent('/'));
  });

  it('a new user starts empty, and the previous user’s cache of that platform is deleted', async () => {
    const factory = new IDBFactory();
    const sam = await openWithData(factory, A, 'u-sam-support');
    sam.close();
    const other = await openWithData(factory, B, 'u-sam-support');
    other.close();
    // The name used before identities were part of it goes too.
    await new Promise<void>((r) => (factory.open(BASE).onsuccess = (e) => ((e.target as IDBOpenDBRequest).result.close(), r())));

    const cora = await openIdentityCache(BASE, { apiOrigin: A, userId: 'u-cora-customer' }, { indexedDB: factory, IDBKeyRange });
    expect(await cora.syncState.get('users')).toBeUndefined();
    expect(await names(factory)).toEqual(
      [
        identityDbName(BASE, { apiOrigin: A, userId: 'u-cora-customer' }),
        identityDbName(BASE, { apiOrigin: B, userId: 'u-sam-support' }),
      ].sort(),
    );
    cora.close();
  });

  it('the same user gets their cache back', async () => {
    const factory = new IDBFactory();
    (await openWithData(factory, A, 'u-sam-support')).close();
    const again = await openIdentityCache(BASE, { apiOrigin: A, userId: 'u-sam-support' }, { indexedDB: factory, IDBKeyRange });
    expect((await again.syncState.get('users'))?.cursor).toBe('cursor-of-u-sam-support');
    again.close();
  });

  it('signed out: every cache of that platform is deleted, another platform keeps its own', async () => {
    const factory = new IDBFactory();
    (await openWithData(factory, A, 'u-sam-support')).close();
    (await openWithData(factory, B, 'u-tara-tech')).close();
    const gone = await forgetIdentities(BASE, A, null, factory);
    expect(gone).toEqual([identityDbName(BASE, { apiOrigin: A, userId: 'u-sam-support' })]);
    expect(await names(factory)).toEqual([identityDbName(BASE, { apiOrigin: B, userId: 'u-tara-tech' })]);
  });
});
