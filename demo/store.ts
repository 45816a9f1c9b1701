// The demo platform's data: one change feed per collection, a server-wide change sequence, and a dataset epoch
// that changes on reset (cursors of an earlier epoch are answered with 410 Gone).
import { randomBytes } from 'node:crypto';
import { recordKey } from '../core/api/contract';
import { COLLECTION_NAMES, systemRolesOf, type CollectionName, type Snapshot, type SystemRole } from '../core/model/snapshot';
import { formatProblem, parseRecord, parseSnapshot } from '../core/model/validate';
import { CollectionFeed, type FeedPage } from './feed';
import { mutateRandom } from './mutate';

export interface DemoStore {
  /** The server's current state (for "cache equals server" assertions). */
  snapshot(): Snapshot;
  /** One live record by key (its id, or `userId|projectId` for memberships); undefined when absent or deleted. */
  get(collection: CollectionName, key: string): unknown | undefined;
  /** Validated with the record schema; bumps the change sequence. */
  put(collection: CollectionName, record: unknown): void;
  /** Leaves a tombstone. */
  remove(collection: CollectionName, key: string): void;
  /** Believable edits across collections, replayable from the seed. */
  mutateRandom(count: number, seed: number): void;
  /** New dataset epoch: old cursors get 410. */
  reset(snapshot: Snapshot): void;
}

export class InvalidRecordError extends Error {}

function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

export class FeedStore implements DemoStore {
  epoch = newEpoch();
  /** Users whose system role and status random mutations leave alone (the demo users behind the API keys). */
  protectedUserIds: ReadonlySet<string> = new Set();
  /** The server-wide change sequence: the last one handed out. */
  headSeq = 0;
  private feeds = new Map<CollectionName, CollectionFeed>();
  private cached: { seq: number; epoch: string; snapshot: Snapshot } | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly resetListeners = new Set<() => void>();

  /** `trusted`: the snapshot comes from the generator (already well-formed), so the whole-snapshot check is skipped. */
  constructor(snapshot: Snapshot, opts: { trusted?: boolean } = {}) {
    this.load(snapshot, opts.trusted ?? false);
  }

  /** Called after every change (pages use it to drop what they derived from the old state). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after a reset (a new dataset: new users, new epoch). */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private load(input: Snapshot, trusted: boolean): void {
    // A snapshot handed in by a test may be hand-built: check it whole so a bad one fails loudly, here.
    let snapshot = input;
    if (!trusted) {
      const parsed = parseSnapshot(input);
      if (!parsed.ok) {
        throw new InvalidRecordError(`invalid snapshot: ${parsed.problems.slice(0, 5).map(formatProblem).join('; ')}`);
      }
      snapshot = parsed.value;
    }
    this.feeds = new Map(COLLECTION_NAMES.map((c) => [c, new CollectionFeed()]));
    for (const c of COLLECTION_NAMES) {
      const feed = this.feeds.get(c)!;
      for (const record of snapshot[c] ?? []) feed.write(recordKey(c, record), record, ++this.headSeq);
    }
    this.cached = null;
  }

  feed(collection: CollectionName): CollectionFeed {
    return this.feeds.get(collection)!;
  }

  get(collection: CollectionName, key: string): unknown | undefined {
    return this.feeds.get(collection)!.get(key);
  }

  /** The role catalog in force: the synced one, else the defaults (SPEC §2). */
  systemRoles(): SystemRole[] {
    const feed = this.feeds.get('systemRoles')!;
    return systemRolesOf({ systemRoles: feed.size > 0 ? ([...feed.records()] as SystemRole[]) : undefined });
  }

  page(collection: CollectionName, afterSeq: number, limit: number, includeTombstones: boolean): FeedPage {
    return this.feeds.get(collection)!.page(afterSeq, limit, includeTombstones);
  }

  snapshot(): Snapshot {
    if (this.cached && this.cached.seq === this.headSeq && this.cached.epoch === this.epoch) return this.cached.snapshot;
    const all = <T>(c: CollectionName) => [...this.feeds.get(c)!.records()] as T[];
    const systemRoles = all<NonNullable<Snapshot['systemRoles']>[number]>('systemRoles');
    const snapshot: Snapshot = {
      version: 1,
      organizations: all('organizations'),
      sites: all('sites'),
      // An empty role catalog would mean "nobody has any role"; the platform serves none when the defaults apply.
      ...(systemRoles.length > 0 ? { systemRoles } : {}),
      users: all('users'),
      projects: all('projects'),
      projectRoles: all('projectRoles'),
      memberships: all('memberships'),
      assets: all('assets'),
      tickets: all('tickets'),
    };
    this.cached = { seq: this.headSeq, epoch: this.epoch, snapshot };
    return snapshot;
  }

  put(collection: CollectionName, record: unknown): void {
    const feed = this.feeds.get(collection);
    if (!feed) throw new InvalidRecordError(`unknown collection "${String(collection)}"`);
    const parsed = parseRecord(collection, record);
    if (!parsed.ok) throw new InvalidRecordError(parsed.problems.map(formatProblem).join('; '));
    feed.write(recordKey(collection, parsed.value), parsed.value, ++this.headSeq);
    this.changed();
  }

  remove(collection: CollectionName, key: string): void {
    const feed = this.feeds.get(collection);
    if (!feed) throw new InvalidRecordError(`unknown collection "${String(collection)}"`);
    if (feed.get(key) === undefined) return; // nothing to delete: no change, no sequence
    feed.write(key, null, ++this.headSeq);
    this.changed();
  }

  mutateRandom(count: number, seed: number): void {
    mutateRandom(this, count, seed);
  }

  reset(snapshot: Snapshot): void {
    this.epoch = newEpoch();
    this.headSeq = 0;
    this.load(snapshot, false);
    for (const l of this.resetListeners) l();
    this.changed();
  }

  counts(): Record<CollectionName, { live: number; tombstones: number; lastSeq: number }> {
    return Object.fromEntries(
      COLLECTION_NAMES.map((c) => {
        const f = this.feeds.get(c)!;
        return [c, { live: f.size, tombstones: f.tombstones, lastSeq: f.lastSeq }];
      }),
    ) as Record<CollectionName, { live: number; tombstones: number; lastSeq: number }>;
  }
}
