// Quarantine benchmark (issue 14): the initial sync of a 100,000-asset fleet whose every record the platform serves
// malformed (as when it adds an enum value the client's schema lacks) against the same fleet served valid, while a
// status is asked for every 250 ms the way the background pushes it (sync status, the quarantine sample, and the
// popup's counts). Node with fake-indexeddb, like bench/sync.ts: a regression guard, not what a user waits.
//   node --import tsx bench/quarantine.ts [assets]
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { pathToFileURL } from 'node:url';
import { CacheDb } from '../core/cache/db';
import { countRecords, quarantinedRecords } from '../core/cache/read';
import { COLLECTION_NAMES } from '../core/model/snapshot';
import { createApiClient } from '../core/sync/client';
import { syncStatus } from '../core/sync/run';
import { syncAll } from '../core/sync/sync';
import { startDemoServer } from '../demo/server';

/** The malformed sync may take at most this many times the valid one. */
export const QUARANTINE_SYNC_RATIO_TARGET = 2;
/** The slowest status answer while either sync runs. */
export const STATUS_MAX_MS_TARGET = 1000;
const STATUS_EVERY_MS = 250;

interface Run {
  ms: number;
  /** CPU time of the whole process meanwhile (server, client, status polls): steadier than wall time on a busy machine. */
  cpuMs: number;
  records: number;
  quarantined: number;
  status: { answers: number; maxMs: number; medianMs: number };
}

export interface QuarantineBenchResult {
  assets: number;
  valid: Run;
  malformed: Run;
  ratio: number;
  cpuRatio: number;
  pass: { ratio: boolean; status: boolean };
}

async function timedSync(assets: number, malformed: boolean): Promise<Run> {
  const server = await startDemoServer({ seed: 1, assets, port: 0 });
  if (malformed) server.setFaults({ seed: 1, malformedRate: 1 });
  const db = new CacheDb(`bench-quarantine-${malformed}-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const times: number[] = [];
  let running = true;
  // Asks for a status the way the background does during a sync: a timer, each answer awaited before the next.
  const poll = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, STATUS_EVERY_MS));
      const t0 = performance.now();
      await Promise.all([syncStatus(db), quarantinedRecords(db), countRecords(db)]);
      times.push(performance.now() - t0);
    }
  })();
  try {
    const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const report = await syncAll(db, client);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    running = false;
    await poll;
    if (!report.ok) throw new Error(`sync failed: ${report.collections.find((c) => c.error)?.error?.message}`);
    const counts = await countRecords(db);
    const sorted = [...times].sort((a, b) => a - b);
    return {
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      records: COLLECTION_NAMES.reduce((n, c) => n + counts[c], 0),
      quarantined: counts.quarantined,
      status: { answers: times.length, maxMs: Math.round(sorted.at(-1) ?? 0), medianMs: Math.round(sorted[sorted.length >> 1] ?? 0) },
    };
  } finally {
    running = false;
    db.close();
    await server.close();
  }
}

export async function benchQuarantine(opts: { assets?: number; log?: (line: string) => void } = {}): Promise<QuarantineBenchResult> {
  const assets = opts.assets ?? 100_000;
  const log = opts.log ?? ((line: string) => console.log(line));
  const valid = await timedSync(assets, false);
  const malformed = await timedSync(assets, true);
  if (malformed.records !== 0 || malformed.quarantined !== valid.records) {
    throw new Error(
      `malformed run: ${malformed.records} records cached, ${malformed.quarantined} quarantined; expected 0 and ${valid.records}`,
    );
  }
  const ratio = malformed.ms / valid.ms;
  const line = (what: string, r: Run) =>
    `quarantine: ${what} ${r.ms} ms (CPU ${r.cpuMs} ms); status answered ${r.status.answers} times, median ${r.status.medianMs} ms, slowest ${r.status.maxMs} ms`;
  log(`quarantine: fleet of ${assets.toLocaleString('en')} assets (${valid.records.toLocaleString('en')} records), Node + fake-indexeddb`);
  log(line('valid     ', valid));
  log(line('malformed ', malformed) + ` (${malformed.quarantined.toLocaleString('en')} quarantined)`);
  return {
    assets,
    valid,
    malformed,
    ratio,
    cpuRatio: malformed.cpuMs / valid.cpuMs,
    pass: {
      ratio: ratio <= QUARANTINE_SYNC_RATIO_TARGET,
      status: Math.max(valid.status.maxMs, malformed.status.maxMs) <= STATUS_MAX_MS_TARGET,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [assets] = process.argv.slice(2).map(Number);
  await benchQuarantine({ assets: assets || undefined });
}
