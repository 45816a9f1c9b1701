// Response compression for the demo platform (the API's pages of records above all): brotli or gzip, whichever the
// request's Accept-Encoding prefers (browsers send "gzip, deflate, br, zstd"; Node's fetch "gzip, deflate"), for
// text-like bodies of 1 KB and more. Bodies are compressed off the event loop (zlib's thread pool) in one piece:
// the demo's responses are whole JSON pages and HTML documents, not streams.
//
// Brotli 4, a level servers commonly give dynamic bodies. A page of 10,000 assets (1.58 MB of JSON, node 20 zlib,
// medians of 15 on an idle machine): brotli 5 19.7 ms to 12.8% of the size, 4 10.4 ms / 14.5%, 3 8.1 ms / 16.6%,
// gzip 4 8.8 ms / 15.3%, gzip 1 5.7 ms / 17.5%; decoding each takes 1.7–2.4 ms. A page's compression lies on the
// chain of a collection's requests (the next one needs this one's cursor), on the same two cores as the browser in
// the benchmarks. Four interleaved pairs of 1M first syncs in Chromium (2026-12-07): brotli 4 13.9–17.5 s against
// brotli 5 14.2–19.5 s, faster in every pair; the demo's CPU 5.9–7.3 s against 7.1–11.2 s; Chromium's network
// process no busier; 27.8 instead of 25.2 MB on the wire. Earlier trials, with pages of 5,000 and the sync in
// other shapes, could not tell brotli 3, 1 or gzip 1 from 5 past the noise. Sending a page's headers (its Link to
// the next page) before compressing its body made 1M syncs slower, 20.7–24.5 s (BENCHMARKS.md): six bodies
// compressed at once took the cores from the worker.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { TrafficMeter } from './traffic';

const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|javascript|xml|problem\+json|manifest\+json)|image\/svg\+xml)/i;
const MIN_BYTES = 1024;
const BROTLI_QUALITY = 4;
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
