// The content script's DataSource: every call is one extension message to the background, where a DirectSource
// answers it (same interface, same names). Status pushes arrive as `statusChanged` messages. No zod, no engine,
// no Dexie here — this is what keeps the content script small.
import type { SyncStatus } from '../../core/source/data-source';
import type { DataSource } from '../../core/source/data-source';
import { createRemoteSource, type DataSourceTransport } from '../../core/source/remote-source';
import { messenger, type ExtensionProtocol } from './protocol';

export function createMessagingSource(): DataSource {
  const listeners = new Set<(status: SyncStatus) => void>();
  let stopListening: (() => void) | null = null;

  const transport: DataSourceTransport = {
    call(method, request) {
      // One generic call for every method: the protocol maps each method name to the same request/answer pair.
      const send = messenger.sendMessage as (type: keyof ExtensionProtocol, data: unknown) => Promise<unknown>;
      return send(method, request ?? {});
    },
    subscribe(listener) {
      listeners.add(listener);
      // @webext-core allows one listener per message type in a context; fan out from it.
      stopListening ??= messenger.onMessage('statusChanged', ({ data }) => {
        for (const l of listeners) l(data);
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stopListening?.();
          stopListening = null;
        }
      };
    },
  };
  return createRemoteSource(transport);
}
