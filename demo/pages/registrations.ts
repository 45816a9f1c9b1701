// Pending self-registrations (R8): the signed-in Quote Manager's queue, oldest first, with the suggested role.
import { html } from 'hono/html';
import type { UserView, Views } from '../view';
import { userName, type Html } from './layout';

export function registrationsContent(views: Views, view: UserView): Html {
  const queue = view.registrationQueue();
  const look = views.look();
  const roles = new Map(views.store.systemRoles().map((r) => [r.id, r]));
  return html`<section class="registrations">
    <h1>Pending registrations</h1>
    ${
      queue.length === 0
        ? html`<p class="empty">No registrations are waiting for you${view.systemRole?.id === 'internalAdminCC' ? '' : ': only Quote Managers (Internal Admin CC) verify registrations'}.</p>`
        : html`<table class="grid">
          <thead><tr><th>Name</th><th>E-mail</th><th>Organization</th><th>Requested role</th><th>Suggested role</th><th>Registered</th></tr></thead>
          <tbody>
            ${queue.map(
              (r) => html`<tr data-ai-registrant-id="${r.user.id}">
                <td>${userName(r.user)}</td>
                <td>${r.user.email}</td>
                <td>${look.orgs.get(r.user.organizationId)?.name ?? r.user.organizationId}</td>
                <td>${r.user.requestedRoleId ? (roles.get(r.user.requestedRoleId)?.name ?? r.user.requestedRoleId) : html`<span class="muted">none</span>`}</td>
                <td>${r.suggestedRoleId ? (roles.get(r.suggestedRoleId)?.name ?? r.suggestedRoleId) : html`<span class="muted">no role you may give</span>`}</td>
                <td>${r.user.createdAt ? r.user.createdAt.slice(0, 10) : html`<span class="muted">unknown</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }
  </section>`;
}
