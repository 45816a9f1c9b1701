// User administration: the users list (names shown to holders of manageUsers, R5) and one user's page — the
// "target user" of a role assignment, with the roles the signed-in user may give (R6).
import { html } from 'hono/html';
import type { User } from '../../core/model/snapshot';
import type { UserView, Views } from '../view';
import { csrfField, pager, userName, type Html } from './layout';

export const USERS_PAGE_SIZE = 50;

const STATUS_LABEL: Record<User['status'], string> = {
  active: 'Active',
  pendingVerification: 'Pending verification',
  disabled: 'Disabled',
};

function noPermission(view: UserView): Html {
  return html`<p class="notice" data-ai-no-permission="manageUsers">Your system role ${view.systemRole ? html`<strong>${view.systemRole.name}</strong>` : '(none)'}
    does not include <em>Manage users</em>, so the user list is not available to you.</p>`;
}

export function usersContent(views: Views, view: UserView, q: string, pageNo: number): Html {
  if (!view.canManageUsers) return html`<section class="users"><h1>Users</h1>${noPermission(view)}</section>`;
  const look = views.look();
  const needle = q.toLowerCase();
  const all = views.memo(`users ${view.user.id} ${needle}`, () =>
    view
      .manageableUsers()
      .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle) || u.id.includes(needle)),
  );
  const pages = Math.max(1, Math.ceil(all.length / USERS_PAGE_SIZE));
  const n = Math.min(Math.max(1, pageNo), pages);
  const roles = new Map(views.store.systemRoles().map((r) => [r.id, r]));
  return html`<section class="users">
    <h1>Users</h1>
    <form class="filters" method="get" action="/users">
      <input type="search" name="q" value="${q}" placeholder="Filter by name or e-mail" aria-label="Filter">
      <button type="submit">Filter</button>
    </form>
    <table class="grid">
      <thead><tr><th>Name</th><th>E-mail</th><th>Organization</th><th>System role</th><th>Status</th></tr></thead>
      <tbody>
        ${all.slice((n - 1) * USERS_PAGE_SIZE, n * USERS_PAGE_SIZE).map(
          (u) => html`<tr data-ai-user-row="${u.id}">
            <td><a href="/users/${encodeURIComponent(u.id)}">${userName(u)}</a></td>
            <td>${u.email}</td>
            <td>${look.orgs.get(u.organizationId)?.name ?? u.organizationId}</td>
            <td>${u.systemRoleId ? (roles.get(u.systemRoleId)?.name ?? u.systemRoleId) : html`<span class="muted">none</span>`}</td>
            <td>${STATUS_LABEL[u.status]}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${pager('/users', q ? { q } : {}, n, pages, all.length, 'users')}
  </section>`;
}

export function userContent(views: Views, view: UserView, targetId: string, target: User | undefined, csrf: string): Html {
  if (!target) {
    return html`<section class="user-detail" data-ai-target-user-id="${targetId}"><h1>User not found</h1>
      <p>There is no user <code>${targetId}</code>.</p></section>`;
  }
  if (!view.canManageUsers && target.id !== view.user.id) {
    return html`<section class="user-detail" data-ai-target-user-id="${target.id}"><h1>User</h1>${noPermission(view)}</section>`;
  }
  const look = views.look();
  const roles = new Map(views.store.systemRoles().map((r) => [r.id, r]));
  const snap = views.store.snapshot();
  const memberships = snap.memberships.filter((m) => m.userId === target.id);
  const projectRoles = new Map(snap.projectRoles.map((r) => [r.id, r]));
  const choices = view.assignableRoles(target.id);
  return html`<section class="user-detail" data-ai-target-user-id="${target.id}">
    <p class="crumbs"><a href="/users">Users</a> /</p>
    <h1>${userName(target)}</h1>
    <dl class="facts">
      <dt>E-mail</dt><dd>${target.email}</dd>
      <dt>Organization</dt><dd>${look.orgs.get(target.organizationId)?.name ?? target.organizationId}</dd>
      <dt>System role</dt><dd data-ai-system-role="${target.systemRoleId ?? ''}">${target.systemRoleId ? (roles.get(target.systemRoleId)?.name ?? target.systemRoleId) : 'none'}</dd>
      <dt>Status</dt><dd>${STATUS_LABEL[target.status]}</dd>
      ${target.invitedBy ? html`<dt>Invited by</dt><dd>${look.users.get(target.invitedBy)?.name ?? target.invitedBy}</dd>` : ''}
    </dl>
    <h2>Projects</h2>
    ${
      memberships.length === 0
        ? html`<p class="muted">No project roles.</p>`
        : html`<table class="grid"><thead><tr><th>Project</th><th>Project role</th></tr></thead><tbody>
          ${memberships.map((m) => html`<tr><td>${look.projects.get(m.projectId)?.name ?? m.projectId}</td><td>${projectRoles.get(m.projectRoleId)?.name ?? m.projectRoleId}</td></tr>`)}
        </tbody></table>`
    }
    ${
      choices.length > 0
        ? html`<h2>Assign a system role</h2>
        <form class="assign" method="post" action="/users/${encodeURIComponent(target.id)}/role">
          ${csrfField(csrf)}
          <select name="roleId" data-ai-assign-role>
            ${choices.map(
              (c) =>
                html`<option value="${c.roleId}" ${c.allowed ? '' : 'disabled'} title="${c.reasons.join(' ')}">${roles.get(c.roleId)?.name ?? c.roleId}${c.allowed ? '' : ' (not allowed)'}</option>`,
            )}
          </select>
          <button type="submit" ${choices.some((c) => c.allowed) ? '' : 'disabled'}>Assign</button>
        </form>`
        : ''
    }
  </section>`;
}
