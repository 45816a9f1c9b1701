// One row of the asset list and of the badges: the asset, its effect for the user and the step that decided it.
// The effect and the step come from one walk of the rules (decidingAccessStep: the explain path, which agrees with
// the packed fast path: test/engine/properties.test.ts), so a row's effect and its reason never tell two stories,
// and a page of rows needs no pass over every asset (a woken worker's first page at 1M assets evaluated all million
// first).
import { assetIdAt, assetNameAt, decidingAccessStep, type Fleet } from '../engine';
import { wordAccessStep } from '../wording/access';
import type { AssetRow } from '../source/data-source';

export function assetRow(fleet: Fleet, userIdx: number, assetIdx: number): AssetRow {
  const { effect, step } = decidingAccessStep(fleet, userIdx, assetIdx);
  return {
    assetId: assetIdAt(fleet, assetIdx),
    name: assetNameAt(fleet, assetIdx),
    effect,
    firstReason: step ? { code: step.code, message: wordAccessStep(fleet, step) } : null,
  };
}
