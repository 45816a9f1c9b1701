// Hostile platform records, one per way a record author can try to hurt the cache, the engine or the panel. Each
// names what the error must point at: the record (its id, cut when huge) and the field path inside it. Built from
// JSON text where it matters: only JSON.parse makes an own `__proto__` key, as a real sync page or file would.
import type { CollectionName, Snapshot } from '../../core/model/snapshot';

export const TEN_MB = 10 * 1024 * 1024;

/** `{"a":{"a":…1…}}` nested `depth` times, as text (a JS object that deep could not even be stringified). */
export function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

export interface HostileCase {
  name: string;
  collection: CollectionName;
  /** The record as the platform sends it (JSON text). */
  json: string;
  /** How the error must name the record (its id or membership name, as validate.ts words it). */
  recordId: string;
  /** The field path the first problem must name (a prefix is enough for depth problems). */
  path: string;
  message: RegExp;
  /**
   * True when the record replaces a good one already held (the good one must stay); false for a record the
   * cache never had (nothing must appear).
   */
  replacesGood: boolean;
  /**
   * False for what only matters to the cache: a membership's `userId|projectId` key is how the sync stores it, while
   * a snapshot holds memberships in a list and the CLI never keys them so.
   */
  inSnapshots?: boolean;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Cases against `good`, a valid snapshot (at least two users and five project roles): each hostile update targets a
 * record of its own, so all of them can be on the platform at once.
 */
export function hostileCases(good: Snapshot): HostileCase[] {
  const org = good.organizations[0];
  const [user, user2] = good.users;
  const role = (i: number) => good.projectRoles[i];
  const asset = good.assets[0];
  const roleJson = (i: number, featuresJson: string) =>
    `{"id":${json(role(i).id)},"name":"r","location":null,"expertMode":false,"fullAccessUntagged":false,"tags":[],"features":${featuresJson}}`;
  const hugeId = 'x'.repeat(TEN_MB);
  return [
    {
      name: 'schema violation (a number where an id belongs)',
      collection: 'assets',
      json: json({ ...asset, projectId: 42 }),
      recordId: asset.id,
      path: 'projectId',
      message: /expected string/,
      replacesGood: true,
    },
    {
      name: 'write without read on a tag',
      collection: 'projectRoles',
      json: json({ ...role(0), tags: [{ tag: 'pumps', read: false, write: true }] }),
      recordId: role(0).id,
      path: 'tags[0].write',
      message: /write without read/,
      replacesGood: true,
    },
    {
      name: 'write without read on a function',
      collection: 'projectRoles',
      json: roleJson(1, '{"assets":{"enabled":true,"functions":{"assets":{"read":false,"write":true}}}}'),
      recordId: role(1).id,
      path: 'features.assets.functions.assets.write',
      message: /write without read/,
      replacesGood: true,
    },
    {
      name: 'a 10 MB name',
      collection: 'users',
      json: json({ ...user, name: 'N'.repeat(TEN_MB) }),
      recordId: user.id,
      path: 'name',
      message: /longer than the limit/,
      replacesGood: true,
    },
    {
      name: 'a 10 MB id',
      collection: 'assets',
      json: json({ ...asset, id: hugeId }),
      recordId: `${'x'.repeat(200)}…`,
      path: 'id',
      message: /longer than the limit/,
      replacesGood: false,
    },
    {
      name: 'an object nested 100,000 levels deep in a field nobody reads',
      collection: 'organizations',
      json: `{"id":"org-deep","name":"Deep","type":"customer","parentId":null,"extra":${deepJson(100_000)}}`,
      recordId: 'org-deep',
      path: 'extra.a.a',
      message: /nested deeper than 16 levels/,
      replacesGood: false,
    },
    {
      name: '__proto__ as a feature group',
      collection: 'projectRoles',
      json: roleJson(2, '{"__proto__":{"enabled":true,"functions":{"assets":{"read":true,"write":true}}}}'),
      recordId: role(2).id,
      path: 'features.__proto__',
      message: /"__proto__" is not allowed/,
      replacesGood: true,
    },
    {
      name: '__proto__ as a function',
      collection: 'projectRoles',
      json: roleJson(3, '{"assets":{"enabled":true,"functions":{"__proto__":{"read":true,"write":true}}}}'),
      recordId: role(3).id,
      path: 'features.assets.functions.__proto__',
      message: /"__proto__" is not allowed/,
      replacesGood: true,
    },
    {
      name: 'constructor as a function',
      collection: 'projectRoles',
      json: roleJson(4, '{"assets":{"enabled":true,"functions":{"constructor":{"read":true,"write":true}}}}'),
      recordId: role(4).id,
      path: 'features.assets.functions.constructor',
      message: /"constructor" is not allowed/,
      replacesGood: true,
    },
    {
      name: 'an unknown organization type',
      collection: 'organizations',
      json: json({ ...org, type: 'superAdmin' }),
      recordId: org.id,
      path: 'type',
      message: /Invalid option/,
      replacesGood: true,
    },
    {
      name: 'an unknown user status',
      collection: 'users',
      json: json({ ...user2, status: 'god' }),
      recordId: user2.id,
      path: 'status',
      message: /Invalid option/,
      replacesGood: true,
    },
    {
      // SPEC §7: an unknown permission id is kept and ignored (the platform may add some); an empty one is refused.
      name: 'an empty permission id in a system role',
      collection: 'systemRoles',
      json: json({ id: 'root', name: 'Root', level: 0, audience: 'internal', orgTypes: ['global'], permissions: ['manageUsers', ''] }),
      recordId: 'root',
      path: 'permissions[1]',
      message: /non-empty/,
      replacesGood: false,
    },
    {
      name: "a membership whose key would collide with another membership's",
      collection: 'memberships',
      json: json({ userId: 'a|b', projectId: 'c', projectRoleId: role(0).id }),
      recordId: 'a|b@c',
      path: 'userId',
      message: /must not contain "\|"/,
      replacesGood: false,
    },
  ];
}
