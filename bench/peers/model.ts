// What the comparison asks of a peer model: the R3 effect of one (user, asset) pair and the two list views.
// Indexes are positions in the snapshot's users and assets.

export type PeerEffect = 'hidden' | 'read' | 'full';

export interface PeerModel {
  readonly name: string;
  effect(userIdx: number, assetIdx: number): PeerEffect;
  /** The user's non-hidden assets with their effect; over `among` assets only when given (a sample). */
  visibleAssets(userIdx: number, among?: readonly number[]): { assetId: string; effect: PeerEffect }[];
  /** The users for whom the asset is not hidden, with their effect; over `among` users only when given. */
  whoCanSee(assetIdx: number, among?: readonly number[]): { userId: string; effect: PeerEffect }[];
}

/** Indexes 0..n-1, or the given subset. */
export function* indexes(n: number, among?: readonly number[]): Generator<number> {
  if (among) yield* among;
  else for (let i = 0; i < n; i++) yield i;
}
