// A DataSource that forwards every call to another process (the background) through a transport the shell gives
// it. No zod and no engine here: this is what the content script bundles.
import type { DataSource, DataSourceMethod, RequestOf, ResponseOf, SyncStatus } from './data-source';

export interface DataSourceTransport {
  call(method: DataSourceMethod, request: unknown): Promise<unknown>;
  /** Delivers status pushes from the other side; returns its unsubscribe. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

const METHODS: DataSourceMethod[] = [
  'syncStatus', 'signedInUser', 'searchUsers', 'listProjects', 'who', 'assignableRoles', 'verifyQueue', 'projectFacts',
  'explainAsset', 'whoCanSee', 'registration', 'flipImpact', 'assetPage', 'assetEffects', 'tickets', 'refresh',
  'compare', 'compareChanges', 'listProjectRoles', 'overlayView', 'searchOrganizations', 'invitation', 'snapshotPart',
  'roleImpact', 'roleImpactAssets',
];

export function createRemoteSource(transport: DataSourceTransport): DataSource {
  const source = { subscribe: (listener: (s: SyncStatus) => void) => transport.subscribe(listener) } as Partial<DataSource>;
  for (const method of METHODS) {
    (source as Record<string, unknown>)[method] = (request: RequestOf<typeof method>) =>
      transport.call(method, request) as Promise<ResponseOf<typeof method>>;
  }
  return source as DataSource;
}

export const REMOTE_METHODS: readonly DataSourceMethod[] = METHODS;
