// Who is calling: a session cookie (pages and the same-origin widget) or an API key header (the extension). The
// demo hands out one key per kind of demo user, including a support engineer's, and lets anyone sign in as anyone.
import { randomBytes } from 'node:crypto';
import type { User } from '../core/model/snapshot';
import type { FeedStore } from './store';

export interface DemoUser {
  /** `support`, a system role id, `pending` or `disabled`. */
  kind: string;
  label: string;
  userId: string;
  apiKey: string;
}

function roleHas(store: FeedStore, roleId: string | null, permission: string): boolean {
  return store.systemRoles().some((r) => r.id === roleId && (r.permissions as string[]).includes(permission));
}

/**
 * One user per kind: a support engineer (an active internal user of the global organization: a user named "support"
 * if the data has one, else a Global Admin), then the first active user of every system role, then a pending
 * registrant and a disabled user when there are any.
 */
export function pickDemoUsers(store: FeedStore): DemoUser[] {
  const users = [...store.feed('users').records()] as User[];
  const out: DemoUser[] = [];
  const add = (kind: string, label: string, u: User | undefined) => {
    if (u) out.push({ kind, label, userId: u.id, apiKey: `ai-demo-${kind}` });
  };
  const active = users.filter((u) => u.status === 'active');
  const support =
    active.find((u) => /support/i.test(`${u.id} ${u.email}`) && roleHas(store, u.systemRoleId, 'internalUser')) ??
    active.find((u) => u.systemRoleId === 'globalAdmin');
  add('support', 'Support engineer', support);
  for (const role of store.systemRoles())
    add(
      role.id,
      role.name,
      active.find((u) => u.systemRoleId === role.id),
    );
  add(
    'pending',
    'Pending registrant',
    users.find((u) => u.status === 'pendingVerification'),
  );
  add(
    'disabled',
    'Disabled user',
    users.find((u) => u.status === 'disabled'),
  );
  return out;
}

/** Sessions live in memory: a restart signs everyone out, as a demo should. */
export class Sessions {
  private readonly byToken = new Map<string, string>();

  create(userId: string): string {
    const token = randomBytes(18).toString('base64url');
    this.byToken.set(token, userId);
    return token;
  }

  userIdOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.byToken.get(token);
  }

  end(token: string | undefined): void {
    if (token !== undefined) this.byToken.delete(token);
  }
}
