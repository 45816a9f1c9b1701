// openapi.yaml is for humans and tools; the code checks against core/api/contract.ts. These tests keep the two in
// step: the document parses as YAML without surprises, passes Redocly's lint, and the demo platform's real answers
// validate against the document's own schemas (Ajv, a validator independent of the zod contract).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX, ApiErrorSchema, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, SESSION_COOKIE } from '../../core/api/contract';
import { nextCursorOf } from '../../core/api/next-link';
import { COLLECTION_NAMES, systemRolesOf } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { fixtureSnapshot } from '../components/fixture';

const ROOT = join(import.meta.dirname, '../..');
const text = readFileSync(join(ROOT, 'openapi.yaml'), 'utf8');
const parsed = parseDocument(text, { uniqueKeys: true, prettyErrors: true });

type Json = Record<string, any>;
const doc = parsed.toJS() as Json;

// The document's schemas as one Ajv resource: its `#/components/schemas/X` references become `$defs` of it.
const SCHEMAS_ID = 'openapi.json';
const rewritten = JSON.parse(JSON.stringify(doc).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`)) as Json;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// An OpenAPI annotation (which branch of a oneOf to read); validation does not depend on it.
ajv.addKeyword('discriminator');
ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewritten.components.schemas });

const compiled = new Map<string, ValidateFunction>();
/** "METHOD path" of every operation a test checked an answer of. */
const exercised = new Set<string>();
function validator(key: string, schema: Json): ValidateFunction {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
  return compiled.get(key)!;
}

function resolveResponse(response: Json): Json {
  const ref = response.$ref as string | undefined;
  return ref ? rewritten.components.responses[ref.replace('#/components/responses/', '')] : response;
}

/**
 * Checks one real answer against what openapi.yaml says `method path` answers with that status: the status is
 * documented, required headers are there, and a JSON body validates against the response's schema. Returns the body.
 */
async function conforms(res: Response, method: string, path: string): Promise<unknown> {
  const operation = rewritten.paths[path]?.[method];
  if (!operation) throw new Error(`openapi.yaml has no ${method.toUpperCase()} ${path}`);
  exercised.add(`${method.toUpperCase()} ${path}`);
  const documented = operation.responses[String(res.status)];
  if (!documented) throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}, which openapi.yaml does not document`);
  const response = resolveResponse(documented);
  for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
    if (header.required) expect(res.headers.get(name), `${path} ${res.status} header ${name}`).not.toBeNull();
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return res.text();
  const body = await res.json();
  const validate = validator(`${method} ${path} ${res.status}`, schema);
  if (!validate(body)) {
    throw new Error(
      `${method.toUpperCase()} ${path} ${res.status} does not match openapi.yaml: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
    );
  }
  return body;
}

/** Validates `value` against one named schema of the document. */
function matchesSchema(name: string, value: unknown): string | null {
  const validate = validator(`schema ${name}`, { $ref: `${SCHEMAS_ID}#/$defs/${name}` });
  return validate(value) ? null : ajv.errorsText(validate.errors, { separator: '; ' });
}

const RECORD_SCHEMA: Record<(typeof COLLECTION_NAMES)[number], string> = {
  organizations: 'Organization',
  sites: 'Site',
  systemRoles: 'SystemRole',
  users: 'User',
  projects: 'Project',
  projectRoles: 'ProjectRole',
  memberships: 'Membership',
  assets: 'Asset',
  tickets: 'Ticket',
};

describe('openapi.yaml as a document', () => {
  it('parses as YAML without errors, warnings or duplicate keys', () => {
    expect(parsed.errors.map((e) => e.message)).toEqual([]);
    expect(parsed.warnings.map((e) => e.message)).toEqual([]);
  });

  it('passes Redocly lint (recommended rules, redocly.yaml) with no errors or warnings', () => {
    const out = execFileSync(join(ROOT, 'node_modules/.bin/redocly'), ['lint', 'openapi.yaml', '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const report = JSON.parse(out.slice(out.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("refers to every record schema from Change, one per collection, and names the contract's vocabulary", () => {
    const schemas = doc.components.schemas;
    const refs = (schemas.PutChange.properties.record.anyOf as Json[]).map((s) => s.$ref.replace('#/components/schemas/', ''));
    expect(refs.sort()).toEqual(Object.values(RECORD_SCHEMA).sort());
    expect(schemas.CollectionName.enum).toEqual([...COLLECTION_NAMES]);
    expect(schemas.ApiError.properties.error.properties.code.enum).toEqual(ApiErrorSchema.shape.error.shape.code.options);
    expect(Object.keys(schemas.ApiError.properties.error.properties).sort()).toEqual(['code', 'message']);
    expect(doc.components.securitySchemes.apiKey.name).toBe(API_KEY_HEADER);
    expect(doc.components.securitySchemes.sessionCookie.name).toBe(SESSION_COOKIE);
    const limit = (doc.paths[`${API_PREFIX}/sync/{collection}`].get.parameters as Json[]).find((p) => p.name === 'limit')!;
    expect(limit.schema.default).toBe(DEFAULT_PAGE_LIMIT);
    expect(limit.description).toContain(`capped at ${MAX_PAGE_LIMIT}`);
  });
});

describe('the demo platform answers as openapi.yaml says', () => {
  let server: RunningDemoServer;
  const me = `${API_PREFIX}/me`;
  const sync = `${API_PREFIX}/sync/{collection}`;
  const role = `${API_PREFIX}/users/{userId}/role`;
  const keyOf = (userId: string) => Object.entries(server.apiKeys).find(([, id]) => id === userId)![0];
  const get = (path: string, key: string | null = keyOf('u-admin'), headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { ...headers, ...(key ? { [API_KEY_HEADER]: key } : {}) } });
  const ctl = () => ({ 'X-Demo-Control': server.controlToken });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });

  beforeAll(async () => {
    // Every collection non-empty, the system-role catalog included (an empty one means "the defaults").
    const snapshot = { ...fixtureSnapshot() };
    snapshot.systemRoles = systemRolesOf({});
    server = await startDemoServer({ snapshot });
  });
  afterAll(() => server?.close());

  it('GET /me: 200 for a key, 401 without one', async () => {
    const body = (await conforms(await get(me), 'get', me)) as Json;
    expect(body.user.id).toBe('u-admin');
    await conforms(await get(me, null), 'get', me);
    expect((await get(me, null)).status).toBe(401);
  });

  it("GET /sync/{collection}: every record of every collection validates against its collection's schema", async () => {
    for (const collection of COLLECTION_NAMES) {
      let cursor: string | null = null;
      let records = 0;
      for (;;) {
        const res = await get(`${API_PREFIX}/sync/${collection}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status, collection).toBe(200);
        expect(res.headers.get('etag'), collection).not.toBeNull();
        const page = (await conforms(res, 'get', sync)) as Json;
        for (const change of page.changes) {
          expect(matchesSchema(RECORD_SCHEMA[collection], change.record), `${collection} ${change.key}`).toBeNull();
          records++;
        }
        // The Link header names the page the body's cursor leads to, and only while there is more.
        expect(nextCursorOf(res.headers.get('link'), res.url), collection).toBe(page.hasMore ? page.cursor : null);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      expect(records, collection).toBeGreaterThan(0);
    }
  });

  it('GET /sync/{collection}: tombstones, 304, 400, 403, 404 and 410 as documented', async () => {
    const first = (await conforms(await get(`${API_PREFIX}/sync/tickets`), 'get', sync)) as Json;
    const ticket = server.store.snapshot().tickets[0];
    server.store.remove('tickets', ticket.id);
    const res = await get(`${API_PREFIX}/sync/tickets?cursor=${encodeURIComponent(first.cursor)}`);
    const etag = res.headers.get('etag')!;
    const page = (await conforms(res, 'get', sync)) as Json;
    // One change: its time and author are the page's.
    expect(page.changes).toEqual([{ op: 'delete', key: ticket.id }]);
    expect(page).toMatchObject({ at: expect.any(String), author: null });
    const notModified = await get(`${API_PREFIX}/sync/tickets?cursor=${encodeURIComponent(first.cursor)}`, keyOf('u-admin'), {
      'If-None-Match': etag,
    });
    expect(notModified.status).toBe(304);
    await conforms(notModified, 'get', sync);

    const statuses: number[] = [];
    for (const res of [
      await get(`${API_PREFIX}/sync/tickets?cursor=not-a-cursor`),
      await get(`${API_PREFIX}/sync/assets`, keyOf('u-cust')),
      await get(`${API_PREFIX}/sync/widgets`),
    ]) {
      statuses.push(res.status);
      await conforms(res, 'get', sync);
    }
    expect(statuses).toEqual([400, 403, 404]);

    // A new dataset: the old cursor is of an earlier epoch.
    server.store.reset(server.store.snapshot());
    const gone = await get(`${API_PREFIX}/sync/tickets?cursor=${encodeURIComponent(page.cursor)}`);
    expect(gone.status).toBe(410);
    await conforms(gone, 'get', sync);
  });

  it('429 and 5xx under fault injection carry ApiError bodies (and Retry-After)', async () => {
    await conforms(await post('/__demo/faults', { seed: 1, rateLimitRate: 1 }, ctl()), 'post', '/__demo/faults');
    const limited = await get(me);
    expect(limited.status).toBe(429);
    await conforms(limited, 'get', me);
    await conforms(await post('/__demo/faults', { seed: 1, serverErrorRate: 1 }, ctl()), 'post', '/__demo/faults');
    const failed = await get(me);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    await conforms(failed, 'get', me);
    const state = (await conforms(await get('/__demo/state', null, ctl()), 'get', '/__demo/state')) as Json;
    expect(state.faults.injected.serverError).toBeGreaterThan(0);
    await conforms(await post('/__demo/faults', null, ctl()), 'post', '/__demo/faults');
  });

  it('POST /sync/{collection}/lookup: a put for a record it holds, a delete for one it does not, 400 for no keys', async () => {
    const lookup = `${API_PREFIX}/sync/{collection}/lookup`;
    const key = { [API_KEY_HEADER]: keyOf('u-admin') };
    const asset = server.store.snapshot().assets[0];
    const found = (await conforms(
      await post(`${API_PREFIX}/sync/assets/lookup`, { keys: [asset.id, 'no-such-asset'] }, key),
      'post',
      lookup,
    )) as Json;
    expect(found.changes).toEqual([
      { op: 'put', key: asset.id, record: asset },
      { op: 'delete', key: 'no-such-asset' },
    ]);
    expect(matchesSchema('Asset', found.changes[0].record)).toBeNull();
    const empty = await post(`${API_PREFIX}/sync/assets/lookup`, { keys: [] }, key);
    expect(empty.status).toBe(400);
    await conforms(empty, 'post', lookup);
  });

  it('POST /users/{userId}/role: 200, 400, 401, 403 with reasons, 404, 409 and 415', async () => {
    const qm = { [API_KEY_HEADER]: keyOf('u-qm') };
    const path = (id: string) => `${API_PREFIX}/users/${id}/role`;
    const answers = [
      await post(path('u-new'), { roleId: 'customer', ifCurrentRoleId: null }, qm),
      await post(path('u-new'), { roleId: 'no-such-role' }, qm),
      await post(path('u-new'), { roleId: 'customer' }),
      await post(path('u-admin'), { roleId: 'customer' }, qm),
      await post(path('u-nobody'), { roleId: 'customer' }, qm),
      await post(path('u-new'), { roleId: 'customer', ifCurrentRoleId: null }, qm),
      await post(path('u-new'), 'roleId=customer', { ...qm, 'Content-Type': 'application/x-www-form-urlencoded' }),
    ];
    const bodies: Json[] = [];
    for (const res of answers) bodies.push((await conforms(res, 'post', role)) as Json);
    expect(answers.map((r) => r.status)).toEqual([200, 400, 401, 403, 404, 409, 415]);
    expect(bodies[0]).toMatchObject({ verified: true, user: { id: 'u-new', status: 'active' } });
    expect(bodies[3].error.reasons.length).toBeGreaterThan(0);
  });

  it('project roles: GET with ETag; PUT 400 naming fields, 200, 401, 403, 404, 409 with the current role, 415, 428; POST 201', async () => {
    const one = `${API_PREFIX}/project-roles/{roleId}`;
    const admin = { [API_KEY_HEADER]: keyOf('u-admin') };
    const stored = server.store.snapshot().projectRoles[0];
    const at = `${API_PREFIX}/project-roles/${encodeURIComponent(stored.id)}`;
    const got = await get(at);
    const { version } = (await conforms(got, 'get', one)) as Json;
    await conforms(await get(`${API_PREFIX}/project-roles/no-such-role`), 'get', one);
    await conforms(await get(at, null), 'get', one);
    const put = (body: unknown, headers: Record<string, string>, path = at) =>
      fetch(`${server.url}${path}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const ifMatch = (v: string) => ({ 'If-Match': `"${v}"` });
    const bad = { ...stored, features: { alarms: { enabled: true, functions: { alarms: { read: false, write: true } } } } };
    const answers = [
      await put(bad, { ...admin, ...ifMatch(version) }),
      await put({ ...stored, name: 'Renamed' }, { ...admin, ...ifMatch(version) }),
      await put(stored, ifMatch(version)),
      await put(stored, { [API_KEY_HEADER]: keyOf('u-tech'), ...ifMatch(version) }),
      await put(stored, { ...admin, ...ifMatch(version) }, `${API_PREFIX}/project-roles/no-such-role`),
      await put(stored, { ...admin, ...ifMatch(version) }),
      await put('name=x', { ...admin, ...ifMatch(version), 'Content-Type': 'application/x-www-form-urlencoded' }),
      await put(stored, admin),
    ];
    const bodies: Json[] = [];
    for (const res of answers) bodies.push((await conforms(res, 'put', one)) as Json);
    expect(answers.map((r) => r.status)).toEqual([400, 200, 401, 403, 404, 409, 415, 428]);
    expect(bodies[0].error.problems[0].path).toBe('features.alarms.functions.alarms.write');
    expect(bodies[5].error.current.role.name).toBe('Renamed');
    const created = await post(
      `${API_PREFIX}/project-roles`,
      { name: 'New role', location: null, expertMode: false, fullAccessUntagged: false, tags: [], features: {} },
      admin,
    );
    expect(created.status).toBe(201);
    await conforms(created, 'post', `${API_PREFIX}/project-roles`);
  });

  it('demo control and session endpoints: mutate, state, bad bodies, sign-in and sign-out', async () => {
    const mutated = (await conforms(await post('/__demo/mutate', { count: 5, seed: 2 }, ctl()), 'post', '/__demo/mutate')) as Json;
    expect(mutated.changes).toBeGreaterThan(0);
    const bad = await post('/__demo/mutate', { count: 0 }, ctl());
    expect(bad.status).toBe(400);
    await conforms(bad, 'post', '/__demo/mutate');
    const plain = await post('/__demo/mutate', '{"count":1,"seed":1}', { ...ctl(), 'Content-Type': 'text/plain' });
    expect(plain.status).toBe(415);
    await conforms(plain, 'post', '/__demo/mutate');
    const noSecret = await post('/__demo/faults', { seed: 1, serverErrorRate: 1 });
    expect(noSecret.status).toBe(403);
    await conforms(noSecret, 'post', '/__demo/faults');
    const state = (await conforms(await get('/__demo/state', null, ctl()), 'get', '/__demo/state')) as Json;
    expect(state.faults).toBeNull();
    const signIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ userId: 'u-qm' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    await conforms(signIn, 'post', '/login');
    const signOut = await fetch(`${server.url}/logout`, { method: 'POST', redirect: 'manual' });
    expect(signOut.status).toBe(303);
    await conforms(signOut, 'post', '/logout');
  });

  it('GET /history: changes with before, after, time and author; 400 and 410 as documented; POST /__demo/clock', async () => {
    const history = `${API_PREFIX}/history`;
    const clock = (await conforms(await post('/__demo/clock', { offsetMs: 0 }, ctl()), 'post', '/__demo/clock')) as Json;
    expect(typeof clock.now).toBe('string');
    await conforms(await post('/__demo/clock', { offsetMs: 'soon' }, ctl()), 'post', '/__demo/clock');
    await conforms(await post('/__demo/clock', '{"offsetMs":0}', { ...ctl(), 'Content-Type': 'text/plain' }), 'post', '/__demo/clock');
    await conforms(await post('/__demo/clock', { offsetMs: 0 }), 'post', '/__demo/clock');
    const ticket = server.store.snapshot().tickets[0];
    server.store.put('tickets', { ...ticket, title: 'Edited for the history' }, 'u-admin');
    const page = (await conforms(await get(`${history}?limit=2&since=${encodeURIComponent(clock.now)}`), 'get', history)) as Json;
    expect(page.entries.at(-1)).toMatchObject({ collection: 'tickets', key: ticket.id, author: 'u-admin', before: ticket });
    const statuses: number[] = [];
    for (const res of [
      await get(`${history}?since=2000-01-01T00:00:00Z`),
      await get(`${history}?since=yesterday`),
      await get(history, null),
      await get(`${history}?limit=0`),
    ]) {
      statuses.push(res.status);
      await conforms(res, 'get', history);
    }
    expect(statuses).toEqual([410, 400, 401, 400]);
  });

  it('has checked an answer of every operation the document describes', () => {
    const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.filter((o) => !exercised.has(o))).toEqual([]);
  });
});
