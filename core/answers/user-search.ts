// "Inspect as": the users matching what was typed. Prefix matches of name, e-mail or id first, then matches
// anywhere (system role names too); snapshot order within each; duplicate ids skipped (first record wins).
import { systemRoleOf, type Fleet } from '../engine';
import type { UserSummary } from '../source/data-source';
import { userSummary } from './user-summary';

export function searchUsers(fleet: Fleet, query: string, limit: number): UserSummary[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const prefix: number[] = [];
  const inside: number[] = [];
  const users = fleet.snapshot.users;
  for (let i = 0; i < users.length && prefix.length < limit; i++) {
    if (fleet.userDuplicate[i]) continue;
    const name = users[i].name.toLowerCase();
    const email = users[i].email.toLowerCase();
    const id = users[i].id.toLowerCase();
    if (name.startsWith(q) || email.startsWith(q) || id.startsWith(q)) prefix.push(i);
    else if (
      inside.length < limit &&
      (name.includes(q) || email.includes(q) || id.includes(q) || (systemRoleOf(fleet, i)?.name.toLowerCase().includes(q) ?? false))
    )
      inside.push(i);
  }
  return [...prefix, ...inside].slice(0, limit).map((i) => userSummary(fleet, i));
}
