// Sign in as anyone: the demo users by kind, a few users of every system role, and a free user-id field.
import { html } from 'hono/html';
import type { User } from '../../core/model/snapshot';
import type { DemoState } from '../state';
import { bare, type Html } from './layout';

/** Where the sign-in forms post: /login, carrying `next` (already checked to be a path of this site). */
const loginAction = (next: string) => (next ? `/login?${new URLSearchParams({ next })}` : '/login');

function signInButton(u: User, next: string, label?: string): Html {
  return html`<form method="post" action="${loginAction(next)}" class="signin">
    <input type="hidden" name="userId" value="${u.id}">
    <button type="submit" data-ai-login-user="${u.id}">${label ?? u.name}</button>
  </form>`;
}

/** `next`: where to go after signing in ('' for the fleet page), a path of this site (demo/redirect.ts). */
export function loginPage(state: DemoState, error: string | null, next = ''): Html {
  const users = [...state.store.feed('users').records()] as User[];
  const byId = new Map(users.map((u) => [u.id, u]));
  const roles = state.store.systemRoles();
  const perRole = roles.map((r) => ({ role: r, users: users.filter((u) => u.systemRoleId === r.id).slice(0, 4) }));
  return bare(
    'login',
    'Sign in',
    html`
    <h1>Sign in to the demo platform</h1>
    ${error ? html`<p class="notice error">${error}</p>` : ''}
    <p>Pick anyone: this is a demo. What you see afterwards follows the access rules for that user.</p>
    <h2>Demo users</h2>
    <table class="grid">
      <thead><tr><th>Kind</th><th>User</th><th>Status</th><th>API key (extension)</th></tr></thead>
      <tbody>
        ${state.demoUsers.map((d) => {
          const u = byId.get(d.userId);
          return u
            ? html`<tr><td>${d.label}</td><td>${signInButton(u, next)}</td><td>${u.status}</td><td><code>${d.apiKey}</code></td></tr>`
            : '';
        })}
      </tbody>
    </table>
    <h2>More users by system role</h2>
    <div class="by-role">
      ${perRole.map(
        (g) => html`<div class="role-group"><h3>${g.role.name}</h3>
          ${g.users.length === 0 ? html`<p class="muted">nobody</p>` : g.users.map((u) => signInButton(u, next))}</div>`,
      )}
    </div>
    <h2>Any user by id</h2>
    <form method="post" action="${loginAction(next)}" class="signin-any">
      <input name="userId" placeholder="user id, e.g. ${state.demoUsers[0]?.userId ?? 'u-1'}" required aria-label="User id">
      <button type="submit">Sign in</button>
    </form>`,
  );
}
