// What one sync run committed, as the cached source needs it to patch a compiled fleet instead of reading the whole
// cache again (issue 13): the changes in commit order (each one segment: FleetChange) and, per collection, how
// its stored generation moved with each commit. A fleet derived from the collections at stamp S becomes, with these
// changes applied, the fleet of the stamp the moves lead to from S; if a move does not start where the previous one
// ended (someone else wrote in between) the chain is broken and only a whole read is right.
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { FleetStamp } from '../cache/fleet-image-store';
import type { FleetChange } from '../engine/fleet-patch';
import type { GenerationMove } from '../sync/sync';

/**
 * Most changed records a run may patch in. Beyond it the run is read whole: patching is for the usual small sync,
 * and holding a first fill's hundreds of thousands of records a second time, as changes, would cost what the whole
 * read costs without its speed.
 */
export const PATCH_MAX_RECORDS = 25_000;

/** What applying a run to a fleet of a given stamp takes: the changes it lacks, and the stamp it then has. */
export interface RunPlan {
  changes: FleetChange[];
  stamp: FleetStamp;
}

interface Commit {
  collection: CollectionName;
  move: GenerationMove;
  /** Null for a write that changed no record (a compaction). */
  change: FleetChange | null;
}

export class RunChanges {
  private readonly commits: Commit[] = [];
  private records = 0;
  /** Why the run cannot be patched in (a collection emptied and fetched again, too many changes); null while it can. */
  wholeReason: string | null = null;

  /** A committed write (from the sync's onCommit). */
  commit(collection: CollectionName, change: FleetChange, move: GenerationMove): void {
    if (this.wholeReason !== null) return;
    this.records += change.puts.length + change.deletes.length;
    if (this.records > PATCH_MAX_RECORDS) {
      this.whole(`more than ${PATCH_MAX_RECORDS} records changed`);
      return;
    }
    const changed = change.puts.length > 0 || change.deletes.length > 0;
    this.commits.push({ collection, move, change: changed ? change : null });
  }

  /** The run did something no change list says (from the sync's onReset, or the host emptied the cache). */
  whole(reason: string): void {
    this.wholeReason ??= reason;
    this.commits.length = 0;
  }

  /** Nothing was written to any collection's table. */
  get none(): boolean {
    return this.commits.length === 0 && this.wholeReason === null;
  }

  /**
   * What a fleet stamped `start` needs to become what the run left: per collection, the commits after the one the
   * fleet already holds (a fleet read while the run was going holds its first commits; one read before, none), in
   * order; null when the run must be read whole or a collection's commits do not chain from the fleet's generation
   * (someone else wrote to it). Applying a commit the fleet already holds would not do: a segment replayed again
   * can move records within the collection's order.
   */
  planFrom(start: FleetStamp): RunPlan | null {
    if (this.wholeReason !== null) return null;
    const stamp = { ...start };
    // Per collection, how many of its commits (in order) the fleet holds already: every one up to the commit that
    // left its generation (a compaction may have carried the stored image's stamp forward too: carryFleetStamp), or
    // none when its generation is where the first one started.
    const skip = new Map<CollectionName, number>();
    for (const collection of COLLECTION_NAMES) {
      const mine = this.commits.filter((c) => c.collection === collection);
      if (mine.length === 0) continue;
      const held = mine.findLastIndex((c) => c.move.to === start[collection]);
      if (held < 0 && mine[0].move.from !== start[collection]) return null;
      skip.set(collection, held + 1);
    }
    const changes: FleetChange[] = [];
    for (const commit of this.commits) {
      const left = skip.get(commit.collection)!;
      if (left > 0) {
        skip.set(commit.collection, left - 1);
        continue;
      }
      if (commit.move.from !== stamp[commit.collection]) return null;
      stamp[commit.collection] = commit.move.to;
      if (commit.change) changes.push(commit.change);
    }
    return { changes, stamp };
  }
}
