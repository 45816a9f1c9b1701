import { describe, expect, it } from 'vitest';
import { emptySyncState } from '../../core/cache/db';
import { COLLECTION_NAMES } from '../../core/model/snapshot';
import type { SyncStatus as CacheSyncStatus } from '../../core/sync/run';
import { toPanelSyncStatus } from '../../core/source/sync-status';

const caughtUp = (at: string | null): CacheSyncStatus => {
  const collections = COLLECTION_NAMES.map((c) => ({ ...emptySyncState(c), caughtUp: at !== null, dataAsOf: at }));
  return { collections, complete: at !== null, dataAsOf: at, lastSyncedAt: at, errors: [], needsAuth: false };
};

describe('toPanelSyncStatus', () => {
  it('says "empty" before the first sync and "idle" with the data-as-of time after it', () => {
    expect(toPanelSyncStatus({ status: caughtUp(null), quarantine: [] }).state).toBe('empty');
    const s = toPanelSyncStatus({ status: caughtUp('2026-11-20T08:00:00.000Z'), quarantine: [] });
    expect(s).toMatchObject({ state: 'idle', dataAsOf: '2026-11-20T08:00:00.000Z', progress: null, errors: [] });
  });

  it('adds up progress over the running collections; an unknown total stays unknown', () => {
    const running = new Map([
      ['users', { collection: 'users' as const, phase: 'page' as const, pagesDone: 1, recordsDone: 40, estimatedTotal: 100 }],
      ['assets', { collection: 'assets' as const, phase: 'page' as const, pagesDone: 2, recordsDone: 60, estimatedTotal: 300 }],
    ]);
    expect(toPanelSyncStatus({ status: caughtUp(null), quarantine: [], running }).progress).toEqual({ done: 100, total: 400 });
    running.set('tickets', { collection: 'tickets' as never, phase: 'start', pagesDone: 0, recordsDone: 0 } as never);
    expect(toPanelSyncStatus({ status: caughtUp(null), quarantine: [], running })).toMatchObject({
      state: 'syncing',
      progress: { done: 100, total: null },
    });
  });

  it('names the collection of each error and lists quarantined records with their paths', () => {
    const status = caughtUp('2026-11-20T08:00:00.000Z');
    status.errors = [{ collection: 'assets', kind: 'AuthError', message: 'HTTP 401', at: '2026-11-20T09:00:00.000Z' }];
    const s = toPanelSyncStatus({
      status,
      quarantine: [
        {
          collection: 'projectRoles',
          key: 'pr-bad',
          raw: '{}',
          rawTruncated: false,
          receivedAt: '2026-11-20T08:00:00.000Z',
          problems: [{ collection: 'projectRoles', index: null, recordId: 'pr-bad', path: 'tags[0].write', message: 'write without read' }],
        },
      ],
    });
    expect(s.state).toBe('error');
    expect(s.errors[0].message).toMatch(/^assets: HTTP 401 — check the API key/);
    expect(s.quarantined).toEqual([{ collection: 'projectRoles', key: 'pr-bad', path: 'tags[0].write', message: 'write without read' }]);
  });
});
