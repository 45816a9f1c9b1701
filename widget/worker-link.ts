// The page side's end of the worker (widget/worker.ts): requests with an id answered in turn, the data source the
// panel reads (core/source/remote-source.ts over those requests), and the worker's news for the element. No zod,
// no engine, no Dexie: all of that is in the worker.
import type { DataSource, SyncStatus } from '../core/source/data-source';
import { createRemoteSource } from '../core/source/remote-source';
import type { FromWorker, InboundCheck, ToWorker } from './worker-protocol';

/** What the worker tells the element (answers and status go to the source's callers and subscribers). */
export type WorkerNews = Exclude<FromWorker, { kind: 'answer' } | { kind: 'status' }>;

export interface WorkerLink {
  /** What the panel reads: every call answered by the worker's source. */
  readonly source: DataSource;
  send(message: Exclude<ToWorker, { kind: 'call' | 'inbound' }>): void;
  /** Another window's postMessage, checked by the worker. */
  checkInbound(data: unknown): Promise<InboundCheck>;
}

/** An error that crossed from the worker, with its name kept (a panel tells a bad request from a failed one). */
function crossedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function linkWorker(worker: Worker, onNews: (news: WorkerNews) => void): WorkerLink {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners = new Set<(status: SyncStatus) => void>();

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.kind === 'answer') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(crossedError(message.name, message.message));
    } else if (message.kind === 'status') {
      for (const listener of listeners) listener(message.status);
    } else onNews(message);
  };
  worker.onerror = (event) => console.warn('Access Inspector widget: its worker failed', event.message);

  const ask = (message: { kind: 'call'; method: never; request: unknown } | { kind: 'inbound'; data: unknown }): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as ToWorker);
    });

  const source = createRemoteSource({
    call: (method, request) => ask({ kind: 'call', method: method as never, request }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    source,
    send: (message) => worker.postMessage(message),
    checkInbound: (data) => ask({ kind: 'inbound', data }) as Promise<InboundCheck>,
  };
}
