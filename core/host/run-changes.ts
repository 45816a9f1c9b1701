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

export class RunChanges {
  readonly changes: FleetChange[] = [];
  private readonly moves: Array<{ collection: CollectionName } & GenerationMove> = [];
  private records = 0;
  /** Why the run cannot be patched in (a collection emptied and fetched again, too many changes); null while it can. */
  wholeReason: string | null = null;

  /** A committed write (from the sync's onCommit). */
  commit(collection: CollectionName, change: FleetChange, move: GenerationMove): void {
    this.moves.push({ collection, ...move });
    if (this.wholeReason !== null) return;
    this.records += change.puts.length + change.deletes.length;
    if (this.records > PATCH_MAX_RECORDS) {
      this.whole(`more than ${PATCH_MAX_RECORDS} records changed`);
      return;
    }
    if (change.puts.length > 0 || change.deletes.length > 0) this.changes.push(change);
  }

  /** The run did something no change list says (from the sync's onReset, or the host emptied the cache). */
  whole(reason: string): void {
    this.wholeReason ??= reason;
    this.changes.length = 0;
  }

  /** Nothing was written to any collection's table. */
  get none(): boolean {
    return this.moves.length === 0 && this.wholeReason === null;
  }

  /**
   * The stamp a fleet stamped `start` has once these changes are applied, or null when they cannot be applied to it
   * (the run must be read whole, or a move starts from a generation the fleet was not derived from).
   */
  stampFrom(start: FleetStamp): FleetStamp | null {
    if (this.wholeReason !== null) return null;
    const stamp = { ...start };
    for (const move of this.moves) {
      // A compaction may have carried the stored stamp over already (carryFleetStamp): then it is where it ends.
      if (stamp[move.collection] === move.from || stamp[move.collection] === move.to) stamp[move.collection] = move.to;
      else return null;
    }
    return stamp;
  }
}

/** The collections whose generation differs between two stamps (for a log line; empty when they are the same). */
export function movedCollections(a: FleetStamp, b: FleetStamp): CollectionName[] {
  return COLLECTION_NAMES.filter((c) => a[c] !== b[c]);
}
