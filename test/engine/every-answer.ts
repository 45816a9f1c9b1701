// Every answer the contract names over every (user, asset), (user, ticket) and asset of a snapshot: what a fleet
// loaded another way (from its stored image, from the image's head) must answer exactly as the compiled one does.
import { assetRecord, explainAsset, explainTicket, userAssetsPacked, visibleAssets, whoCanSee, type Fleet } from '../../core/engine';
import { assetAudience } from '../../core/engine/who-can-see';
import type { Snapshot } from '../../core/model/snapshot';

export function everyAnswer(f: Fleet, s: Snapshot) {
  const userIds = [...new Set(s.users.map((u) => u.id))];
  const assetIds = [...new Set(s.assets.map((a) => a.id))];
  const ticketIds = [...new Set(s.tickets.map((t) => t.id))];
  return {
    explain: userIds.flatMap((u) => assetIds.map((a) => explainAsset(f, u, a))),
    visible: userIds.map((u) => visibleAssets(f, u, { all: true })),
    packed: s.users.map((_, i) => [...userAssetsPacked(f, i)]),
    audience: assetIds.map((a) => assetAudience(f, a)),
    who: assetIds.map((a) => whoCanSee(f, a, { all: true })),
    tickets: userIds.flatMap((u) => ticketIds.map((t) => explainTicket(f, u, t))),
    records: s.assets.map((_, i) => assetRecord(f, i)),
  };
}
