// The engine against the libraries people would use instead (bench/peers/): on one generated fleet, first check that
// all three decide alike, then time a single check, all visible assets of one user, and who can see one asset.
// The peers' time per check decides how much of a fleet they can be asked about inside a time budget: where a whole
// list would take too long (casbin at 100,000 assets and up), the list is timed over a random sample of assets or users
// and scaled up, and the figure says so.
import { performance } from 'node:perf_hooks';
import { assetEffect, explainAsset, visibleAssets, whoCanSee, type Fleet } from '../core/engine';
import type { Snapshot } from '../core/model/snapshot';
import { createRandom } from '../core/generate/random';
import { AgreementCheck, everyPair, type Disagreement, type PeerAgreement } from './peers/agreement';
import { CaslPeer } from './peers/casl';
import { CasbinPeer } from './peers/casbin';
import type { PeerModel } from './peers/model';
import { fmtDuration, fmtNum, median, perCallUs, sampleIndexes, timed } from './peers/timing';

export type PeerName = 'CASL' | 'casbin';
export const PEER_NAMES: PeerName[] = ['CASL', 'casbin'];

export interface Sample {
  /** Random (user, asset) pairs for single checks. */
  pairs: [number, number][];
  /** Typical users for "all visible assets of one user": active, not Global Admin, at least one project role. */
  users: number[];
  /** Random assets for "who can see". */
  assets: number[];
}

export function chooseSample(fleet: Fleet, seed: number, counts = { pairs: 20_000, users: 20, assets: 20 }): Sample {
  const rng = createRandom(seed);
  const rnd = () => rng.next();
  const U = fleet.users.length;
  const A = fleet.snapshot.assets.length;
  const typical: number[] = [];
  for (let u = 0; u < U; u++) {
    const cu = fleet.users[u];
    if (cu.active && !cu.isGlobalAdmin && fleet.userMemberStart[u + 1] > fleet.userMemberStart[u]) typical.push(u);
  }
  return {
    pairs: Array.from({ length: counts.pairs }, () => [Math.floor(rnd() * U), Math.floor(rnd() * A)] as [number, number]),
    users: sampleIndexes(typical.length, counts.users, rnd).map((i) => typical[i]),
    assets: sampleIndexes(A, counts.assets, rnd),
  };
}

export interface OpFigures {
  /** One (user, asset) decision: effect hidden / read / full. Mean µs per check over a batch (fastest of five batches,
   * one for slow peers). */
  singleCheckUs: number;
  checks: number;
  /** Every visible asset of one user with its effect; median ms over `visibleUsers` users (each the fastest of three
   * runs when a list is quick, one run when it is slow). */
  visibleOfUserMs: number;
  visibleUsers: number;
  /** Set when the list was timed over this many random assets and scaled to the whole fleet. */
  visibleSampledAssets?: number;
  /** Every user who can see one asset with their effect; median ms over `whoAssets` assets. */
  whoCanSeeMs: number;
  whoAssets: number;
  whoSampledUsers?: number;
}

export interface EngineFigures extends OpFigures {
  /** explainAsset (steps, messages, verified flips): max of the medians over random and in-project pairs, µs. */
  explainUs: number;
}

/** Pairs whose user holds a role in the asset's project: explain then walks every step and computes flips. */
function inProjectPairs(fleet: Fleet, users: number[], count: number, rnd: () => number): [number, number][] {
  const byProject = new Map<number, number[]>();
  for (let a = 0; a < fleet.assetProject.length; a++) {
    const p = fleet.assetProject[a];
    if (p < 0) continue;
    let list = byProject.get(p);
    if (!list) byProject.set(p, (list = []));
    list.push(a);
  }
  const out: [number, number][] = [];
  for (let tries = 0; out.length < count && tries < count * 20 && users.length; tries++) {
    const u = users[Math.floor(rnd() * users.length)];
    const from = fleet.userMemberStart[u];
    const to = fleet.userMemberStart[u + 1];
    const assets = byProject.get(fleet.memberProject[from + Math.floor(rnd() * (to - from))]);
    if (assets) out.push([u, assets[Math.floor(rnd() * assets.length)]]);
  }
  return out;
}

export function timeEngine(fleet: Fleet, sample: Sample, seed = 1): EngineFigures {
  const s = fleet.snapshot;
  const singleCheckUs = perCallUs(sample.pairs, ([u, a]) => assetEffect(fleet, u, a));

  const rng = createRandom(seed + 11);
  const explainOver = (pairs: [number, number][]) => {
    const ids = pairs.map(([u, a]) => [s.users[u].id, s.assets[a].id] as const);
    for (const [u, a] of ids.slice(0, 100)) explainAsset(fleet, u, a);
    return median(ids.map(([u, a]) => timed(() => explainAsset(fleet, u, a))[1] * 1000));
  };
  const explainUs = Math.max(explainOver(sample.pairs.slice(0, 1000)), explainOver(inProjectPairs(fleet, sample.users, 1000, () => rng.next())));

  visibleAssets(fleet, s.users[sample.users[0]].id);
  const visibleOfUserMs = median(sample.users.map((u) => timeList(() => visibleAssets(fleet, s.users[u].id), 3)[1]));
  whoCanSee(fleet, s.assets[sample.assets[0]].id);
  const whoCanSeeMs = median(sample.assets.map((a) => timeList(() => whoCanSee(fleet, s.assets[a].id), 3)[1]));
  return {
    singleCheckUs, checks: sample.pairs.length, explainUs,
    visibleOfUserMs, visibleUsers: sample.users.length, whoCanSeeMs, whoAssets: sample.assets.length,
  };
}

export interface CompareOptions {
  seed?: number;
  /** Peers asked about every (user, asset) pair whatever it costs (casbin at 10,000 assets: about ten minutes); the
   * others get every pair only when it fits the agreement budget. */
  everyPair?: PeerName[];
  /** Time allowed per peer for the agreement check before timing, ms. */
  agreementBudgetMs?: number;
  /** Time allowed per peer for each list figure, ms. */
  listBudgetMs?: number;
  log?: (line: string) => void;
}

export interface PeerRun {
  peer: PeerName;
  /** Building the peer from the snapshot: CASL asset subjects and every user's ability; casbin policies and enforcer. */
  prepMs: number;
  figures: OpFigures;
  details: string[];
}

/**
 * Time of one list call: the fastest of `reps` runs (noise on a shared machine only ever adds time), one run for lists
 * that take long anyway. The result of the last run is returned for the agreement check.
 */
function timeList<T>(call: () => T, reps: number): [T, number] {
  let best = Infinity;
  let result!: T;
  for (let r = 0; r < reps; r++) {
    const [out, ms] = timed(call);
    result = out;
    best = Math.min(best, ms);
  }
  return [result, best];
}
const repsFor = (estimatedMs: number) => (estimatedMs < 200 ? 3 : 1);

/**
 * A list figure within a time budget: whole lists for up to `max` of `items` (median) while they fit the budget; one
 * whole list when it takes at most four budgets; beyond that one list over random members of the other axis (assets
 * of a user, users of an asset), scaled to the whole axis. `list` runs the list and returns its agreement check.
 */
function listFigure(o: {
  items: number[]; max: number; axis: number; perCheckMs: number; budgetMs: number; rnd: () => number;
  list: (item: number, among?: readonly number[]) => () => void;
}): { ms: number; items: number; sampled?: number; sampledMs?: number } {
  const estimate = o.axis * o.perCheckMs;
  const reps = repsFor(estimate);
  const whole = Math.min(o.max, o.items.length, Math.max(estimate <= 4 * o.budgetMs ? 1 : 0, Math.floor(o.budgetMs / (estimate * reps))));
  if (whole >= 1) {
    const times = o.items.slice(0, whole).map((item) => {
      const [verify, ms] = timeList(() => o.list(item), reps);
      verify();
      return ms;
    });
    return { ms: median(times), items: whole };
  }
  const among = sampleIndexes(o.axis, Math.max(200, Math.floor(o.budgetMs / o.perCheckMs)), o.rnd);
  const [verify, ms] = timed(() => o.list(o.items[0], among));
  verify();
  return { ms: (ms * o.axis) / among.length, items: 1, sampled: among.length, sampledMs: ms };
}

/** Agreement first (within a budget, every pair when it fits), then timing; timed outputs are checked too. */
function runPeer(peer: PeerModel, fleet: Fleet, sample: Sample, check: AgreementCheck, opts: Required<Omit<CompareOptions, 'log'>>, say: (l: string) => void): Omit<PeerRun, 'peer' | 'prepMs'> {
  const U = fleet.users.length;
  const A = fleet.snapshot.assets.length;
  const rng = createRandom(opts.seed + 29);
  const rnd = () => rng.next();
  const name = peer.name;

  // Cost of one decision, from a probe after a warm-up (at most 1,000 pairs or about a second), sizes everything below.
  const warm = Math.min(100, sample.pairs.length);
  for (let i = 0; i < warm; i++) peer.effect(sample.pairs[i][0], sample.pairs[i][1]);
  let probed = 0;
  const t0 = performance.now();
  while (warm + probed < Math.min(warm + 1000, sample.pairs.length) && performance.now() - t0 < 1000) {
    const [u, a] = sample.pairs[warm + probed++];
    peer.effect(u, a);
  }
  const costMs = Math.max((performance.now() - t0) / Math.max(probed, 1), 1e-5);

  // 1. Agreement: every pair when asked or when it fits the budget. Otherwise, by the clock: whole users (× every
  // asset) for a third of the budget, whole assets (× every user) up to two thirds, random pairs for the rest. A whole
  // list that would by itself overrun the budget is not started.
  const budget = opts.agreementBudgetMs;
  const agreeStart = performance.now();
  const elapsed = () => performance.now() - agreeStart;
  if (opts.everyPair.includes(name as PeerName) || U * A * costMs <= budget) {
    check.pairs(name, everyPair(U, A), (u, a) => peer.effect(u, a));
    check.note(name, `every pair: ${fmtNum(U)} users × ${fmtNum(A)} assets`);
  } else {
    let users = 0;
    if (A * costMs <= budget)
      for (const u of sampleIndexes(U, 50, rnd)) {
        if (users > 0 && elapsed() > budget / 3) break;
        for (let a = 0; a < A; a++) check.pair(name, u, a, peer.effect(u, a));
        users++;
      }
    if (users) check.note(name, `${users} random user${users > 1 ? 's' : ''} × all assets`);
    let assets = 0;
    if (U * costMs <= budget)
      for (const a of sampleIndexes(A, 200, rnd)) {
        if (assets > 0 && elapsed() > (2 * budget) / 3) break;
        for (let u = 0; u < U; u++) check.pair(name, u, a, peer.effect(u, a));
        assets++;
      }
    if (assets) check.note(name, `all users × ${assets} random asset${assets > 1 ? 's' : ''}`);
    let pairs = 0;
    while (pairs < 1_000_000 && elapsed() < budget) {
      for (let i = 0; i < 100; i++, pairs++) {
        const u = Math.floor(rnd() * U);
        const a = Math.floor(rnd() * A);
        check.pair(name, u, a, peer.effect(u, a));
      }
    }
    check.note(name, `${fmtNum(pairs)} random pairs`);
  }

  // 2. Single check.
  const checks = Math.max(100, Math.min(sample.pairs.length, Math.floor(2000 / costMs)));
  const singleCheckUs = perCallUs(sample.pairs.slice(0, checks), ([u, a]) => peer.effect(u, a), costMs < 0.01 ? 5 : 1);
  const perCheckMs = singleCheckUs / 1000;

  // 3. All visible assets of one user, 4. who can see one asset.
  const details: string[] = [];
  const visible = listFigure({
    items: sample.users, max: 5, axis: A, perCheckMs, budgetMs: opts.listBudgetMs, rnd,
    list: (u, among) => {
      const out = peer.visibleAssets(u, among);
      return () => check.userList(name, u, out, among);
    },
  });
  check.note(name, visible.sampled === undefined ? `${visible.items} timed user${visible.items > 1 ? 's' : ''} × all assets` : `1 timed user × ${fmtNum(visible.sampled)} random assets`);
  if (visible.sampled !== undefined)
    details.push(`visible list estimated: ${fmtNum(visible.sampled)} random assets of ${fmtNum(A)} timed (${fmtDuration(visible.sampledMs!)}), scaled to ≈ ${fmtDuration(visible.ms)}`);
  const who = listFigure({
    items: sample.assets, max: 10, axis: U, perCheckMs, budgetMs: opts.listBudgetMs, rnd,
    list: (a, among) => {
      const out = peer.whoCanSee(a, among);
      return () => check.assetList(name, a, out, among);
    },
  });
  check.note(name, who.sampled === undefined ? `all users × ${who.items} timed asset${who.items > 1 ? 's' : ''}` : `${fmtNum(who.sampled)} random users × 1 timed asset`);
  if (who.sampled !== undefined)
    details.push(`who-can-see estimated: ${fmtNum(who.sampled)} random users of ${fmtNum(U)} timed (${fmtDuration(who.sampledMs!)}), scaled to ≈ ${fmtDuration(who.ms)}`);

  const agreement = check.results.find((r) => r.peer === name);
  say(`${name}: ${fmtNum(agreement?.pairs ?? 0)} pairs compared with the engine (${agreement?.coverage.join('; ')}), ${agreement?.disagreements ?? 0} disagreements`);
  return {
    figures: {
      singleCheckUs, checks,
      visibleOfUserMs: visible.ms, visibleUsers: visible.items, visibleSampledAssets: visible.sampled,
      whoCanSeeMs: who.ms, whoAssets: who.items, whoSampledUsers: who.sampled,
    },
    details,
  };
}

export interface CompareResult {
  assets: number;
  engine: EngineFigures;
  peers: PeerRun[];
  agreement: PeerAgreement[];
  /** The first few disagreements (empty when all agree). */
  disagreements: Disagreement[];
}

/** Builds each peer in turn (the other is released first), checks agreement, times it. */
export async function comparePeers(snapshot: Snapshot, fleet: Fleet, sample: Sample, engine: EngineFigures, opts: CompareOptions = {}): Promise<CompareResult> {
  const say = opts.log ?? ((l: string) => console.log(l));
  const o = { seed: opts.seed ?? 1, everyPair: opts.everyPair ?? [], agreementBudgetMs: opts.agreementBudgetMs ?? 20_000, listBudgetMs: opts.listBudgetMs ?? 8_000 };
  const A = snapshot.assets.length;
  const check = new AgreementCheck(fleet);
  const peers: PeerRun[] = [];
  for (const name of PEER_NAMES) {
    const t0 = performance.now();
    const peer: PeerModel = name === 'CASL' ? new CaslPeer(snapshot) : await CasbinPeer.create(snapshot);
    if (peer instanceof CaslPeer) peer.buildAll();
    const prepMs = performance.now() - t0;
    const policy = peer instanceof CasbinPeer ? peer.policySize : null;
    say(`${name}: built in ${fmtDuration(prepMs)}${policy ? ` (${fmtNum(policy.p)} policy lines, ${fmtNum(policy.g)} role links, ${fmtNum(policy.g2)} resource links)` : ' (asset subjects and every user\'s ability)'}`);
    const run = runPeer(peer, fleet, sample, check, o, say);
    peers.push({ peer: name, prepMs, ...run });
    for (const d of run.details) say(`${name}: ${d}`);
  }
  return { assets: A, engine, peers, agreement: check.results, disagreements: check.first };
}
