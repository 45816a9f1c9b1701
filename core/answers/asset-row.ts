// One row of the asset list and of the badges: the asset, its effect for the user and the step that decided it.
// The effect and the step come from one walk of the rules (the explain path, which agrees with the packed fast path:
// test/engine/properties.test.ts), so a row's effect and its reason never tell two stories, and a page of rows needs
// no pass over every asset (a woken worker's first page at 1M assets evaluated all million first).
import { accessSteps, assetIdAt, assetNameAt, decidingStep, type Fleet } from '../engine';
import { wordAccessStep } from '../wording/access';
import type { AssetRow } from '../source/data-source';

export function assetRow(fleet: Fleet, userIdx: number, assetIdx: number): AssetRow {
  const { effect, steps } = accessSteps(fleet, userIdx, assetIdx);
  const step = decidingStep(steps);
  return {
    assetId: assetIdAt(fleet, assetIdx),
    name: assetNameAt(fleet, assetIdx),
    effect,
    firstReason: step ? { code: step.code, message: wordAccessStep(fleet, step) } : null,
  };
}
