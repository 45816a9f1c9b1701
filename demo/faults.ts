// Fault injection for the API (off by default): latency, 5xx, 429 + Retry-After, dropped connections, truncated
// bodies, replayed pages and reordered (earlier) pages. The schedule is seeded, with one stream of draws per endpoint (method and path, e.g.
// one per collection): a client that makes the same requests meets the same faults, even when it syncs several
// collections in parallel and their requests interleave differently from run to run.
import { z } from 'zod';
import { createRandom, type Random } from '../core/generate/random';

const Rate = z.number().min(0).max(1).optional();

export const FaultConfigSchema = z.object({
  /** Deterministic schedule. */
  seed: z.number().int(),
  latencyMs: z.tuple([z.number().min(0), z.number().min(0)]).optional(),
  /** 500/502/503. */
  serverErrorRate: Rate,
  /** 429 with Retry-After (whole seconds, 0 or 1) and Retry-After-Ms (the exact wait). */
  rateLimitRate: Rate,
  /** Destroy the socket mid-response. */
  dropRate: Rate,
  /** Send a cut JSON body with 200. */
  truncateRate: Rate,
  /** Serve the previous page again (same cursor) — the client must stay correct. */
  duplicatePageRate: Rate,
  /**
   * Serve an earlier page of the collection, one whose cursor is behind the one asked for, as if an older answer
   * overtook a newer one (a proxy, a retry racing its original). Applying it moves the client's cursor back.
   */
  reorderPageRate: Rate,
  /** Range of the 429 wait; default [0, 1000]. */
  retryAfterMs: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
  /**
   * The server's clock is off by this much (serverTime of pages and lookups): a clock stepped back or ahead. Not a
   * per-request draw, so it leaves the schedule of the other faults as it was.
   */
  clockOffsetMs: z.number().int().optional(),
  /**
   * Share of records served malformed (pages and lookups), as when the platform starts sending a value the client's
   * schema lacks. Chosen per key (same keys for the same seed), and only in what is served: the stored data stays
   * valid, so switching it off is "the platform behaves again" with no change to sync.
   */
  malformedRate: Rate,
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

// New kinds go last: a kind's share of the draw is cut after those before it, so earlier schedules stay as they were.
export const FAULT_KINDS = ['serverError', 'rateLimit', 'drop', 'truncate', 'duplicatePage', 'reorderPage'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultDecision {
  latencyMs: number;
  kind: FaultKind | null;
  /** For serverError. */
  status: 500 | 502 | 503;
  /** For rateLimit. */
  retryAfterMs: number;
  /** For drop and truncate: the share of the body sent before the cut, in (0, 1). */
  cutAt: number;
  /** For reorderPage: which of the earlier pages, uniform in [0, 1) (the status draw, unused by this kind). */
  pick: number;
}

const RATE_OF: Record<FaultKind, keyof FaultConfig> = {
  serverError: 'serverErrorRate',
  rateLimit: 'rateLimitRate',
  drop: 'dropRate',
  truncate: 'truncateRate',
  duplicatePage: 'duplicatePageRate',
  reorderPage: 'reorderPageRate',
};

/** FNV-1a, to give every endpoint its own seed. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A record as a platform that added an enum value (or changed a field's type) would serve it: a user's status,
 * an organization's type, otherwise the name or title (a membership's role id), becomes something the schema refuses.
 */
export function malformRecord(record: unknown): unknown {
  if (record === null || typeof record !== 'object') return record;
  const r = record as Record<string, unknown>;
  if ('status' in r) return { ...r, status: 'archived' };
  if ('type' in r) return { ...r, type: 'reseller' };
  if ('name' in r) return { ...r, name: 42 };
  if ('title' in r) return { ...r, title: 42 };
  return { ...r, projectRoleId: 42 };
}

export class FaultSchedule {
  private readonly streams = new Map<string, Random>();
  readonly counts: Record<FaultKind, number> = { serverError: 0, rateLimit: 0, drop: 0, truncate: 0, duplicatePage: 0, reorderPage: 0 };
  requests = 0;

  constructor(readonly config: FaultConfig) {}

  /**
   * The fate of the next request to `endpoint`. Always five draws, so one rate's value never shifts the others'
   * schedule.
   */
  next(endpoint: string): FaultDecision {
    let rng = this.streams.get(endpoint);
    if (!rng) this.streams.set(endpoint, (rng = createRandom(hash(this.config.seed, endpoint))));
    const [uLatency, uKind, uStatus, uRetry, uCut] = [0, 0, 0, 0, 0].map(() => rng.next());
    this.requests++;
    const [lo, hi] = this.config.latencyMs ?? [0, 0];
    let kind: FaultKind | null = null;
    let edge = 0;
    for (const k of FAULT_KINDS) {
      edge += (this.config[RATE_OF[k]] as number | undefined) ?? 0;
      if (uKind < edge) {
        kind = k;
        break;
      }
    }
    const [rlo, rhi] = this.config.retryAfterMs ?? [0, 1000];
    return {
      latencyMs: Math.round(lo + uLatency * Math.max(0, hi - lo)),
      kind,
      status: ([500, 502, 503] as const)[Math.floor(uStatus * 3)],
      retryAfterMs: Math.round(rlo + uRetry * Math.max(0, rhi - rlo)),
      cutAt: 0.1 + uCut * 0.8,
      pick: uStatus,
    };
  }

  /** The server's clock, offset as configured. */
  now(base: number = Date.now()): Date {
    return new Date(base + (this.config.clockOffsetMs ?? 0));
  }

  /** A record as served: malformed for the configured share of keys (stable per seed and key). */
  served(collection: string, key: string, record: unknown): unknown {
    const rate = this.config.malformedRate ?? 0;
    if (rate === 0) return record;
    return hash(this.config.seed, `${collection} ${key}`) / 2 ** 32 < rate ? malformRecord(record) : record;
  }

  /** Counted only when the fault really happened (a replay needs an earlier page, a cut needs a body). */
  record(kind: FaultKind): void {
    this.counts[kind]++;
  }
}

/**
 * For a reorderPage fault: the body of an earlier served page of `collection` whose cursor is behind `seq` (same
 * dataset epoch), chosen by `pick` in [0, 1); undefined when none was served yet. `served` maps
 * "collection cursor" to body (DemoState.servedPages); `seqOf` reads a cursor's epoch and sequence.
 */
export function earlierPage(
  served: ReadonlyMap<string, string>,
  collection: string,
  at: { epoch: string; seq: number },
  pick: number,
  seqOf: (cursor: string) => { epoch: string; seq: number } | null,
): string | undefined {
  const behind: string[] = [];
  for (const [key, body] of served) {
    const space = key.indexOf(' ');
    if (key.slice(0, space) !== collection) continue;
    const p = seqOf(key.slice(space + 1));
    if (p && p.epoch === at.epoch && p.seq < at.seq) behind.push(body);
  }
  return behind.length === 0 ? undefined : behind[Math.floor(pick * behind.length)];
}
