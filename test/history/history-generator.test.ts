// The change-sequence generator (core/generate/history.ts): seeded, and its history leads from the fleet it was
// given to the fleet it returns.
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { generateHistory } from '../../core/generate/history';
import { HistorySchema } from '../../core/model/history';
import { parseSnapshot } from '../../core/model/validate';
import { replay, stateMap } from './support';

describe('generateHistory', () => {
  const start = generateFleet({ seed: 9, assets: 300 });

  it('gives the same history for the same seed and another for another seed', () => {
    expect(JSON.stringify(generateHistory(start, { seed: 1 }))).toBe(JSON.stringify(generateHistory(start, { seed: 1 })));
    expect(JSON.stringify(generateHistory(start, { seed: 2 }).history)).not.toBe(
      JSON.stringify(generateHistory(start, { seed: 1 }).history),
    );
  });

  it('writes about 1 % of each collection a day over 30 days, and its entries replay the start into the result', () => {
    const { snapshot, history } = generateHistory(start, { seed: 3 });
    const assetChanges = history.entries.filter((e) => e.collection === 'assets').length;
    expect(assetChanges).toBeGreaterThan(start.assets.length * 0.3 * 0.8);
    expect(assetChanges).toBeLessThan(start.assets.length * 0.3 * 1.2);
    expect(HistorySchema.safeParse(history).success).toBe(true);
    expect(stateMap(replay(start, history.entries))).toEqual(stateMap(snapshot));
    // The result with its history is a valid snapshot file.
    expect(parseSnapshot({ ...snapshot, history }).ok).toBe(true);
  });
});
