// Engineering → Roles on the demo platform: the API (400 naming the field, 403, 409, 428, 415; a save reaches the
// sync feed), the editor page (every element of seed 004 in its order) and its plain form post (CSRF token, the
// same decision as the API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { API_KEY_HEADER, API_PREFIX, SESSION_COOKIE } from '../../core/api/contract';
import { roleVersion } from '../../core/engine/role-edit';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import type { Membership, ProjectRole } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { syncPage } from './helpers';

let server: RunningDemoServer;
const EDITOR = 'ai-demo-customerCenterOperations';
const FORBIDDEN = 'ai-demo-technician';

beforeAll(async () => {
  server = await startDemoServer({ seed: 1, assets: 2000 });
});
afterAll(() => server.close());

/** A role that some membership uses. */
function usedRole(): ProjectRole {
  const m = server.store.snapshot().memberships[0] as Membership;
  return server.store.get('projectRoles', m.projectRoleId) as ProjectRole;
}

function put(id: string, body: unknown, opts: { key?: string; ifMatch?: string | null; type?: string } = {}) {
  const headers: Record<string, string> = { [API_KEY_HEADER]: opts.key ?? EDITOR, 'Content-Type': opts.type ?? 'application/json' };
  if (opts.ifMatch !== null) headers['If-Match'] = `"${opts.ifMatch ?? roleVersion(server.store.get('projectRoles', id) as ProjectRole)}"`;
  return fetch(`${server.url}${API_PREFIX}/project-roles/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('project roles API', () => {
  it('refuses write without read with 400 naming the field, and stores nothing', async () => {
    const role = usedRole();
    const before = server.store.get('projectRoles', role.id);
    const bad = { ...role, features: { ...role.features, alarms: { enabled: true, functions: { alarms: { read: false, write: true } } } } };
    const res = await put(role.id, bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; problems: { code: string; path: string }[] } };
    expect(body.error.problems).toContainEqual(
      expect.objectContaining({ code: 'ROLE_WRITE_WITHOUT_READ', path: 'features.alarms.functions.alarms.write' }),
    );
    expect(body.error.message).toContain('write permissions but no read permissions');
    expect(server.store.get('projectRoles', role.id)).toEqual(before);
  });

  it('refuses unknown function ids and a tag over the limits with 400 naming each', async () => {
    const role = usedRole();
    const bad = {
      ...role,
      tags: [{ tag: 'x'.repeat(101), read: true, write: false }],
      features: { ...role.features, alarms: { enabled: true, functions: { teleport: { read: true, write: false } } } },
    };
    const res = await put(role.id, bad);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { problems: { code: string; path: string }[] } };
    expect(error.problems.map((p) => [p.code, p.path])).toEqual(
      expect.arrayContaining([
        ['ROLE_UNKNOWN_FUNCTION', 'features.alarms.functions.teleport'],
        ['ROLE_TAG_TOO_LONG', 'tags[0].tag'],
      ]),
    );
  });

  it('answers 403 to a user whose system role may not edit roles, 415 to a non-JSON body, 428 without If-Match', async () => {
    const role = usedRole();
    const forbidden = await put(role.id, { ...role, name: 'Hijacked' }, { key: FORBIDDEN });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain('may not edit project roles');
    expect((await put(role.id, 'name=x', { type: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await put(role.id, role, { ifMatch: null })).status).toBe(428);
    expect((server.store.get('projectRoles', role.id) as ProjectRole).name).toBe(role.name);
  });

  it("refuses a browser request from another origin with the editor's session cookie (403), and stores nothing", async () => {
    const role = usedRole();
    const cookie = await signIn(server.apiKeys[EDITOR]);
    const res = await fetch(`${server.url}${API_PREFIX}/project-roles/${encodeURIComponent(role.id)}`, {
      method: 'PUT',
      headers: { cookie, 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1', 'If-Match': `"${roleVersion(role)}"` },
      body: JSON.stringify({ ...role, name: 'Forged' }),
    });
    expect(res.status).toBe(403);
    expect((server.store.get('projectRoles', role.id) as ProjectRole).name).toBe(role.name);
  });

  it('answers 409 with the current role when the role changed since it was opened', async () => {
    const role = usedRole();
    const opened = roleVersion(role);
    server.store.put('projectRoles', { ...role, expertMode: !role.expertMode }); // someone else saves first
    const res = await put(role.id, { ...role, name: `${role.name} (mine)` }, { ifMatch: opened });
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: { code: string; current: { role: ProjectRole; version: string } } };
    expect(error.code).toBe('conflict');
    expect(error.current.role.expertMode).toBe(!role.expertMode);
    expect(error.current.version).not.toBe(opened);
    expect((server.store.get('projectRoles', role.id) as ProjectRole).name).toBe(role.name);
  });

  it('saves a valid edit, answers its version as ETag and puts it in the sync feed', async () => {
    const role = usedRole();
    const { cursor } = await syncPage(server, 'projectRoles', null, 1000);
    const edited: ProjectRole = {
      ...role,
      features: { ...role.features, alarms: { enabled: false, functions: role.features.alarms?.functions ?? {} } },
    };
    const res = await put(role.id, edited);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { role: ProjectRole; version: string };
    // Strong on the plain bytes, weak on a compressed answer (Node's fetch asks for gzip): the same version either way.
    expect(res.headers.get('ETag')).toMatch(new RegExp(`^(?:W/)?"${body.version}"$`));
    expect(body.version).toBe(roleVersion(server.store.get('projectRoles', role.id) as ProjectRole));
    const page = await syncPage(server, 'projectRoles', cursor, 1000);
    expect(page.changes).toEqual([
      expect.objectContaining({
        op: 'put',
        key: role.id,
        record: expect.objectContaining({ features: expect.objectContaining({ alarms: expect.objectContaining({ enabled: false }) }) }),
      }),
    ]);
  });

  it('creates a role with POST (201, Location) with an id of its own', async () => {
    const res = await fetch(`${server.url}${API_PREFIX}/project-roles`, {
      method: 'POST',
      headers: { [API_KEY_HEADER]: EDITOR, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Night shift', location: null, expertMode: false, fullAccessUntagged: false, tags: [], features: {} }),
    });
    expect(res.status).toBe(201);
    const { role } = (await res.json()) as { role: ProjectRole };
    expect(res.headers.get('Location')).toBe(`${API_PREFIX}/project-roles/${role.id}`);
    expect(server.store.get('projectRoles', role.id)).toEqual(role);
  });
});

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ userId }), redirect: 'manual' });
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    .split(';')[0];
}
async function open(path: string, cookie: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const window = new Window({ url: server.url });
  window.document.write(await res.text());
  return { status: res.status, doc: window.document };
}

describe('Engineering → Roles pages', () => {
  it('lists the roles with used-in projects and holders, and the editor shows every element of the seed in its order', async () => {
    const cookie = await signIn(server.apiKeys[EDITOR]);
    const list = await open('/engineering/roles', cookie);
    expect(list.status).toBe(200);
    expect(list.doc.querySelector('[data-ai-role-create]')?.textContent).toBe('Create a new project role');
    const role = usedRole();
    const holders = server.store.snapshot().memberships.filter((m) => m.projectRoleId === role.id).length;
    expect(list.doc.querySelector(`[data-ai-role-row="${role.id}"] td:last-child`)?.textContent).toBe(holders.toLocaleString('en'));

    const editor = await open(`/engineering/roles/${encodeURIComponent(role.id)}`, cookie);
    expect(editor.status).toBe(200);
    expect(editor.doc.body.getAttribute('data-ai-page')).toBe('role');
    const letters = [...editor.doc.querySelectorAll('form .letter')].map((e) => e.textContent);
    const want = [
      '[A]',
      '[B]',
      '[C]',
      '[D]',
      '[E]',
      '[F]',
      '[G]',
      ...FEATURE_GROUPS.flatMap((g) => [`[${g.letter}]`, ...g.functions.map((f) => `[${f.letter}]`)]),
      '[U]',
    ];
    expect(letters).toEqual(want);
    expect(editor.doc.querySelector('form[data-ai-role-form]')?.getAttribute('data-ai-role-version')).toBe(roleVersion(role));
    expect(editor.doc.querySelector('[data-ai-role-switch="alarms"] legend')?.textContent).toContain('Universal switch «Alarms»');
  });

  it('a forbidden user gets the 403 page; the form post needs the CSRF token and gets the same 400 as the API', async () => {
    const forbidden = await signIn(server.apiKeys[FORBIDDEN]);
    const page = await open('/engineering/roles', forbidden);
    expect(page.status).toBe(403);
    expect(page.doc.querySelector('[data-ai-no-permission]')).not.toBeNull();

    const cookie = await signIn(server.apiKeys[EDITOR]);
    const role = usedRole();
    const editor = await open(`/engineering/roles/${encodeURIComponent(role.id)}`, cookie);
    const form = editor.doc.querySelector('form[data-ai-role-form]') as unknown as HTMLFormElement;
    const fields = new URLSearchParams();
    for (const el of form.querySelectorAll('input')) {
      const input = el as HTMLInputElement;
      if (input.type === 'checkbox' ? input.checked : true) fields.append(input.name, input.value);
    }
    const post = (body: URLSearchParams) =>
      fetch(`${server.url}/engineering/roles/${encodeURIComponent(role.id)}`, {
        method: 'POST',
        headers: { cookie },
        body,
        redirect: 'manual',
      });
    const noToken = new URLSearchParams(fields);
    noToken.delete('csrf');
    expect((await post(noToken)).status).toBe(403);

    const writeOnly = new URLSearchParams(fields);
    writeOnly.delete('fn_alarms.alarms_read');
    writeOnly.set('fn_alarms.alarms_write', 'on');
    const refused = await post(writeOnly);
    expect(refused.status).toBe(400);
    const refusedPage = new Window({ url: server.url }).document;
    refusedPage.write(await refused.text());
    expect(refusedPage.querySelector('[data-ai-role-save-message]')?.textContent).toContain('features.alarms.functions.alarms.write');
    // The refused edit is shown again (nothing lost), on the version it was made on.
    expect((refusedPage.querySelector('input[name="fn_alarms.alarms_write"]') as unknown as HTMLInputElement).checked).toBe(true);
    expect((refusedPage.querySelector('input[name="fn_alarms.alarms_read"]') as unknown as HTMLInputElement).checked).toBe(false);
    expect(refusedPage.querySelector('form[data-ai-role-form]')?.getAttribute('data-ai-role-version')).toBe(fields.get('version'));

    // "Create a new project role" as a plain form: the platform gives the id; the role is stored whole.
    const blank = await open('/engineering/roles/new', cookie);
    expect(blank.doc.querySelector('h1')?.textContent).toBe('Create a new project role');
    const created = new URLSearchParams({
      csrf: fields.get('csrf')!,
      name: 'Weekend crew',
      group_alarms: 'on',
      'fn_alarms.alarms_read': 'on',
      newTag: 'night',
      newTag_read: 'on',
    });
    const made = await fetch(`${server.url}/engineering/roles`, { method: 'POST', headers: { cookie }, body: created, redirect: 'manual' });
    expect(made.status).toBe(303);
    const stored = server.store.snapshot().projectRoles.find((r) => r.name === 'Weekend crew')!;
    expect(stored.id).toMatch(/^pr-weekend-crew-/);
    expect(stored.features.alarms).toEqual({
      enabled: true,
      functions: { alarms: { read: true, write: false }, alarmHistory: { read: false, write: false } },
    });
    expect(stored.tags).toEqual([{ tag: 'night', read: true, write: false }]);

    const renamed = new URLSearchParams(fields);
    renamed.set('name', 'Renamed by form');
    const ok = await post(renamed);
    expect(ok.status).toBe(303);
    expect((server.store.get('projectRoles', role.id) as ProjectRole).name).toBe('Renamed by form');
  });
});
