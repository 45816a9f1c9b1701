// What the element (page side) and its worker (data side, widget/worker.ts) say to each other over postMessage.
// Types only, no zod: both ends are this build's own code, and whatever came from elsewhere (a data-source request,
// another window's postMessage) is parsed in the worker before anything acts on it.
import type { DataSourceMethod } from '../core/source/methods';
import type { SyncStatus } from '../core/source/data-source';
import type { z } from 'zod';
import type { InboundMessageSchema } from './messages';

/** The element's own answer to another window's postMessage, after the worker parsed it (widget/messages.ts). */
export type InboundCheck = { ok: true; message: InboundCommand } | { ok: false; message: string };

/** An accepted postMessage command, as the element acts on it (a type only: the page side bundles no zod). */
export type InboundCommand = z.infer<typeof InboundMessageSchema>;

export type ToWorker =
  /** Sign in and serve: `apiBase` the element's api-base ('' = the page's origin), `apiOrigin` resolved against it. */
  | { kind: 'start'; apiBase: string; apiOrigin: string; syncMinutes: number }
  /** Let go of the cache and stop syncing (the element left the page, or the extension took over). */
  | { kind: 'stop'; reason: string }
  /** A sync, unless one runs or the data side cannot (not signed in, session lost). */
  | { kind: 'refresh' }
  /** Ask the platform again who is signed in (the tab came back). */
  | { kind: 'check' }
  | { kind: 'call'; id: number; method: DataSourceMethod; request: unknown }
  /** Another window's postMessage: checked against the widget's message schema. */
  | { kind: 'inbound'; id: number; data: unknown };

export type FromWorker =
  /** The cache of `userId` is open and answers: the element shows itself and serves the panel. */
  | { kind: 'signed-in'; userId: string }
  /** The session ended or changed: the data side now answers only `message`; `had`: whose data it held. */
  | { kind: 'lost'; message: string; had: string | null }
  /** After a loss, the same user is still signed in (a 403). */
  | { kind: 'still-signed-in'; userId: string }
  | { kind: 'status'; status: SyncStatus }
  | { kind: 'answer'; id: number; ok: true; value: unknown }
  | { kind: 'answer'; id: number; ok: false; name: string; message: string };

/** Every message to or from the widget's postMessage API has a type starting with this. */
export const MESSAGE_PREFIX = 'access-inspector:';

/** The worker's file, beside the element's (widget/vite.config.ts builds both). */
export const WORKER_FILE = 'access-inspector-worker.js';
