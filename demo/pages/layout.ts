// The Smartlink-like frame of every page: top bar (project, signed-in user), left menu (one item per feature group
// the user may see in the chosen project, then administration), the content, and the Access Inspector widget hook.
// All data goes through hono/html's `html` template, which escapes every interpolated value.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Project, User } from '../../core/model/snapshot';
import type { UserView } from '../view';
import { CSRF_FIELD } from '../csrf';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Where a feature group's menu item leads: the demo has real pages for assets and tickets only. */
export function groupHref(groupId: string): string {
  if (groupId === 'assets') return '/fleet';
  if (groupId === 'tickets') return '/tickets';
  return `/features/${encodeURIComponent(groupId)}`;
}

export interface Frame {
  /** data-ai-page */
  page: string;
  title: string;
  /** The menu entry to highlight (a feature group id, `users` or `registrations`). */
  active?: string;
  view: UserView;
  project: Project | null;
  /** Shown above the content, e.g. "the engine is not loaded yet". */
  notice?: string | null;
  /** The session's CSRF token (demo/csrf.ts), sent with every form that changes something. */
  csrf: string;
  /** The user may edit project roles (demo/roles.ts): the menu shows Engineering → Roles. */
  canEditRoles?: boolean;
}

/** The hidden field every state-changing form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function userName(u: Pick<User, 'id' | 'name'>): Html {
  return html`<span class="user-name" data-ai-user-name-of="${u.id}">${u.name}</span>`;
}

/** A user's name as this viewer may see it (R5), or a placeholder that still says whose name is hidden. */
export function userNameOrPlaceholder(userId: string | null, name: string | null, hidden: boolean): Html {
  if (userId === null) return html`<span class="muted">Unassigned</span>`;
  if (hidden || name === null) {
    return html`<span class="user-name hidden-name" data-ai-user-name-of="${userId}" data-ai-name-hidden="true" title="You may not see this user's name">Name hidden</span>`;
  }
  return html`<span class="user-name" data-ai-user-name-of="${userId}">${name}</span>`;
}

function menu(f: Frame): Html {
  const items = f.view.menu(f.project?.id ?? null).filter((m) => m.visible);
  const admin = [
    f.view.canManageUsers ? { id: 'users', label: 'Users', href: '/users' } : null,
    f.view.systemRole?.id === 'internalAdminCC' || f.view.canManageUsers
      ? { id: 'registrations', label: 'Registrations', href: '/registrations' }
      : null,
  ].filter((x) => x !== null);
  return html`<nav class="menu" aria-label="Main menu">
    <div class="menu-section">Project</div>
    ${items.length === 0 ? html`<p class="menu-empty">No features in this project</p>` : ''}
    <ul>
      ${items.map(
        (m) =>
          html`<li><a href="${groupHref(m.groupId)}" data-ai-menu-group="${m.groupId}" class="${f.active === m.groupId ? 'active' : ''}">${m.label}</a></li>`,
      )}
    </ul>
    ${
      admin.length > 0
        ? html`<div class="menu-section" data-ai-menu-heading="admin">Administration</div>
          <ul>
            ${admin.map((a) => html`<li><a href="${a.href}" data-ai-menu-admin="${a.id}" class="${f.active === a.id ? 'active' : ''}">${a.label}</a></li>`)}
          </ul>`
        : ''
    }
    ${
      f.canEditRoles
        ? html`<div class="menu-section">Engineering</div>
          <ul><li><a href="/engineering/roles" data-ai-menu-engineering="roles" class="${f.active === 'roles' ? 'active' : ''}">Roles</a></li></ul>`
        : ''
    }
  </nav>`;
}

function projectPicker(f: Frame): Html {
  const projects = f.view.projects();
  if (projects.length === 0) return html`<span class="muted">No project</span>`;
  return html`<form class="project-picker" method="post" action="/project">
    ${csrfField(f.csrf)}
    <label>Project
      <select name="projectId" data-ai-project-select>
        ${projects.map((p) => html`<option value="${p.id}" ${p.id === f.project?.id ? 'selected' : ''}>${p.name}</option>`)}
      </select>
    </label>
    <button type="submit">Switch</button>
  </form>`;
}

/** The widget hook: a missing widget (404) leaves the page working. */
const WIDGET = html`<script type="module" src="/widget/access-inspector.js"></script><access-inspector></access-inspector>`;

export function page(f: Frame, content: Html): Html {
  const role = f.view.systemRole;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${f.title} · Smartlink (demo)</title>
<link rel="stylesheet" href="/static/demo.css">
<script type="module" src="/static/app.js"></script>
</head>
<body data-ai-page="${f.page}" data-ai-user-id="${f.view.user.id}" data-ai-project-id="${f.project?.id ?? ''}">
<header class="topbar">
  <a class="brand" href="/fleet">Smartlink <small>demo platform</small></a>
  ${projectPicker(f)}
  <div class="whoami" data-ai-whoami>
    ${userName(f.view.user)}
    <span class="muted" data-ai-whoami-role>${role ? role.name : 'No system role'}</span>
    <form method="post" action="/logout">${csrfField(f.csrf)}<button type="submit">Sign out</button></form>
  </div>
</header>
<div class="shell">
  ${menu(f)}
  <main data-ai-content>
    ${f.notice ? html`<p class="notice">${f.notice}</p>` : ''}
    ${content}
  </main>
</div>
${WIDGET}
</body>
</html>`;
}

/** Pages without a signed-in user (the login page). */
export function bare(pageId: string, title: string, content: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Smartlink (demo)</title>
<link rel="stylesheet" href="/static/demo.css">
</head>
<body data-ai-page="${pageId}">
<header class="topbar"><span class="brand">Smartlink <small>demo platform</small></span></header>
<main class="bare">${content}</main>
${WIDGET}
</body>
</html>`;
}

/** Page links that keep the other query parameters. */
export function pager(base: string, params: Record<string, string>, pageNo: number, pages: number, total: number, noun: string): Html {
  const link = (n: number) => `${base}?${new URLSearchParams({ ...params, page: String(n) })}`;
  return html`<nav class="pager" data-ai-pager>
    <span>${total.toLocaleString('en')} ${noun} · page ${pageNo} of ${Math.max(1, pages)}</span>
    ${pageNo > 1 ? html`<a href="${link(pageNo - 1)}" data-page="${pageNo - 1}" rel="prev">Previous</a>` : ''}
    ${pageNo < pages ? html`<a href="${link(pageNo + 1)}" data-page="${pageNo + 1}" rel="next">Next</a>` : ''}
  </nav>`;
}
