// A sync run's committed changes as the cached source patches them in: only the commits a fleet does not hold yet,
// and only when each collection's generations chain from the fleet's stamp to where the run left them.
import { describe, expect, it } from 'vitest';
import type { FleetStamp } from '../../core/cache/fleet-image-store';
import type { FleetChange } from '../../core/engine/fleet-patch';
import { PATCH_MAX_RECORDS, RunChanges } from '../../core/host/run-changes';
import { COLLECTION_NAMES } from '../../core/model/collections';

const stamp = (over: Partial<FleetStamp> = {}): FleetStamp =>
  ({ ...Object.fromEntries(COLLECTION_NAMES.map((c) => [c, `${c}-0`])), ...over }) as FleetStamp;
const put = (id: string): FleetChange => ({ collection: 'assets', puts: [{ id }], deletes: [] });
const none: FleetChange = { collection: 'assets', puts: [], deletes: [] };

function threeAssetCommits(): RunChanges {
  const run = new RunChanges();
  run.commit('assets', put('a1'), { from: 'assets-0', to: 'g1' });
  run.commit('assets', put('a2'), { from: 'g1', to: 'g2' });
  // A compaction: same records, new generation.
  run.commit('assets', none, { from: 'g2', to: 'g3' });
  run.commit('users', { collection: 'users', puts: [], deletes: ['u1'] }, { from: 'users-0', to: 'h1' });
  return run;
}

describe("a run's changes", () => {
  it('are all applied to a fleet read before the run, ending at the generations the run left', () => {
    const plan = threeAssetCommits().planFrom(stamp());
    expect(plan?.changes.map((c) => c.puts.length + c.deletes.length)).toEqual([1, 1, 1]);
    expect(plan?.stamp).toEqual(stamp({ assets: 'g3', users: 'h1' }));
  });

  it('skip the commits a fleet read during the run already holds (a segment replayed twice could reorder records)', () => {
    const plan = threeAssetCommits().planFrom(stamp({ assets: 'g1' }));
    expect(plan?.changes).toEqual([put('a2'), { collection: 'users', puts: [], deletes: ['u1'] }]);
    expect(plan?.stamp.assets).toBe('g3');
    // Its stored stamp carried forward by the compaction: nothing of assets left to apply.
    expect(threeAssetCommits().planFrom(stamp({ assets: 'g3' }))?.changes).toEqual([{ collection: 'users', puts: [], deletes: ['u1'] }]);
  });

  it('cannot be applied to a fleet of another generation, nor when someone else wrote between two commits', () => {
    expect(threeAssetCommits().planFrom(stamp({ assets: 'elsewhere' }))).toBeNull();
    const run = new RunChanges();
    run.commit('assets', put('a1'), { from: 'assets-0', to: 'g1' });
    run.commit('assets', put('a2'), { from: 'other-writer', to: 'g2' });
    expect(run.planFrom(stamp())).toBeNull();
  });

  it('are read whole after a reset, or when more records changed than a patch is for', () => {
    const reset = threeAssetCommits();
    reset.whole('assets was fetched again from scratch');
    expect(reset.planFrom(stamp())).toBeNull();
    expect(reset.none).toBe(false);

    const big = new RunChanges();
    const puts = Array.from({ length: PATCH_MAX_RECORDS / 2 + 1 }, (_, i) => ({ id: `a${i}` }));
    big.commit('assets', { collection: 'assets', puts, deletes: [] }, { from: 'assets-0', to: 'g1' });
    expect(big.planFrom(stamp())).not.toBeNull();
    big.commit('assets', { collection: 'assets', puts, deletes: [] }, { from: 'g1', to: 'g2' });
    expect(big.wholeReason).toContain(`more than ${PATCH_MAX_RECORDS}`);
    expect(big.planFrom(stamp())).toBeNull();
  });

  it('of a run that wrote nothing leave any fleet as it is', () => {
    const run = new RunChanges();
    expect(run.none).toBe(true);
    expect(run.planFrom(stamp())).toEqual({ changes: [], stamp: stamp() });
  });
});
