// The demo platform: a real HTTP server on loopback serving the platform API (openapi.yaml), Smartlink-like pages,
// and demo-only control endpoints. `npm start` runs it (bin/start.mjs); tests start it on a random port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Hono } from 'hono';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { API_PREFIX, type ApiError } from '../core/api/contract';
import type { CollectionName, Snapshot } from '../core/model/snapshot';
import { generateFleet } from '../core/generate/fleet';
import { apiRoutes } from './api';
import { compress } from './compress';
import { adminApiRoutes } from './api-admin';
import { roleApiRoutes } from './api-roles';
import { historyApiRoutes } from './api-history';
import type { ChangeLogOptions } from './history-log';
import { controlRoutes } from './control';
import type { FaultConfig } from './faults';
import { pageRoutes } from './pages/routes';
import { DemoState } from './state';
import { FeedStore, type DemoStore } from './store';
import { TrafficMeter, type Traffic } from './traffic';

export type { FaultConfig } from './faults';
export { CONTROL_HEADER } from './control';
export type { DemoStore } from './store';
export type { DemoUser } from './auth';

export interface DemoServerOptions {
  /** Else generated: generateFleet({ seed, assets }). */
  snapshot?: Snapshot;
  /** Generator inputs (default seed 1, 2,000 assets). */
  seed?: number;
  assets?: number;
  /** 0 = random (tests); the host is always 127.0.0.1. */
  port?: number;
  /** Off by default. */
  faults?: FaultConfig;
  /** The server's clock is the real one moved by this much (ms), e.g. -3 days to make changes "in the past". */
  clockOffsetMs?: number;
  /** How much change history the server keeps (default 30 days, 200,000 changes). */
  history?: ChangeLogOptions;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:43123 */
  url: string;
  /** apiKey -> userId, one per demo user kind (`ai-demo-support` is the support engineer's). Kept current on reset. */
  apiKeys: Record<string, string>;
  store: DemoStore;
  /** The secret the /__demo control endpoints require in the X-Demo-Control header (CONTROL_HEADER). */
  controlToken: string;
  setFaults(f: FaultConfig | null): void;
  close(): Promise<void>;
}

/** The DemoServer plus what `npm start` prints and the benchmarks read; tests need only DemoServer. */
export interface RunningDemoServer extends DemoServer {
  state: DemoState;
  /** Everything the server has sent since it started (demo/traffic.ts); `trafficSince` gives a stretch of it. */
  traffic(): Traffic;
}

export function createDemoApp(state: DemoState, meter?: TrafficMeter): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use('*', compress(meter)); // the API says so (openapi.yaml): brotli or gzip per Accept-Encoding
  // A path that is not valid percent-encoding (`/widget/%`) names nothing: say so rather than fail inside a route.
  app.use('*', async (c, next) => {
    try {
      decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.json({ error: { code: 'badRequest', message: 'the URL path is not valid percent-encoding' } } satisfies ApiError, 400);
    }
    await next();
  });
  app.route(API_PREFIX, adminApiRoutes(state)); // before apiRoutes, whose catch-all answers 404
  app.route(API_PREFIX, roleApiRoutes(state));
  app.route(API_PREFIX, historyApiRoutes(state));
  app.route(API_PREFIX, apiRoutes(state));
  app.route('/__demo', controlRoutes(state));
  app.route('/', pageRoutes(state));
  app.onError((err, c) => {
    console.error('demo server error:', err);
    return c.json({ error: { code: 'serverError', message: `internal error: ${err.message}` } } satisfies ApiError, 500);
  });
  return app;
}

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<RunningDemoServer> {
  const clock = { clockOffsetMs: opts.clockOffsetMs, history: opts.history };
  const store = opts.snapshot
    ? new FeedStore(opts.snapshot, clock)
    : new FeedStore(generateFleet({ seed: opts.seed ?? 1, assets: opts.assets ?? 2000 }), { trusted: true, ...clock });
  const state = new DemoState(store);
  if (opts.faults) state.setFaults(opts.faults);
  const meter = new TrafficMeter();
  const app = createDemoApp(state, meter);

  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' }) as Server;
  meter.watch(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKeys: state.apiKeys,
    store,
    state,
    controlToken: state.controlToken,
    setFaults: (f) => state.setFaults(f),
    traffic: () => meter.read(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export type { CollectionName };
