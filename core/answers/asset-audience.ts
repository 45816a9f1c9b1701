// "Who can see this asset": every user grouped by effect and the step that decided it (R3 for every user), each
// group worded. Throws UnknownIdError for an unknown asset.
import { assetNameAt, type Fleet } from '../engine';
import { assetAudience } from '../engine/who-can-see';
import { wordAudienceReason } from '../wording/who-can-see';
import type { AssetAudience } from '../source/data-source';
import { userSummary } from './user-summary';

export function assetAudienceAnswer(fleet: Fleet, assetId: string): AssetAudience {
  const audience = assetAudience(fleet, assetId);
  return {
    assetId: audience.assetId,
    assetName: assetNameAt(fleet, fleet.assetIndex.get(assetId)!),
    counts: audience.counts,
    groups: audience.groups.map((g) => ({
      effect: g.effect,
      code: g.reason.code,
      reason: wordAudienceReason(fleet, g.reason),
      users: g.userIds.map((id) => {
        const s = userSummary(fleet, fleet.userIndex.get(id)!);
        return { id: s.id, name: s.name, email: s.email, systemRoleName: s.systemRoleName };
      }),
    })),
  };
}
