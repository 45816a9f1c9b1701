// The part of a snapshot that `explain` reads for one (user, asset) pair, so it compiles a handful of records
// instead of the fleet. R3, its flips and their wording read: the user's first record and memberships, the asset's
// first record, and the whole organization, site, project, project-role and system-role catalogs (scope lists,
// names, ADD_PROJECT_ROLE over every role). Other users, assets and tickets change none of it — what
// test/cli/explain-slice.test.ts checks over random snapshots, against explain on the whole one.
import type { Snapshot } from '../core/model/snapshot';

export function explainSlice(snapshot: Snapshot, userId: string, assetId: string): Snapshot {
  const user = snapshot.users.find((u) => u.id === userId);
  const asset = snapshot.assets.find((a) => a.id === assetId);
  return {
    ...snapshot,
    users: user ? [user] : [],
    memberships: snapshot.memberships.filter((m) => m.userId === userId),
    assets: asset ? [asset] : [],
    tickets: [],
  };
}
