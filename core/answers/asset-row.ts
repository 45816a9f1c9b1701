// One row of the asset list and of the badges: the asset, its effect for the user and the step that decided it.
import { assetIdAt, assetNameAt, decidingAccessStep, type Fleet } from '../engine';
import { wordAccessStep } from '../wording/access';
import type { AssetRow, Effect, Reason } from '../source/data-source';

/** The engine's deciding step, worded. */
function firstReason(fleet: Fleet, userIdx: number, assetIdx: number): Reason | null {
  const step = decidingAccessStep(fleet, userIdx, assetIdx);
  return step ? { code: step.code, message: wordAccessStep(fleet, step) } : null;
}

export function assetRow(fleet: Fleet, userIdx: number, assetIdx: number, effect: Effect): AssetRow {
  return {
    assetId: assetIdAt(fleet, assetIdx),
    name: assetNameAt(fleet, assetIdx),
    effect,
    firstReason: firstReason(fleet, userIdx, assetIdx),
  };
}
