// When the stored fleet image is rewritten whole ("folded", issue 13). After a sync the image stays as written and
// the new segments are its tail (core/cache/fleet-image-store.ts); a cold start patches the tail into the loaded
// image. Folding costs a whole conversion and write of the image (seconds of worker thread at 1M assets), so it
// waits until the tail would make the cold patch noticeably slower, and comes well before a compaction (which
// needs MAX_EXTRA_SEGMENTS = 32 extra segments in a collection) could rewrite the segments under a tail.
// docs/DECISIONS.md "The fleet image" says how the numbers were measured.
import type { FleetChange } from '../engine/fleet-patch';
import type { TailSize } from '../cache/fleet-image-store';

/** Most records a tail may change before the image is folded. */
export const TAIL_MAX_RECORDS = 5_000;

/** Most tail segments one collection may have before the image is folded (compaction starts beyond 32 extra). */
export const TAIL_MAX_SEGMENTS = 16;

/**
 * Most milliseconds a patch may take before its tail is folded. What a cold patch costs depends on the kind of change
 * more than on the count (patchFleet of a freshly loaded image, node, 1M assets: 100 renamed assets 10–15 ms; one
 * changed user or membership 220–430 ms; one removed asset 0.7–1.0 s; at 100k: 25–100 ms): a patch that took longer
 * than this after a sync, or at a cold start, is folded then, so a cold start pays for it at most once.
 */
export const TAIL_PATCH_BUDGET_MS = 50;

/** Whether a tail this long should be folded into a new image. */
export function foldDue(size: TailSize): boolean {
  return size.records > TAIL_MAX_RECORDS || size.segments > TAIL_MAX_SEGMENTS;
}

/** The size of a tail read as changes (one per segment). */
export function tailSizeOf(tail: readonly FleetChange[]): TailSize {
  const perCollection = new Map<string, number>();
  let records = 0;
  for (const change of tail) {
    records += change.puts.length + change.deletes.length;
    perCollection.set(change.collection, (perCollection.get(change.collection) ?? 0) + 1);
  }
  return { records, segments: Math.max(0, ...perCollection.values()) };
}
