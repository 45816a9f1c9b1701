// Do the peer models decide like the engine? Every compared (user, asset) pair counts; the first few disagreements
// are kept for the report. The engine's fast path (assetPacked) is the reference: it is tested against the explain
// path in test/engine, and the peers are unit-tested against it in test/bench.
import { EFFECTS, assetPacked, type Effect, type Fleet } from '../../core/engine';

export interface Disagreement {
  peer: string;
  userId: string;
  assetId: string;
  engine: Effect;
  peerSays: Effect;
}

export interface PeerAgreement {
  peer: string;
  /** Pairs compared. */
  pairs: number;
  disagreements: number;
  /** How the pairs were chosen, for the report ("every pair", "12 users × all assets", …). */
  coverage: string[];
}

export const engineEffectOf = (fleet: Fleet, userIdx: number, assetIdx: number): Effect =>
  EFFECTS[assetPacked(fleet, userIdx, assetIdx) & 3];

export class AgreementCheck {
  readonly first: Disagreement[] = [];
  private readonly perPeer = new Map<string, PeerAgreement>();

  constructor(
    private readonly fleet: Fleet,
    private readonly keep = 10,
  ) {}

  private entry(peer: string): PeerAgreement {
    let e = this.perPeer.get(peer);
    if (!e) this.perPeer.set(peer, (e = { peer, pairs: 0, disagreements: 0, coverage: [] }));
    return e;
  }

  note(peer: string, coverage: string): void {
    this.entry(peer).coverage.push(coverage);
  }

  /** One decision of a peer against the engine's. */
  pair(peer: string, userIdx: number, assetIdx: number, peerSays: Effect): void {
    const e = this.entry(peer);
    e.pairs++;
    const engine = engineEffectOf(this.fleet, userIdx, assetIdx);
    if (engine === peerSays) return;
    e.disagreements++;
    if (this.first.length < this.keep)
      this.first.push({
        peer,
        userId: this.fleet.snapshot.users[userIdx].id,
        assetId: this.fleet.snapshot.assets[assetIdx].id,
        engine,
        peerSays,
      });
  }

  pairs(peer: string, pairs: Iterable<readonly [number, number]>, effect: (u: number, a: number) => Effect): void {
    for (const [u, a] of pairs) this.pair(peer, u, a, effect(u, a));
  }

  /** A peer's list of a user's visible assets, against the engine over `among` (default: every asset). */
  userList(peer: string, userIdx: number, list: readonly { assetId: string; effect: Effect }[], among?: readonly number[]): void {
    const got = new Map(list.map((x) => [x.assetId, x.effect]));
    const assets = this.fleet.snapshot.assets;
    const check = (a: number) => this.pair(peer, userIdx, a, got.get(assets[a].id) ?? 'hidden');
    if (among) for (const a of among) check(a);
    else for (let a = 0; a < assets.length; a++) check(a);
  }

  /** A peer's list of who can see an asset, against the engine over `among` users (default: every user). */
  assetList(peer: string, assetIdx: number, list: readonly { userId: string; effect: Effect }[], among?: readonly number[]): void {
    const got = new Map(list.map((x) => [x.userId, x.effect]));
    const users = this.fleet.snapshot.users;
    const check = (u: number) => this.pair(peer, u, assetIdx, got.get(users[u].id) ?? 'hidden');
    if (among) for (const u of among) check(u);
    else for (let u = 0; u < users.length; u++) check(u);
  }

  get results(): PeerAgreement[] {
    return [...this.perPeer.values()];
  }

  get ok(): boolean {
    return this.results.every((r) => r.disagreements === 0);
  }
}

/** Every (user, asset) pair of the fleet, user by user. */
export function* everyPair(users: number, assets: number): Generator<readonly [number, number]> {
  for (let u = 0; u < users; u++) for (let a = 0; a < assets; a++) yield [u, a];
}
