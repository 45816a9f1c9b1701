// An id → index look-up for a patched fleet (core/engine/fleet-patch.ts): the look-up of the fleet it was patched
// from, plus an overlay of the ids a patch moved, added or removed, plus the removed rows that shift every later
// index down. Copying a million-entry Map for one changed asset is what a patch must not cost; a look-up here stays
// one or two hash probes and a binary search over the removed rows.
import type { IdLookup } from './fleet-types';

/** Overlay entries (ids moved, added or removed) beyond which a patch builds a plain Map again. */
const MIN_COMPACT = 4096;

import { countBelow } from './record-replay';

export class PatchedLookup implements IdLookup {
  private constructor(
    /** The look-up the first patch started from (never a PatchedLookup). */
    private readonly base: IdLookup,
    /** Base indexes no longer present, sorted: a base index moves down by how many of them lie below it. */
    private readonly removedBase: Int32Array,
    /** Ids whose index is not the base's shifted one: the current index, or -1 when the id is gone. */
    private readonly overlay: ReadonlyMap<string, number>,
    readonly size: number,
  ) {}

  get(id: string): number | undefined {
    const o = this.overlay.get(id);
    if (o !== undefined) return o < 0 ? undefined : o;
    const b = this.base.get(id);
    return b === undefined ? undefined : b - countBelow(this.removedBase, b);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /**
   * The look-up after one patch of `before` rows whose ids are `idAt`: `removed` are the old indexes deleted (sorted
   * ascending), `added` the ids appended in order after the remaining rows, `newIds` the rows after the patch (read
   * only when the overlay has grown enough to be rebuilt as a Map). Rows replaced in place keep their index.
   */
  static after(
    previous: IdLookup,
    before: number,
    idAt: (i: number) => string,
    removed: Int32Array,
    added: readonly string[],
    newIds: () => readonly string[],
  ): IdLookup {
    if (removed.length === 0 && added.length === 0) return previous;
    const size = before - removed.length + added.length;
    const prev = previous instanceof PatchedLookup ? previous : null;
    const base = prev ? prev.base : previous;
    const overlay = new Map<string, number>();
    // Earlier overlay entries move down by the rows removed below them now.
    if (prev) for (const [id, at] of prev.overlay) overlay.set(id, at < 0 ? -1 : at - countBelow(removed, at));
    const removedBase: number[] = prev ? Array.from(prev.removedBase) : [];
    for (let k = 0; k < removed.length; k++) {
      const id = idAt(removed[k]);
      if (!prev?.overlay.has(id)) {
        const b = base.get(id);
        if (b !== undefined) removedBase.push(b);
      }
      overlay.set(id, -1);
    }
    const kept = before - removed.length;
    added.forEach((id, k) => overlay.set(id, kept + k));
    if (overlay.size > Math.max(MIN_COMPACT, size >>> 3)) {
      const m = new Map<string, number>();
      newIds().forEach((id, i) => m.set(id, i));
      return m;
    }
    removedBase.sort((a, b) => a - b);
    return new PatchedLookup(base, Int32Array.from(removedBase), overlay, size);
  }
}
