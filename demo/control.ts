// Demo-only control endpoints under /__demo (not part of the platform API): change data while the demo runs and
// switch faults on and off, for end-to-end tests and live demos. A web page in the same browser must not reach them
// (it could make the API fail for everyone or rewrite the data), so besides a loopback caller they require:
// - the X-Demo-Control header holding the secret made at start (printed by `npm start`, DemoServer.controlToken):
//   a page cannot read it, and a custom header on a request to another origin needs a CORS preflight this server
//   never grants;
// - a JSON body for POSTs (`text/plain`, which a page may send without preflight, is refused).
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HttpBindings } from '@hono/node-server';
import { z } from 'zod';
import { FaultConfigSchema } from './faults';
import type { DemoState } from './state';
import { apiError } from './api';
import type { ApiError } from '../core/api/contract';

export const CONTROL_HEADER = 'X-Demo-Control';

const MutateSchema = z.object({ count: z.number().int().min(1).max(100_000), seed: z.number().int() });
/** Set the server clock: to a moment (`at`), or by an offset from the real clock (`offsetMs`; 0 = real time). */
const ClockSchema = z.union([
  z.object({ at: z.iso.datetime({ offset: true }) }).strict(),
  z
    .object({
      offsetMs: z
        .number()
        .int()
        .min(-10 * 365 * 86_400_000)
        .max(10 * 365 * 86_400_000),
    })
    .strict(),
]);

const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function controlRoutes(state: DemoState): Hono<{ Bindings: HttpBindings }> {
  const ctl = new Hono<{ Bindings: HttpBindings }>();

  ctl.use('*', async (c, next) => {
    if (!isLoopback(getConnInfo(c).remote.address))
      return apiError(c, 403, 'forbidden', 'demo control endpoints answer loopback callers only');
    if (!sameSecret(c.req.header(CONTROL_HEADER), state.controlToken)) {
      return apiError(c, 403, 'forbidden', `demo control endpoints need the ${CONTROL_HEADER} header with the secret printed at start`);
    }
    if (c.req.method === 'POST' && !/^application\/json\s*(;|$)/i.test(c.req.header('Content-Type') ?? '')) {
      return c.json(
        { error: { code: 'badRequest', message: 'demo control endpoints take application/json bodies' } } satisfies ApiError,
        415,
      );
    }
    await next();
  });

  ctl.post('/mutate', async (c) => {
    const parsed = MutateSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return apiError(c, 400, 'badRequest', `expected {"count": 1..100000, "seed": integer}: ${parsed.error.issues[0].message}`);
    const before = state.store.headSeq;
    state.store.mutateRandom(parsed.data.count, parsed.data.seed);
    return c.json({ changes: state.store.headSeq - before, headSeq: state.store.headSeq });
  });

  // Changes made after this carry the new time (feed `at`, history): how a test makes a change "last Tuesday".
  ctl.post('/clock', async (c) => {
    const parsed = ClockSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return apiError(c, 400, 'badRequest', 'expected {"at": "<RFC 3339 date-time>"} or {"offsetMs": integer}');
    state.store.clockOffsetMs = 'at' in parsed.data ? Date.parse(parsed.data.at) - Date.now() : parsed.data.offsetMs;
    return c.json({ now: new Date(state.store.now()).toISOString(), offsetMs: state.store.clockOffsetMs });
  });

  ctl.post('/faults', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    if (body === null) {
      state.setFaults(null);
      return c.json({ faults: null });
    }
    const parsed = FaultConfigSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return apiError(c, 400, 'badRequest', `expected a FaultConfig or null: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
    }
    state.setFaults(parsed.data);
    return c.json({ faults: parsed.data });
  });

  ctl.get('/state', (c) =>
    c.json({
      epoch: state.store.epoch,
      headSeq: state.store.headSeq,
      now: new Date(state.store.now()).toISOString(),
      history: { since: new Date(state.store.history.since).toISOString(), entries: state.store.history.size },
      collections: state.store.counts(),
      faults: state.faults ? { config: state.faults.config, requests: state.faults.requests, injected: state.faults.counts } : null,
      demoUsers: state.demoUsers,
    }),
  );

  ctl.all('*', (c) => apiError(c, 404, 'notFound', `no demo control endpoint ${c.req.method} ${c.req.path}`));
  return ctl;
}
