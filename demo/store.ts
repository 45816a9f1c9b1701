// The demo platform's data: one change feed per collection, a server-wide change sequence, and a dataset epoch
// that changes on reset (cursors of an earlier epoch are answered with 410 Gone).
import { randomBytes } from 'node:crypto';
import { recordKey } from '../core/api/contract';
import { COLLECTION_NAMES, systemRolesOf, type CollectionName, type Snapshot, type SystemRole } from '../core/model/snapshot';
import { formatProblem, parseRecord, parseSnapshot } from '../core/model/validate';
import { CollectionFeed, type FeedPage } from './feed';
import { ChangeLog, type ChangeLogOptions } from './history-log';
import { mutateRandom } from './mutate';

export interface DemoStore {
  /** The server's current state (for "cache equals server" assertions). */
  snapshot(): Snapshot;
  /** One live record by key (its id, or `userId|projectId` for memberships); undefined when absent or deleted. */
  get(collection: CollectionName, key: string): unknown | undefined;
  /** Validated with the record schema; bumps the change sequence. `author`: the user id who made it (null: the system). */
  put(collection: CollectionName, record: unknown, author?: string | null): void;
  /** Leaves a tombstone. */
  remove(collection: CollectionName, key: string, author?: string | null): void;
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

  /**
   * The server clock is the real one moved by this much (ms): a test sets it to make changes at chosen past times
   * (POST /__demo/clock). Every change is stamped with it.
   */
  clockOffsetMs = 0;
  /** Every change with its time, author, before and after, for the history endpoint (bounded: demo/history-log.ts). */
  history: ChangeLog;
  private readonly historyOptions: ChangeLogOptions;

  /** `trusted`: the snapshot comes from the generator (already well-formed), so the whole-snapshot check is skipped. */
  constructor(snapshot: Snapshot, opts: { trusted?: boolean; clockOffsetMs?: number; history?: ChangeLogOptions } = {}) {
    this.clockOffsetMs = opts.clockOffsetMs ?? 0;
    this.historyOptions = opts.history ?? {};
    this.history = new ChangeLog(this.now(), this.historyOptions);
    this.load(snapshot, opts.trusted ?? false);
  }

  /** The server's clock (ms), as changes are stamped. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
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
    // The loaded dataset is where the history starts: its records are not changes.
    const stamp = { at: this.now(), author: null };
    this.history = new ChangeLog(stamp.at, this.historyOptions);
    for (const c of COLLECTION_NAMES) {
      const feed = this.feeds.get(c)!;
      for (const record of snapshot[c] ?? []) feed.write(recordKey(c, record), record, ++this.headSeq, stamp);
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

  put(collection: CollectionName, record: unknown, author: string | null = null): void {
    const feed = this.feeds.get(collection);
    if (!feed) throw new InvalidRecordError(`unknown collection "${String(collection)}"`);
    const parsed = parseRecord(collection, record);
    if (!parsed.ok) throw new InvalidRecordError(parsed.problems.map(formatProblem).join('; '));
    this.write(feed, collection, recordKey(collection, parsed.value), parsed.value, author);
  }

  remove(collection: CollectionName, key: string, author: string | null = null): void {
    const feed = this.feeds.get(collection);
    if (!feed) throw new InvalidRecordError(`unknown collection "${String(collection)}"`);
    if (feed.get(key) === undefined) return; // nothing to delete: no change, no sequence
    this.write(feed, collection, key, null, author);
  }

  private write(feed: CollectionFeed, collection: CollectionName, key: string, after: unknown | null, author: string | null): void {
    const before = feed.get(key) ?? null;
    const stamp = { at: this.now(), author };
    const seq = ++this.headSeq;
    feed.write(key, after, seq, stamp);
    // A put of the very record already there is announced by the feed but changes nothing worth a history entry.
    if (before === null || after === null || JSON.stringify(before) !== JSON.stringify(after)) {
      this.history.add({ seq, collection, key, ...stamp, before, after });
    }
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
