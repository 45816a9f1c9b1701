// One compiled user or role of a loaded fleet without building them all (issue 13: a cold start's first answer reads
// one user and the roles of that user's projects, not 50k users and every role's tag words). fleetFromImage keeps
// its users and roles as LazyItems: `fleet.users` / `fleet.roles` build every item when read (plain arrays, as fast
// as a compiled fleet's in the loops over all of them), while userAt / roleAt — what the one-user answers read —
// build only the item asked for. On any other fleet they read the arrays.
import type { CompiledRole, CompiledUser, Fleet } from './fleet-types';

/** Items built on first read, one by one (at) or all at once (all: the same objects, in a plain array). */
export interface LazyItems<T> {
  /** Item i (undefined out of range, as an array read is). */
  at(i: number): T;
  all(): T[];
  /** How many items were built so far. */
  built(): number;
}

export function lazyItems<T>(length: number, build: (i: number) => T): LazyItems<T> {
  const items = new Array<T>(length);
  const made = new Uint8Array(length);
  let count = 0;
  let whole = false;
  const at = (i: number): T => {
    if (!(i >= 0 && i < length)) return undefined as T;
    if (made[i] === 0) {
      items[i] = build(i);
      made[i] = 1;
      count++;
    }
    return items[i];
  };
  return {
    at,
    all: () => {
      if (!whole) for (let i = 0; i < length; i++) at(i);
      whole = true;
      return items;
    },
    built: () => count,
  };
}

interface FleetItems {
  users: LazyItems<CompiledUser>;
  roles: LazyItems<CompiledRole>;
}

const itemsOf = new WeakMap<Fleet, FleetItems>();

/** Called by the fleet's maker with the items behind its `users` and `roles` (which must read `all()` of them). */
export function keepItems(fleet: Fleet, items: FleetItems): void {
  itemsOf.set(fleet, items);
}

/** How many users the fleet compiled (a byte each in userDuplicate: reading fleet.users would build them all). */
export const userCount = (fleet: Fleet): number => fleet.userDuplicate.length;

/** fleet.users[i], building only that user when the fleet keeps its users lazily. */
export function userAt(fleet: Fleet, i: number): CompiledUser {
  const items = itemsOf.get(fleet);
  return items ? items.users.at(i) : fleet.users[i];
}

/** fleet.roles[r], building only that role when the fleet keeps its roles lazily. */
export function roleAt(fleet: Fleet, r: number): CompiledRole {
  const items = itemsOf.get(fleet);
  return items ? items.roles.at(r) : fleet.roles[r];
}

/**
 * `to` was patched from `from` (core/engine/fleet-patch.ts): it keeps `from`'s lazily built users and roles where
 * the patch left them as they were. Without it, `to.users` is `from`'s getter, which builds every user: at 1M the
 * first explanation after a woken worker's first sync built 50k users (~120 ms) to read one.
 */
export function carryItems(from: Fleet, to: Fleet, rebuilt: { users: boolean; roles: boolean }): void {
  const items = itemsOf.get(from);
  if (!items || (rebuilt.users && rebuilt.roles)) return;
  itemsOf.set(to, {
    users: rebuilt.users ? builtAlready(to.users) : items.users,
    roles: rebuilt.roles ? builtAlready(to.roles) : items.roles,
  });
}

/** Items already in an array (a patch compiled them all). */
function builtAlready<T>(array: T[]): LazyItems<T> {
  return { at: (i) => array[i], all: () => array, built: () => array.length };
}

/** How many users and roles a lazily kept fleet built so far (null for any other fleet). */
export function builtItems(fleet: Fleet): { users: number; roles: number } | null {
  const items = itemsOf.get(fleet);
  return items ? { users: items.users.built(), roles: items.roles.built() } : null;
}
