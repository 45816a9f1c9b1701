// Sync benchmark: the initial sync of a 100,000-asset fleet from the demo platform (in-process, 127.0.0.1, port 0)
// into IndexedDB, then an incremental sync after 100 edits, then reading it all back (loadSnapshot: what the
// background does before it compiles the fleet). Node with fake-indexeddb, which is several times slower than a
// browser's IndexedDB: the figures are an upper bound and a regression guard, not what a user waits.
// Bytes on the wire: the initial sync counts the response bodies as sent (compressed: the demo platform compresses
// per Accept-Encoding, and Node's fetch sends "gzip, deflate") and as decoded; a second initial sync into an empty
// cache asks for `Accept-Encoding: identity` to give the uncompressed figure and time beside it.
//   node --import tsx bench/sync.ts [assets] [pageLimit]
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { pathToFileURL } from 'node:url';
import { CacheDb } from '../core/cache/db';
import { countRecords, loadSnapshot } from '../core/cache/read';
import { COLLECTION_NAMES } from '../core/model/snapshot';
import { createApiClient } from '../core/sync/client';
import { DEFAULT_SYNC_PAGE_LIMIT, syncAll, type SyncReport } from '../core/sync/sync';
import { startDemoServer } from '../demo/server';

/** Response bodies of one sync: bytes as sent and as decoded, and the codings the server chose. */
export interface WireCount {
  responses: number;
  wireBytes: number;
  decodedBytes: number;
  encodings: Record<string, number>;
}

/** fetch that counts what arrives; `identity` asks the server not to compress. */
function countingFetch(count: WireCount, identity: boolean): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (identity) headers.set('Accept-Encoding', 'identity');
    const res = await fetch(input, { ...init, headers });
    count.responses++;
    const coding = res.headers.get('Content-Encoding');
    count.encodings[coding ?? 'none'] = (count.encodings[coding ?? 'none'] ?? 0) + 1;
    if (!res.body) return res;
    // fetch has already decoded the body: its encoded size is the Content-Length the server sent with it.
    const sent = coding ? Number(res.headers.get('Content-Length')) : NaN;
    let decoded = 0;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          decoded += chunk.byteLength;
          out.enqueue(chunk);
        },
        flush() {
          count.decodedBytes += decoded;
          count.wireBytes += Number.isFinite(sent) ? sent : decoded;
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

const newCount = (): WireCount => ({ responses: 0, wireBytes: 0, decodedBytes: 0, encodings: {} });

export interface SyncBenchResult {
  assets: number;
  /** Records of all collections after the initial sync. */
  records: number;
  pageLimit: number;
  initial: { ms: number; pages: number; recordsPerSecond: number };
  incremental: { ms: number; edits: number; changes: number; pages: number };
  /** Reading the whole cache back as a snapshot, and counting it (the popup's figures). */
  load: { snapshotMs: number; countMs: number };
  /** Segment rows stored for the assets after the incremental sync. */
  assetSegments: number;
  /** The initial sync as run (compressed) and again uncompressed (Accept-Encoding: identity) into an empty cache. */
  wire: { compressed: WireCount; uncompressed: WireCount; uncompressedMs: number };
}

const pagesOf = (r: SyncReport) => r.collections.reduce((n, c) => n + c.pages, 0);
const changesOf = (r: SyncReport) => r.collections.reduce((n, c) => n + c.puts + c.deletes + c.quarantined, 0);

export async function benchSync(
  opts: { assets?: number; pageLimit?: number; seed?: number; log?: (line: string) => void } = {},
): Promise<SyncBenchResult> {
  const assets = opts.assets ?? 100_000;
  const pageLimit = opts.pageLimit ?? DEFAULT_SYNC_PAGE_LIMIT;
  const seed = opts.seed ?? 1;
  const log = opts.log ?? ((line: string) => console.log(line));
  const server = await startDemoServer({ seed, assets, port: 0 });
  const db = new CacheDb(`bench-sync-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const plainDb = new CacheDb(`bench-sync-plain-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    const compressed = newCount();
    const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support', fetch: countingFetch(compressed, false) });

    let t0 = performance.now();
    const initial = await syncAll(db, client, { limit: pageLimit });
    const initialMs = performance.now() - t0;
    if (!initial.ok) throw new Error(`initial sync failed: ${initial.collections.find((c) => c.error)?.error?.message}`);
    const counts = await countRecords(db);
    const records = COLLECTION_NAMES.reduce((n, c) => n + counts[c], 0);

    const edits = 100;
    server.store.mutateRandom(edits, seed + 1);
    t0 = performance.now();
    const incremental = await syncAll(db, client, { limit: pageLimit });
    const incrementalMs = performance.now() - t0;
    if (!incremental.ok) throw new Error('incremental sync failed');

    t0 = performance.now();
    const snapshot = await loadSnapshot(db);
    const snapshotMs = performance.now() - t0;
    if (snapshot.assets.length !== assets) throw new Error(`loadSnapshot: ${snapshot.assets.length} assets, expected ${assets}`);
    t0 = performance.now();
    await countRecords(db);
    const countMs = performance.now() - t0;

    // The same initial sync, uncompressed (before the edits' state differs: the store is now edited, which changes
    // a hundred records, not the size).
    const uncompressed = newCount();
    const plainClient = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support', fetch: countingFetch(uncompressed, true) });
    t0 = performance.now();
    const plain = await syncAll(plainDb, plainClient, { limit: pageLimit });
    const uncompressedMs = performance.now() - t0;
    if (!plain.ok) throw new Error('uncompressed initial sync failed');

    const result: SyncBenchResult = {
      assets,
      records,
      pageLimit,
      initial: { ms: Math.round(initialMs), pages: pagesOf(initial), recordsPerSecond: Math.round(records / (initialMs / 1000)) },
      incremental: { ms: Math.round(incrementalMs), edits, changes: changesOf(incremental), pages: pagesOf(incremental) },
      load: { snapshotMs: Math.round(snapshotMs), countMs: Math.round(countMs * 10) / 10 },
      assetSegments: await db.assets.count(),
      wire: { compressed, uncompressed, uncompressedMs: Math.round(uncompressedMs) },
    };
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
    const codings = (w: WireCount) =>
      Object.entries(w.encodings)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
    log(
      `sync: fleet of ${assets.toLocaleString('en')} assets (${records.toLocaleString('en')} records), pages of ${pageLimit}, ` +
        `Node + fake-indexeddb`,
    );
    log(
      `sync: initial     ${result.initial.ms} ms, ${result.initial.pages} pages, ${result.initial.recordsPerSecond.toLocaleString('en')} records/s`,
    );
    log(
      `sync: incremental ${result.incremental.ms} ms, ${result.incremental.changes} changes from ${edits} edits, ${result.incremental.pages} pages`,
    );
    log(
      `sync: loadSnapshot ${result.load.snapshotMs} ms, countRecords ${result.load.countMs} ms (assets in ${result.assetSegments} segments)`,
    );
    log(
      `sync: initial sync on the wire ${mb(compressed.wireBytes)} compressed (${codings(compressed)}; ${mb(compressed.decodedBytes)} decoded) ` +
        `vs ${mb(uncompressed.wireBytes)} uncompressed (${codings(uncompressed)}), ${result.initial.ms} ms vs ${result.wire.uncompressedMs} ms on loopback`,
    );
    return result;
  } finally {
    db.close();
    plainDb.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [assets, pageLimit] = process.argv.slice(2).map(Number);
  await benchSync({ assets: assets || undefined, pageLimit: pageLimit || undefined });
}
