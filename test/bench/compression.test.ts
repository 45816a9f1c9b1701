// The demo platform compresses per Accept-Encoding (demo/compress.ts) and the sync client gets compressed pages
// without asking (Node's fetch sends "gzip, deflate" and decodes): what the sync benchmark's bytes-on-the-wire
// figure measures.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../core/sync/client';
import { chooseEncoding, compress } from '../../demo/compress';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { trafficSince } from '../../demo/traffic';

/** A raw GET (node:http decodes nothing): status, headers and the bytes as sent. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

let server: RunningDemoServer;
beforeAll(async () => {
  server = await startDemoServer({ seed: 3, assets: 2000 });
});
afterAll(async () => {
  await server.close();
});

describe('response compression', () => {
  const page = () => `${server.url}/api/v1/sync/assets?limit=1000`;
  const key = { 'X-Api-Key': 'ai-demo-support' };

  it('sends a page gzip- or brotli-compressed as asked, identical once decoded, and as is for identity', async () => {
    const plain = await rawGet(page(), { ...key, 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const text = plain.body.toString('utf8');
    expect(JSON.parse(text).changes).toHaveLength(1000);

    const gz = await rawGet(page(), { ...key, 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(plain.body.length / 4);
    // the same page, asked again: same records (requestId aside, none was sent)
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8')).changes).toEqual(JSON.parse(text).changes);

    const br = await rawGet(page(), { ...key, 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8')).changes).toEqual(JSON.parse(text).changes);
  });

  it('counts what it sent: every byte written with the headers, and each body before its coding', async () => {
    const before = server.traffic();
    const plain = await rawGet(page(), { ...key, 'Accept-Encoding': 'identity' });
    const br = await rawGet(page(), { ...key, 'Accept-Encoding': 'br' });
    const sent = trafficSince(before, server.traffic());
    expect(sent.responses).toBe(2);
    expect(sent.encodings).toEqual({ none: 1, br: 1 });
    expect(sent.decodedBytes).toBe(2 * plain.body.length);
    // bodies as sent, plus a status line and headers each (a few hundred bytes, not a body's worth)
    const bodies = plain.body.length + br.body.length;
    expect(sent.wireBytes).toBeGreaterThan(bodies);
    expect(sent.wireBytes).toBeLessThan(bodies + 4096);
  });

  it('a strong ETag is weakened on a coded body (other bytes), and kept on the plain one', async () => {
    const app = new Hono();
    app.use('*', compress());
    app.get('/big', (c) => {
      c.header('ETag', '"v1"');
      return c.json({ pad: 'x'.repeat(4096) });
    });
    const ask = (encoding: string) => app.request('/big', { headers: { 'Accept-Encoding': encoding } });
    const plain = await ask('identity');
    const gz = await ask('gzip');
    const br = await ask('br');
    expect([plain.headers.get('Content-Encoding'), gz.headers.get('Content-Encoding'), br.headers.get('Content-Encoding')]).toEqual([
      null,
      'gzip',
      'br',
    ]);
    expect(plain.headers.get('ETag')).toBe('"v1"');
    expect(gz.headers.get('ETag')).toBe('W/"v1"');
    expect(br.headers.get('ETag')).toBe('W/"v1"');
    for (const r of [plain, gz, br]) expect(r.headers.get('Vary')).toMatch(/accept-encoding/i);
  });

  it("a page's ETag, got under one coding, brings a 304 under any other (If-None-Match compares weakly)", async () => {
    const got = await rawGet(page(), { ...key, 'Accept-Encoding': 'gzip' });
    expect(got.headers['content-encoding']).toBe('gzip');
    const etag = String(got.headers.etag);
    expect(etag).toMatch(/^W\//);
    for (const encoding of ['gzip', 'br', 'identity']) {
      const again = await rawGet(page(), { ...key, 'Accept-Encoding': encoding, 'If-None-Match': etag });
      expect(again.status, encoding).toBe(304);
      expect(again.body.length).toBe(0);
    }
  });

  it('leaves small answers as they are', async () => {
    const r = await rawGet(`${server.url}/api/v1/me`, { ...key, 'Accept-Encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThan(1024);
    expect(r.headers['content-encoding']).toBeUndefined();
  });

  it('the sync client receives compressed pages without asking and reads them', async () => {
    const seen: (string | null)[] = [];
    const client = createApiClient({
      baseUrl: server.url,
      apiKey: 'ai-demo-support',
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        seen.push(res.headers.get('Content-Encoding'));
        return res;
      },
    });
    const result = await client.fetchPage('assets', { cursor: null, limit: 1000 });
    expect(result.kind).toBe('page');
    if (result.kind === 'page') expect(result.page.changes).toHaveLength(1000);
    expect(seen).toEqual(['gzip']);
  });
});

describe('chooseEncoding', () => {
  it('prefers brotli, follows q-values, refuses q=0 and knows no coding without the header', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*, br;q=0')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeNull();
  });
});
