// A DataSource that forwards every call to another process (the background) through a transport the shell gives
// it. No zod and no engine here: this is what the content script bundles. The other side parses each request.
import { DATA_SOURCE_METHOD_NAMES, type DataSourceMethod } from './methods';
import type { DataSource, SyncStatus } from './data-source';

export interface DataSourceTransport {
  call(method: DataSourceMethod, request: unknown): Promise<unknown>;
  /** Delivers status pushes from the other side; returns its unsubscribe. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export function createRemoteSource(transport: DataSourceTransport): DataSource {
  const calls = Object.fromEntries(DATA_SOURCE_METHOD_NAMES.map((m) => [m, (request: unknown) => transport.call(m, request)]));
  return { ...calls, subscribe: (listener: (s: SyncStatus) => void) => transport.subscribe(listener) } as DataSource;
}

export const REMOTE_METHODS: readonly DataSourceMethod[] = DATA_SOURCE_METHOD_NAMES;
