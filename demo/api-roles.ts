// Project roles through the platform API (openapi.yaml): GET /project-roles/{id} (with its version as ETag),
// POST /project-roles (create) and PUT /project-roles/{id} (replace; If-Match the version you edited). Session
// cookie or API key, like every endpoint; JSON only (415 otherwise), so a cross-site form cannot replay the cookie,
// and a browser request from another origin is refused (403), like the pages' forms.
//   400 the role breaks the model or the editor's limits (each problem names its field) · 401 not signed in
//   403 may not edit roles · 404 no such role · 409 changed since opened (the current role is in the answer)
//   428 PUT without If-Match
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { ApiError } from '../core/api/contract';
import { crossOriginProblem } from './csrf';
import { decideRoleSave, roleWithVersion, type RoleSaveDecision } from './roles';
import type { DemoState } from './state';

type Env = { Bindings: HttpBindings };

const etagOf = (version: string) => `"${version}"`;
/** The version an If-Match names (one strong or weak tag); null when absent. */
function ifMatchVersion(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  return header.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

export function roleApiRoutes(state: DemoState): Hono<Env> {
  const api = new Hono<Env>();

  const fail = (
    c: Context,
    status: 400 | 401 | 403 | 404 | 409 | 415 | 428,
    code: ApiError['error']['code'],
    message: string,
    extra: object = {},
  ) => c.json({ error: { code, message, ...extra } }, status);

  api.get('/project-roles/:roleId', (c) => {
    const caller = state.identify(c);
    if ('problem' in caller) return fail(c, 401, 'unauthorized', caller.problem);
    const found = roleWithVersion(state, c.req.param('roleId') ?? '');
    if (!found) return fail(c, 404, 'notFound', `there is no project role "${c.req.param('roleId')}"`);
    c.header('ETag', etagOf(found.version));
    c.header('Cache-Control', 'no-store');
    return c.json(found);
  });

  const save = async (c: Context, roleId: string | null) => {
    const caller = state.identify(c);
    if ('problem' in caller) return fail(c, 401, 'unauthorized', caller.problem);
    const crossOrigin = crossOriginProblem(c);
    if (crossOrigin) return fail(c, 403, 'forbidden', crossOrigin);
    if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith('application/json')) {
      return fail(c, 415, 'badRequest', 'send the project role as JSON (Content-Type: application/json)');
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 400, 'badRequest', 'the body is not valid JSON');
    }
    const d: RoleSaveDecision = decideRoleSave(state, caller.user.id, roleId, body, ifMatchVersion(c.req.header('If-Match')));
    if (!d.ok)
      return fail(c, d.status, d.code, d.message, {
        ...(d.problems ? { problems: d.problems } : {}),
        ...(d.current ? { current: d.current } : {}),
      });
    c.header('ETag', etagOf(d.saved.version));
    c.header('Cache-Control', 'no-store');
    if (d.created) c.header('Location', `${new URL(c.req.url).pathname.replace(/\/$/, '')}/${encodeURIComponent(d.saved.role.id)}`);
    return c.json(d.saved, d.created ? 201 : 200);
  };

  api.post('/project-roles', (c) => save(c, null));
  api.put('/project-roles/:roleId', (c) => save(c, c.req.param('roleId') ?? ''));
  return api;
}
