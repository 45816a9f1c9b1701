// The demo platform's pages: sign-in, fleet (a single-page app over /fleet/data), asset, tickets, users, one user,
// registrations, and a placeholder per feature group. Every page is server-rendered through hono/html (escaped).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { etag } from 'hono/etag';
import type { HttpBindings } from '@hono/node-server';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../core/api/contract';
import type { Asset, Project, ProjectRole, User } from '../../core/model/snapshot';
import type { DemoState } from '../state';
import { Views, type UserView } from '../view';
import { buildUserView } from '../view-engine';
import { decideAssignment } from '../api-admin';
import { CSRF_FIELD, crossOriginProblem } from '../csrf';
import { localPathOr } from '../redirect';
import { assetContent } from './asset';
import { featureContent } from './feature';
import { fleetContent, fleetData, readFleetQuery } from './fleet';
import { page, type Html } from './layout';
import { loginPage } from './login';
import { registrationsContent } from './registrations';
import { noRolePermission, roleEditorContent, roleFromForm, roleRows, rolesListContent } from './roles';
import { decideRoleSave, mayEditRoles } from '../roles';
import { ticketsContent } from './tickets';
import { userContent, usersContent } from './users';

type Env = { Bindings: HttpBindings };

export const PROJECT_COOKIE = 'ai_project';
const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));
/** Built by the panel engineer's `npm run build:widget`; absent until then (a 404 the pages survive). */
export const WIDGET_DIR = fileURLToPath(new URL('../../.output/widget/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Scripts only from this origin: even a mistake in escaping could not run injected script. Styles stay open for the widget. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "script-src 'self'; object-src 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

async function serveFile(c: Context, dir: string, rel: string): Promise<Response> {
  const path = normalize(join(dir, rel));
  const ext = path.slice(path.lastIndexOf('.'));
  if (!path.startsWith(dir.endsWith(sep) ? dir : dir + sep) || !(ext in CONTENT_TYPES)) return c.text('Not found', 404);
  try {
    const body = await readFile(path);
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPES[ext], 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
  } catch {
    return c.text('Not found', 404);
  }
}

export function pageRoutes(state: DemoState): Hono<Env> {
  const app = new Hono<Env>();
  const views = new Views(state.store, buildUserView);

  const signedIn = (c: Context): User | null => {
    const caller = state.identify(c);
    return 'problem' in caller ? null : caller.user;
  };

  const currentProject = (c: Context, view: UserView): Project | null => {
    const projects = view.projects();
    const chosen = getCookie(c, PROJECT_COOKIE);
    return projects.find((p) => p.id === chosen) ?? projects[0] ?? null;
  };

  const render = async (c: Context, status: 200 | 403 | 404, content: Html) => c.html(await content, status, PAGE_HEADERS);

  /** Runs a page for the signed-in user, or sends the visitor to the sign-in page. */
  const withUser = (handler: (c: Context, view: UserView, project: Project | null) => Promise<Response> | Response) => (c: Context) => {
    const user = signedIn(c);
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 302);
    const view = views.of(user);
    return handler(c, view, currentProject(c, view));
  };

  const frame = (c: Context, pageId: string, title: string, view: UserView, project: Project | null, active?: string) => ({
    page: pageId,
    title,
    view,
    project,
    active,
    csrf: state.csrf.tokenOf(c),
    canEditRoles: mayEditRoles(state, view.user.id),
  });

  // Every form POST must come from this origin; the forms of a signed-in user also carry the session's token.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const problem = crossOriginProblem(c);
      if (problem) return c.text(`Refused: ${problem}.`, 403, PAGE_HEADERS);
    }
    await next();
  });

  /** The form's token, checked against the session; a missing or wrong one is refused (403). */
  const checkToken = async (c: Context): Promise<Record<string, unknown> | Response> => {
    const form = await c.req.parseBody();
    if (!state.csrf.verify(c, form[CSRF_FIELD])) {
      return c.text('Refused: the form has no valid token for your session (reload the page and try again).', 403, PAGE_HEADERS);
    }
    return form;
  };

  app.get('/', (c) => c.redirect(signedIn(c) ? '/fleet' : '/login', 302));

  app.get('/login', (c) => render(c, 200, loginPage(state, c.req.query('error') ?? null, localPathOr(c.req.query('next'), ''))));

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const userId = typeof form.userId === 'string' ? form.userId.trim() : '';
    if (!userId || state.store.get('users', userId) === undefined) {
      return render(c, 404, loginPage(state, `There is no user "${userId}".`, localPathOr(c.req.query('next'), '')));
    }
    setCookie(c, SESSION_COOKIE, state.sessions.create(userId), { path: '/', httpOnly: true, sameSite: 'Lax' });
    deleteCookie(c, PROJECT_COOKIE, { path: '/' });
    return c.redirect(localPathOr(c.req.query('next'), '/fleet'), 303);
  });

  app.post('/logout', async (c) => {
    // Signing out someone else's session is a nuisance a cross-site form could cause: it needs the token too.
    if (state.sessions.userIdOf(getCookie(c, SESSION_COOKIE)) !== undefined) {
      const form = await checkToken(c);
      if (form instanceof Response) return form;
    }
    state.sessions.end(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.post('/project', async (c) => {
    if (!signedIn(c)) return c.redirect('/login', 303);
    const form = await checkToken(c);
    if (form instanceof Response) return form;
    if (typeof form.projectId === 'string') setCookie(c, PROJECT_COOKIE, form.projectId, { path: '/', httpOnly: true, sameSite: 'Lax' });
    let to = '/fleet';
    try {
      const u = new URL(c.req.header('Referer') ?? '');
      if (u.origin === new URL(c.req.url).origin) to = localPathOr(u.pathname + u.search, '/fleet');
    } catch {
      // no usable Referer: the fleet
    }
    return c.redirect(to, 303);
  });

  app.get(
    '/fleet',
    withUser((c, view, project) => {
      const data = fleetData(
        views,
        view,
        readFleetQuery((n) => c.req.query(n)),
      );
      return render(c, 200, page(frame(c, 'fleet', 'Assets', view, project, 'assets'), fleetContent(view, data)));
    }),
  );

  app.get(
    '/fleet/data',
    withUser((c, view) => {
      c.header('Cache-Control', 'no-store');
      return c.json(
        fleetData(
          views,
          view,
          readFleetQuery((n) => c.req.query(n)),
        ),
      );
    }),
  );

  app.get(
    '/assets/:assetId',
    withUser((c, view, project) => {
      const id = c.req.param('assetId') ?? '';
      const asset = state.store.get('assets', id) as Asset | undefined;
      const visible = asset !== undefined && view.assetEffect(id) !== 'hidden';
      const title = visible ? asset.name : 'Asset not available';
      return render(c, visible ? 200 : 404, page(frame(c, 'asset', title, view, project, 'assets'), assetContent(views, view, id, asset)));
    }),
  );

  app.get(
    '/tickets',
    withUser((c, view, project) => {
      const n = Number.parseInt(c.req.query('page') ?? '1', 10) || 1;
      return render(c, 200, page(frame(c, 'tickets', 'Tickets', view, project, 'tickets'), ticketsContent(views, view, n)));
    }),
  );

  app.get(
    '/users',
    withUser((c, view, project) => {
      const n = Number.parseInt(c.req.query('page') ?? '1', 10) || 1;
      const content = usersContent(views, view, (c.req.query('q') ?? '').trim().slice(0, 200), n);
      return render(c, view.canManageUsers ? 200 : 403, page(frame(c, 'users', 'Users', view, project, 'users'), content));
    }),
  );

  app.get(
    '/users/:userId',
    withUser((c, view, project) => {
      const id = c.req.param('userId') ?? '';
      const target = state.store.get('users', id) as User | undefined;
      const status = !target ? 404 : view.canManageUsers || target.id === view.user.id ? 200 : 403;
      return render(
        c,
        status,
        page(
          frame(c, 'user', target ? target.name : 'User not found', view, project, 'users'),
          userContent(views, view, id, target, state.csrf.tokenOf(c)),
        ),
      );
    }),
  );

  app.post(
    '/users/:userId/role',
    withUser(async (c, view) => {
      const id = c.req.param('userId') ?? '';
      const form = await checkToken(c);
      if (form instanceof Response) return form;
      // The same decision as POST /api/v1/users/:id/role (R6, and R8 for a registrant).
      const decision = decideAssignment(state, view.user.id, id, typeof form.roleId === 'string' ? form.roleId : '');
      if (!decision.ok) return c.json({ error: { code: decision.code, message: decision.message } }, decision.status);
      return c.redirect(`/users/${encodeURIComponent(id)}`, 303);
    }),
  );

  app.get(
    '/registrations',
    withUser((c, view, project) =>
      render(
        c,
        200,
        page(frame(c, 'registrations', 'Pending registrations', view, project, 'registrations'), registrationsContent(views, view)),
      ),
    ),
  );

  app.get(
    '/features/:groupId',
    withUser((c, view, project) => {
      const groupId = c.req.param('groupId') ?? '';
      return render(c, 200, page(frame(c, 'feature', groupId, view, project, groupId), featureContent(view, groupId, project?.id ?? null)));
    }),
  );

  // Engineering → Roles (demo/pages/roles.ts): editors only (demo/roles.ts mayEditRoles); 403 page otherwise.
  const rolesFrame = (c: Context, pageId: string, title: string, view: UserView, project: Project | null) =>
    frame(c, pageId, title, view, project, 'roles');
  const NOT_A_ROLE_EDITOR = 'your system role has no Manage resources with Internal user (or Global Admin)';
  const rolesForbidden = (c: Context, pageId: string, view: UserView, project: Project | null, why: string) =>
    render(c, 403, page(rolesFrame(c, pageId, 'Roles', view, project), noRolePermission(why)));
  const usedIn = (roleId: string) => roleRows(state.store).find((r) => r.role.id === roleId)?.projects ?? [];

  app.get(
    '/engineering/roles',
    withUser((c, view, project) => {
      if (!mayEditRoles(state, view.user.id)) return rolesForbidden(c, 'roles', view, project, NOT_A_ROLE_EDITOR);
      return render(
        c,
        200,
        page(rolesFrame(c, 'roles', 'Roles', view, project), rolesListContent(roleRows(state.store), c.req.query('saved') ?? null)),
      );
    }),
  );

  app.get(
    '/engineering/roles/new',
    withUser((c, view, project) => {
      if (!mayEditRoles(state, view.user.id)) return rolesForbidden(c, 'role', view, project, NOT_A_ROLE_EDITOR);
      return render(
        c,
        200,
        page(
          rolesFrame(c, 'role', 'Create a new project role', view, project),
          roleEditorContent({ role: null, projects: [], csrf: state.csrf.tokenOf(c) }),
        ),
      );
    }),
  );

  app.get(
    '/engineering/roles/:roleId',
    withUser((c, view, project) => {
      const id = c.req.param('roleId') ?? '';
      if (!mayEditRoles(state, view.user.id)) return rolesForbidden(c, 'role', view, project, NOT_A_ROLE_EDITOR);
      const role = roleRows(state.store).find((r) => r.role.id === id);
      if (!role)
        return render(
          c,
          404,
          page(
            rolesFrame(c, 'role', 'Role not found', view, project),
            html`<section data-ai-role-id="${id}"><h1>Role not found</h1><p>There is no project role <code>${id}</code>.</p></section>`,
          ),
        );
      return render(
        c,
        200,
        page(
          rolesFrame(c, 'role', role.role.name || id, view, project),
          roleEditorContent({ role: role.role, projects: role.projects, csrf: state.csrf.tokenOf(c) }),
        ),
      );
    }),
  );

  /** The plain form post (no script): the same decision as the API; a refusal shows the editor again with why. */
  const saveForm = (roleId: string | null) =>
    withUser(async (c, view, project) => {
      const form = await checkToken(c);
      if (form instanceof Response) return form;
      const d = decideRoleSave(
        state,
        view.user.id,
        roleId,
        roleFromForm(form, roleId ?? undefined),
        typeof form.version === 'string' && form.version !== '' ? form.version : null,
      );
      if (d.ok) return c.redirect(`/engineering/roles?saved=${encodeURIComponent(d.saved.role.name)}`, 303);
      if (d.status === 403) return rolesForbidden(c, 'roles', view, project, d.message);
      // A 400 shows the refused edit again (nothing is lost), with the version it was made on; a 409 shows the role as
      // stored now, since the edit was made on an older one.
      const current = roleId === null ? null : (roleRows(state.store).find((r) => r.role.id === roleId)?.role ?? null);
      const attempted = roleFromForm(form, roleId ?? '') as unknown as ProjectRole; // shown, never stored
      const showEdit = d.status === 400 && (roleId === null || current !== null);
      const problems = d.problems ? d.problems.map((p) => p.message) : [d.message];
      const content = roleEditorContent({
        role: showEdit && roleId !== null ? attempted : current,
        projects: roleId === null ? [] : usedIn(roleId),
        csrf: state.csrf.tokenOf(c),
        problems,
        ...(showEdit && roleId !== null && typeof form.version === 'string' ? { version: form.version } : {}),
      });
      return c.html(
        await page(rolesFrame(c, 'role', 'Project role not saved', view, project), content),
        d.status === 428 ? 400 : d.status,
        PAGE_HEADERS,
      );
    });
  app.post('/engineering/roles', saveForm(null));
  app.post('/engineering/roles/:roleId', (c) => saveForm(c.req.param('roleId') ?? '')(c));

  // Cacheable, and never stale: every load revalidates (`no-cache`) and an unchanged file answers 304 with no body.
  // The URLs stay fixed (pages name /widget/access-inspector.js; the element finds its worker beside it), so a
  // long-lived cache of one would pair an old element with a new worker (docs/DECISIONS.md).
  app.use('/static/*', etag());
  app.use('/widget/*', etag());
  app.get('/static/:file', (c) => serveFile(c, STATIC_DIR, c.req.param('file') ?? ''));
  app.get('/widget/*', (c) => serveFile(c, WIDGET_DIR, decodeURIComponent(c.req.path.slice('/widget/'.length))));

  return app;
}
