// Since when, on a fleet loaded from its stored image (issue 13 at 1M: every explanation in the panel asks it). The
// answer reads the one asset asked about, never the whole asset list the image builds only when read (a million
// records at 1M), and it is the answer the whole snapshot gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sinceWhenFacts } from '../../core/answers/history-since-when';
import { compileFleet } from '../../core/engine';
import { fleetFromImageBytes, fleetImageBytes } from '../../core/engine/fleet-image-bytes';
import { generateFleet } from '../../core/generate/fleet';
import { generateHistory } from '../../core/generate/history';
import { sinceWhen } from '../../core/history/timeline';
import { joined } from '../engine/image-bytes';

describe('since when on a fleet loaded from its image', () => {
  it('answers from the asked asset alone, never reading the asset list, as the whole snapshot answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const start = generateFleet({ seed, assets: 120 });
        const { snapshot, history } = generateHistory(start, { seed, days: 10, dailyChurn: 0.03, minChanges: 60, sameMoment: 0.15 });
        const fleet = fleetFromImageBytes(joined(fleetImageBytes(compileFleet(snapshot))));
        Object.defineProperty(fleet.snapshot, 'assets', {
          get: () => {
            throw new Error('the whole asset list was read');
          },
        });
        // The assets the history changed (moments to find), and a few it did not (answers from before the history).
        const changed = [...new Set(history.entries.filter((e) => e.collection === 'assets').map((e) => e.key))];
        const assetIds = [...changed, ...snapshot.assets.slice(0, 3).map((a) => a.id)].filter((id) =>
          snapshot.assets.some((a) => a.id === id),
        );
        const users = snapshot.users.filter((u) => snapshot.memberships.some((m) => m.userId === u.id)).slice(0, 2);
        for (const user of users)
          for (const assetId of assetIds.slice(0, 12)) {
            const whole = sinceWhen(snapshot, history, user.id, assetId);
            const facts = sinceWhenFacts(fleet, fleet.snapshot, history, user.id, assetId);
            expect({ ...facts, causes: facts.causes.map((c) => `${c.collection} ${c.key} ${c.at}`) }).toMatchObject({
              effect: whole.effect,
              code: whole.code,
              since: whole.since,
              previous: whole.previous,
              attribution: whole.attribution,
              causes: whole.causes.map((c) => `${c.collection} ${c.key} ${c.at}`),
            });
          }
      }),
      { numRuns: 8 },
    );
  });
});
