// Why a user has what they have on one asset (R3): the engine's steps and flips, the names copied text needs, and
// what would still block once the deciding step is fixed. Throws UnknownIdError for an unknown user or asset.
import { assetRecord, explainAsset, names, type Fleet } from '../engine';
import { everyBlocker } from '../engine/blockers';
import { wordAssetDecision } from '../wording/access';
import { wordBlocker } from '../wording/blockers';
import type { AssetExplanation } from '../source/data-source';

export function assetExplanation(fleet: Fleet, userId: string, assetId: string): AssetExplanation {
  const d = wordAssetDecision(fleet, explainAsset(fleet, userId, assetId));
  const asset = assetRecord(fleet, fleet.assetIndex.get(assetId)!);
  return {
    userId: d.userId,
    assetId: d.assetId,
    assetName: asset.name,
    projectId: asset.projectId,
    projectName: fleet.projectIndex.has(asset.projectId) ? names.project(fleet, asset.projectId) : null,
    effect: d.effect,
    steps: d.steps.map((s) => ({ code: s.code, ok: s.ok, message: s.message })),
    flips: d.flips.map((f) => ({
      code: f.code,
      message: f.message,
      effect: f.effect,
      ids: Object.fromEntries(
        (['userId', 'siteId', 'projectId', 'projectRoleId', 'tag'] as const).flatMap((k) => (f[k] === undefined ? [] : [[k, f[k]!]])),
      ),
    })),
    alsoBlocking:
      d.effect === 'full'
        ? []
        : everyBlocker(fleet, userId, assetId)
            .slice(1)
            .map((b) => ({ code: b.code, message: wordBlocker(fleet, b) })),
    diagnostics: d.diagnostics,
  };
}
