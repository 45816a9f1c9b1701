// A small hand-built fleet for the role, invitation, verification and lint tests: one product company with two
// customer centers (North and South), a distributor and customers under North.
import { compileFleet, type Fleet } from '../../core/engine/fleet';
import type { SnapshotInput, User } from '../../core/model/snapshot';
import { parseSnapshot } from '../../core/model/validate';

export const ORGS = [
  { id: 'o-global', name: 'Smartlink Global', type: 'global', parentId: null },
  { id: 'o-pc', name: 'Product Company', type: 'productCompany', parentId: 'o-global' },
  { id: 'o-north', name: 'CC North', type: 'customerCenter', parentId: 'o-pc' },
  { id: 'o-dist', name: 'North Distribution', type: 'distributor', parentId: 'o-north' },
  { id: 'o-acme', name: 'Acme Mining', type: 'customer', parentId: 'o-dist' },
  { id: 'o-bolt', name: 'Bolt Foods', type: 'customer', parentId: 'o-north' },
  { id: 'o-south', name: 'CC South', type: 'customerCenter', parentId: 'o-pc' },
  { id: 'o-cobalt', name: 'Cobalt Ltd', type: 'customer', parentId: 'o-south' },
] as const;

export function user(id: string, organizationId: string, systemRoleId: string | null, extra: Partial<User> = {}): User {
  return {
    id,
    name: id.replace(/^u-/, '').replace(/^./, (c) => c.toUpperCase()),
    email: `${id}@example.test`,
    organizationId,
    systemRoleId,
    status: 'active',
    invitedBy: null,
    ...extra,
  };
}

/** Users most tests share. */
export const BASE_USERS: User[] = [
  user('u-admin', 'o-global', 'globalAdmin'),
  user('u-pc', 'o-pc', 'pcInternal'),
  user('u-qm', 'o-north', 'internalAdminCC'),
  user('u-qm-south', 'o-south', 'internalAdminCC'),
  user('u-ops', 'o-north', 'customerCenterOperations'),
  user('u-tech', 'o-north', 'technician'),
  user('u-dist', 'o-dist', 'distributor'),
  user('u-cust', 'o-acme', 'customer'),
];

/** Parses (so defaults apply and the input is known valid) and compiles. */
export function fleetOf(input: Omit<SnapshotInput, 'version'>): Fleet {
  const parsed = parseSnapshot({ version: 1, ...input });
  if (!parsed.ok) throw new Error(`fixture is invalid: ${JSON.stringify(parsed.problems)}`);
  return compileFleet(parsed.value);
}

export function baseFleet(extraUsers: User[] = [], over: Omit<SnapshotInput, 'version'> = {}): Fleet {
  return fleetOf({ organizations: [...ORGS], users: [...BASE_USERS, ...extraUsers], ...over });
}
