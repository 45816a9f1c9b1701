// Writing the stored fleet image whole (issue 13): after a whole read (no usable image), or to fold a tail that grew
// long or dear (core/host/image-tail.ts). Converting and cloning an image holds the thread for long (about 0.5 s at
// 100,000 assets, 4 s at 1M), so it is written a moment after it is asked for, the latest only.
import { Dexie } from 'dexie';
import type { CacheDb } from '../cache/db';
import { fleetImageStoredAt, fleetImageTailSize, sameStamp, storeFleetImage, type FleetStamp } from '../cache/fleet-image-store';
import type { Fleet } from '../engine';
import { FLEET_IMAGE_FORMAT } from '../engine/fleet-image';
import { fleetImageBytes } from '../engine/fleet-image-bytes';
import { withBytes } from '../engine/part-bytes';
import { foldDue } from './image-tail';

/**
 * How long the fleet's image waits before it is stored. The answers a panel asks for right after new data (or right
 * after it opened, sent within tens of milliseconds) go first; images asked for meanwhile are stored once, the
 * latest. Short, so a worker stopped soon after still leaves its image.
 */
export const IMAGE_STORE_DELAY_MS = 100;

/**
 * A whole image is written only once the panel has asked nothing for this long: the write holds the thread (0.5–4 s
 * of worker time by size), and a user working in the panel — opening it, scrolling, a refresh right after new data —
 * must not queue behind maintenance. A worker lives about 30 s after its last event, so a quiet second still leaves
 * the image to the next start.
 */
export const IMAGE_STORE_QUIET_MS = 1000;

/** ...but never later than this after it was asked for (a page that keeps asking still gets its image stored). */
export const IMAGE_STORE_MAX_WAIT_MS = 10_000;

export interface FleetImageWriterOptions {
  /** IMAGE_STORE_DELAY_MS in the hosts (tests: 0). */
  delayMs: number;
  /** IMAGE_STORE_QUIET_MS in the hosts (tests: 0): how long no request must have come before a write. */
  quietMs: number;
  /** TAIL_PATCH_BUDGET_MS in the hosts: a patch that took longer has its tail folded. */
  patchBudgetMs: number;
  /**
   * The image of `fleet` at `stamp` is stored (written now, or this writer's of that stamp still there): whoever holds
   * `fleet` may answer from the stored image instead.
   */
  onStored?: (fleet: Fleet, stamp: FleetStamp) => void;
}

export class FleetImageWriter {
  /** The image waiting to be stored (the latest wins), and the loop storing it. */
  private next: { fleet: Fleet; stamp: FleetStamp } | null = null;
  /** The stamp of the image this writer stored last. */
  private written: FleetStamp | null = null;
  private storing: Promise<void> | null = null;
  /** performance.now() of the last request the host answered (noteRequest). */
  private lastRequest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: CacheDb,
    private readonly options: FleetImageWriterOptions,
  ) {}

  /**
   * Whether a patch begun at `started` (performance.now()) took more than the budget: a change whose patch is dear
   * (an asset removed, a membership changed: the fleet's parts rebuilt) costs each cold start about as much again
   * while it is in the tail, so it is folded now rather than paid for at every start.
   */
  overBudget(started: number): boolean {
    return performance.now() - started > this.options.patchBudgetMs;
  }

  /**
   * Stores the image of `fleet` (derived at `stamp`) soon when the stored one is missing, cannot be brought to now,
   * or has a tail due to be folded (`expensive`: the patch that made `fleet` was over budget). After a patched sync
   * the tail holds the change already, so usually nothing is written.
   */
  async foldSoonIfDue(fleet: Fleet, stamp: FleetStamp, expensive: boolean): Promise<void> {
    const size = expensive ? null : await fleetImageTailSize(this.db, FLEET_IMAGE_FORMAT);
    if (size === null || foldDue(size)) this.storeSoon(fleet, stamp);
  }

  /**
   * Stores the image of `fleet` (derived at `stamp`) now: the queue's last step. Not when this writer stored the
   * image of that stamp itself and it is still there: two reads of the same cache (a panel's and a sync's, one after
   * the other) each ask for it. An image it did not write is written over (the read that asked found it unusable).
   */
  async storeNow(fleet: Fleet, stamp: FleetStamp): Promise<void> {
    if (!(this.written && sameStamp(this.written, stamp) && (await fleetImageStoredAt(this.db, FLEET_IMAGE_FORMAT, stamp)))) {
      // every byte is written: the parts a loaded image left for later are read first, all at once; the bytes go into
      // Blobs as they are made, so the fleet and its whole image are not held side by side (at 1M assets ~40 MB more)
      const image = await withBytes(() => fleetImageBytes(fleet, (bytes) => new Blob([bytes])), true);
      if (!(await storeFleetImage(this.db, image, stamp))) return;
      this.written = { ...stamp };
    }
    this.options.onStored?.(fleet, stamp);
  }

  /**
   * Stores the image of `fleet` (derived at `stamp`) a moment later (the delay), so the answers being asked for go
   * first; a newer fleet arriving meanwhile replaces it. Not stored if the cache moved on meanwhile. A failure only
   * costs the next start its speed.
   */
  storeSoon(fleet: Fleet, stamp: FleetStamp): void {
    this.next = { fleet, stamp };
    this.storing ??= this.storeLoop();
  }

  /** A request is being answered now: a write waiting to start waits until requests pause (IMAGE_STORE_QUIET_MS). */
  noteRequest(): void {
    this.lastRequest = performance.now();
  }

  /** Waits the delay, then until no request came for quietMs (at most IMAGE_STORE_MAX_WAIT_MS after `asked`). */
  private async waitForQuiet(asked: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    for (;;) {
      const now = performance.now();
      const wait = Math.min(this.lastRequest + this.options.quietMs, asked + IMAGE_STORE_MAX_WAIT_MS) - now;
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Resolves once the image being stored (if any) is written or refused. */
  async whenStored(): Promise<void> {
    while (this.storing) await this.storing;
  }

  private async storeLoop(): Promise<void> {
    try {
      const asked = performance.now();
      for (let seen = this.next; seen !== null; seen = this.next) {
        await this.waitForQuiet(asked);
        if (this.next !== seen) continue;
        this.next = null;
        try {
          await this.storeNow(seen.fleet, seen.stamp);
        } catch (error) {
          // A closed cache (the widget's page left, the identity changed) has no next start to speed up.
          if (!(error instanceof Dexie.DatabaseClosedError))
            console.warn('Access Inspector: the compiled fleet could not be stored', error);
        }
      }
    } finally {
      // In the same turn as the loop's last look at `next` (the first turn always waits): one asked for later
      // starts a new loop.
      this.storing = null;
    }
  }
}
