// Issue 13 + 18: a past moment is answered by patching the present fleet backwards (undoChanges → patchFleet), not by
// compiling the whole past state again. It must answer exactly as compiling stateAsOf does, at every moment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assetRecord, compileFleet, explainAsset, userAssetsPacked, type Fleet } from '../../core/engine';
import { patchFleet } from '../../core/engine/fleet-patch';
import { fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { generateFleet } from '../../core/generate/fleet';
import { generateHistory } from '../../core/generate/history';
import { stateAsOf } from '../../core/history/state-as-of';
import { undoChanges } from '../../core/history/undo-changes';
import { stateMap } from './support';
import { viaBytes } from '../engine/image-bytes';

/** What every user sees of every asset, by asset id (order and key numbers are not part of the answer). */
function everyEffect(f: Fleet): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  f.snapshot.users.forEach((u, ui) => {
    if (f.userDuplicate[ui]) return;
    const packed = userAssetsPacked(f, ui);
    const mine: Record<string, number> = {};
    for (let a = 0; a < packed.length; a++) if (!f.assetDuplicate[a]) mine[assetRecord(f, a).id] = packed[a];
    out[u.id] = mine;
  });
  return out;
}

describe('as of a moment, by patching the present backwards', () => {
  it('answers every user and asset as compiling the past state does, and holds the same records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, where) => {
        const start = generateFleet({ seed, assets: 80 });
        const { snapshot, history } = generateHistory(start, { seed, days: 10, dailyChurn: 0.03, minChanges: 40, sameMoment: 0.15 });
        const n = history.entries.length;
        const moment = n ? Date.parse(history.entries[Math.min(n - 1, Math.floor(where * n))].at) - 1 : Date.parse(history.since);
        const byPatch = patchFleet(compileFleet(snapshot), undoChanges(history, moment));
        const byCompile = compileFleet(stateAsOf(snapshot, history, moment).snapshot);
        expect(everyEffect(byPatch)).toEqual(everyEffect(byCompile));
        // the same from a fleet loaded from its stored image (its key columns in the narrow arrays the image holds)
        const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(snapshot))));
        const byPatchLoaded = patchFleet(loaded, undoChanges(history, moment));
        expect(everyEffect(byPatchLoaded)).toEqual(everyEffect(byCompile));
        const { history: _own, ...patchedState } = byPatch.snapshot;
        expect(stateMap(patchedState)).toEqual(stateMap(byCompile.snapshot));
        // One explanation per user, on an asset of the past, reads the same steps.
        const assetId = byCompile.snapshot.assets[0]?.id;
        if (assetId !== undefined)
          for (const u of byCompile.snapshot.users.slice(0, 5))
            expect(explainAsset(byPatch, u.id, assetId)).toEqual(explainAsset(byCompile, u.id, assetId));
      }),
      { numRuns: 20 },
    );
  });
});
