// Response compression for the demo platform (the API's pages of records above all): brotli or gzip, whichever the
// request's Accept-Encoding prefers (browsers send "gzip, deflate, br, zstd"; Node's fetch "gzip, deflate"), for
// text-like bodies of 1 KB and more. Bodies are compressed off the event loop (zlib's thread pool) in one piece:
// the demo's responses are whole JSON pages and HTML documents, not streams. Levels measured on pages of 5,000
// assets (1.1 MB of JSON, node 20 zlib, median of 12 pages): brotli 5 20.6 ms to 10.0% of the size, brotli 4
// 18.4 ms / 11.3%, brotli 3 7.1 ms / 13.0%, gzip 4 7.5 ms / 12.5%, gzip 1 5.0 ms / 14.5%. Brotli 5 stays: with
// brotli 3 a 1M-asset first sync in Chromium (bench on the same two cores) sent 36 instead of 28 MB and, though
// the demo's own CPU fell by 1–2 s, Chromium's network process took ~2.4 s more and the demo's system time ~2 s
// more (two runs each), so the sync as a whole got slower. Measured again with the worker untraced
// (bench/worker-untraced.ts), two 1M syncs each: brotli 1 (2.7 ms / 12.6%) and gzip 1 saved the demo 3–5 s of CPU,
// Chromium's network process took 1–2 s more for brotli 1, and the syncs (22.0–24.0 s) did not differ past noise.
// Again on 2026-12-07: brotli 4 compresses a page in 5.8 instead of 11.7 ms and decompresses it in 1.2 instead of
// 3.6 ms (14.4% of the size); brotli 3 saved the demo 1.5–3.1 s of CPU per 1M sync and cost Chromium's network
// process 0.5–0.8 s, and the syncs (16.1–23.4 s, three pairs) again did not differ past noise. Sending a page's
// headers (its Link to the next page) before compressing its body made 1M syncs slower, 20.7–24.5 s (BENCHMARKS.md):
// six bodies compressed at once took the cores from the worker.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { TrafficMeter } from './traffic';

const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|javascript|xml|problem\+json|manifest\+json)|image\/svg\+xml)/i;
const MIN_BYTES = 1024;
const BROTLI_QUALITY = 5;
const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** The accepted coding we prefer: br, then gzip, by the client's q-values (0 refuses). Null: send as is. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const brQ = of('br');
  const gzQ = of('gzip');
  if (brQ <= 0 && gzQ <= 0) return null;
  return brQ >= gzQ ? 'br' : 'gzip';
}

/** `meter` counts every response that leaves, coded or not (demo/traffic.ts). */
export function compress(meter?: TrafficMeter): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (
      c.req.method === 'HEAD' ||
      !res.body ||
      res.headers.has('Content-Encoding') ||
      !COMPRESSIBLE.test(type) ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
    ) {
      const length = c.req.method === 'HEAD' ? 0 : Number(res.headers.get('Content-Length') ?? 0);
      meter?.response(Number.isFinite(length) ? length : 0, res.headers.get('Content-Encoding'));
      return;
    }
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const body = Buffer.from(await res.arrayBuffer());
    let out: Buffer = body;
    if (encoding && body.length >= MIN_BYTES)
      out =
        encoding === 'br'
          ? await br(body, {
              params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
            })
          : await gz(body, { level: 4 });
    // Replace, don't merge: Hono would copy the previous response's headers (Set-Cookie twice, the old length).
    c.res = undefined;
    c.res = new Response(new Uint8Array(out) as Uint8Array<ArrayBuffer>, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
    const headers = c.res.headers;
    if (out !== body) {
      headers.set('Content-Encoding', encoding!);
      // A strong ETag names these exact bytes (RFC 9110 §8.8.3), and the coded body is other bytes: weaken it, so the
      // br, gzip and plain answers never share one strong tag. A weak tag may be shared, and If-None-Match compares
      // weakly, so a client that sends back what it got still gets its 304 whichever coding it got.
      const etag = headers.get('ETag');
      if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    }
    headers.set('Content-Length', String(out.length));
    meter?.response(body.length, out !== body ? encoding : null);
    const vary = headers.get('Vary');
    if (!vary || !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))
      headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  };
}
