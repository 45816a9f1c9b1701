// What a sync run knows, without the cache, of the records a collection holds under a page's keys (issue 13). A
// page's commit needs them twice: to count the page (how many puts are new, which deletes remove something) and as
// the history's `before`. The cache answers from its key index, which a fresh worker rebuilds by replaying every
// segment of the collection: 1–2 s of the first sync after a worker start at 1M assets, for a page of one change.
// The caller's compiled fleet answers instead (core/host/cached-source.ts), for the generation it was compiled at,
// and the run carries its own commits since, so every page of the run is answered from one fleet.
import type { CollectionName } from '../model/collections';

/** The records held under some keys as the collection was stored at `generation` (a key held by none is absent). */
export interface HeldRecords {
  generation: string;
  records: ReadonlyMap<string, unknown>;
}

/** The caller's side (SyncOptions.held): its fleet, asked before a page's transaction, never inside one. */
export interface HeldSource {
  /** The generation the caller's fleet holds `collection` at (StoredStats.generation), or null when it holds none. */
  generation(collection: CollectionName): string | null;
  /**
   * The records the fleet holds under `keys` and the generation they are of; null when it cannot tell (no fleet, or
   * one whose look-ups miss records: core/engine/fleet-records.ts). May wait for the bytes of a loaded image.
   */
  records(collection: CollectionName, keys: readonly string[]): Promise<HeldRecords | null>;
}

/** A run's changes kept to answer for a later page past this many: then the cache's key index is rebuilt once. */
export const RUN_COMMITS_MAX = 50_000;

/**
 * One collection's commits in this run since the generation a held answer speaks of: a chain of generation moves,
 * each key's last change (a record put, or null when deleted). The fleet does not move while the run goes on, so a
 * commit that starts no chain (nothing held of the generation it moved from) or does not continue it (another
 * context wrote) ends what held answers can do for this run; so does a run of more than RUN_COMMITS_MAX changes.
 */
export class RunCommits {
  private from: string | null = null;
  private to: string | null = null;
  private readonly changed = new Map<string, unknown>();
  /** No held answer serves this run any more (see the class). */
  private ended = false;

  /** Whether a held answer about `generation` can still serve a page of this run (its chain starts there). */
  speaksFor(generation: string): boolean {
    return !this.ended && (this.from === null || this.from === generation);
  }

  /** The records under `keys` as stored at `generation`, from `held` and this run's commits since; null: unknown. */
  recordsAt(generation: string, held: HeldRecords | null, keys: readonly string[]): ReadonlyMap<string, unknown> | null {
    if (!held || this.ended) return null;
    if (held.generation === generation) return held.records;
    if (held.generation !== this.from || generation !== this.to) return null;
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const record = this.changed.has(key) ? this.changed.get(key) : held.records.get(key);
      if (record !== undefined && record !== null) out.set(key, record);
    }
    return out;
  }

  /**
   * A commit of this run moved the collection `from` → `to` (a compaction: no puts, no deletes). A chain starts at a
   * generation a held answer spoke of (`heldGeneration`), and only there: without one nothing is kept (a first
   * fill, which no fleet holds, keeps none of its million records, and its later pages ask the fleet nothing).
   */
  committed(
    move: { from: string; to: string },
    putKeys: readonly string[],
    putValues: readonly unknown[],
    deleteKeys: readonly string[],
    heldGeneration: string | null,
  ): void {
    if (move.from === move.to || this.ended) return;
    if (this.to !== move.from) {
      if (heldGeneration !== move.from) return this.end();
      this.from = move.from;
    }
    this.to = move.to;
    for (let i = 0; i < putKeys.length; i++) this.changed.set(putKeys[i], putValues[i]);
    for (const key of deleteKeys) this.changed.set(key, null);
    if (this.changed.size > RUN_COMMITS_MAX) this.end();
  }

  private end(): void {
    this.changed.clear();
    this.from = this.to = null;
    this.ended = true;
  }
}
