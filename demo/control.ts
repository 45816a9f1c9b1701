// Demo-only control endpoints under /__demo (not part of the platform API): change data while the demo runs and
// switch faults on and off, for end-to-end tests and live demos. Answered only to loopback callers.
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HttpBindings } from '@hono/node-server';
import { z } from 'zod';
import { FaultConfigSchema } from './faults';
import type { DemoState } from './state';
import { apiError } from './api';

const MutateSchema = z.object({ count: z.number().int().min(1).max(100_000), seed: z.number().int() });

const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

export function controlRoutes(state: DemoState): Hono<{ Bindings: HttpBindings }> {
  const ctl = new Hono<{ Bindings: HttpBindings }>();

  ctl.use('*', async (c, next) => {
    if (!isLoopback(getConnInfo(c).remote.address)) return apiError(c, 403, 'forbidden', 'demo control endpoints answer loopback callers only');
    await next();
  });

  ctl.post('/mutate', async (c) => {
    const parsed = MutateSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return apiError(c, 400, 'badRequest', `expected {"count": 1..100000, "seed": integer}: ${parsed.error.issues[0].message}`);
    const before = state.store.headSeq;
    state.store.mutateRandom(parsed.data.count, parsed.data.seed);
    return c.json({ changes: state.store.headSeq - before, headSeq: state.store.headSeq });
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
      collections: state.store.counts(),
      faults: state.faults ? { config: state.faults.config, requests: state.faults.requests, injected: state.faults.counts } : null,
      demoUsers: state.demoUsers,
    }),
  );

  ctl.all('*', (c) => apiError(c, 404, 'notFound', `no demo control endpoint ${c.req.method} ${c.req.path}`));
  return ctl;
}
