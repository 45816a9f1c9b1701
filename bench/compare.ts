// The engine against the libraries people would use instead (bench/peers/): on one generated fleet, first check that
// all three decide alike, then time a single check, all visible assets of one user, and who can see one asset.
// Each peer answers a list the way an expert user of it would (see bench/peers/ and BENCHMARKS.md): through an index
// on the asset's project, as a database query would, then one decision per candidate. Lists are timed whole, for the
// same users and assets as the engine's figure (as many as fit the time budget).
import { performance } from 'node:perf_hooks';
import { assetEffect, explainAsset, visibleAssets, whoCanSee, type Fleet } from '../core/engine';
import type { Snapshot } from '../core/model/snapshot';
import { wordAssetDecision } from '../core/wording/access';
import { createRandom } from '../core/generate/random';
import { AgreementCheck, everyPair, type Disagreement, type PeerAgreement } from './peers/agreement';
import { CaslPeer } from './peers/casl';
import { CasbinPeer } from './peers/casbin';
import { CedarPeer } from './peers/cedar';
import type { PeerModel } from './peers/model';
import { fmtDuration, fmtNum, median, perCallUs, sampleIndexes, timed } from './peers/timing';

export type PeerName = 'CASL' | 'casbin' | 'Cedar';
export const PEER_NAMES: PeerName[] = ['CASL', 'casbin', 'Cedar'];

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
  /** Every visible asset of one user with its effect; median ms over the first `visibleUsers` sample users (each the
   * fastest of three runs when a list is quick, one run when it is slow). */
  visibleOfUserMs: number;
  visibleUsers: number;
  /** Every user who can see one asset with their effect; median ms over the first `whoAssets` sample assets. */
  whoCanSeeMs: number;
  whoAssets: number;
}

export interface EngineFigures extends OpFigures {
  /** explainAsset (steps, messages, verified flips): max of the medians over random and in-project pairs, µs. */
  explainUs: number;
  /** The list figures per sample user / asset (same order as the sample), so a peer that timed fewer of them is
   * compared with the engine's median over the same ones. */
  visibleEachMs: number[];
  whoEachMs: number[];
  /** The first visible list after compile, which builds the project index (ms). */
  visibleFirstMs: number;
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
    // The decision as a user reads it: the engine's data, then its words.
    const explain = (u: string, a: string) => wordAssetDecision(fleet, explainAsset(fleet, u, a));
    for (const [u, a] of ids.slice(0, 100)) explain(u, a);
    return median(ids.map(([u, a]) => timed(() => explain(u, a))[1] * 1000));
  };
  const explainUs = Math.max(
    explainOver(sample.pairs.slice(0, 1000)),
    explainOver(inProjectPairs(fleet, sample.users, 1000, () => rng.next())),
  );

  const visibleFirstMs = timed(() => visibleAssets(fleet, s.users[sample.users[0]].id))[1];
  const visibleEachMs = sample.users.map((u) => timeList(() => visibleAssets(fleet, s.users[u].id), 3)[1]);
  whoCanSee(fleet, s.assets[sample.assets[0]].id);
  const whoEachMs = sample.assets.map((a) => timeList(() => whoCanSee(fleet, s.assets[a].id), 3)[1]);
  return {
    singleCheckUs,
    checks: sample.pairs.length,
    explainUs,
    visibleFirstMs,
    visibleEachMs,
    whoEachMs,
    visibleOfUserMs: median(visibleEachMs),
    visibleUsers: sample.users.length,
    whoCanSeeMs: median(whoEachMs),
    whoAssets: sample.assets.length,
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
  /** Building the peer from the snapshot: CASL asset subjects and every user's ability; casbin policies and enforcer
   * (and the timed users' policy subsets); Cedar entities. */
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
 * A list figure within a time budget: whole lists for the first items (up to `max`) while the budget lasts, at least
 * one; each the fastest of three runs when it is quick. `list` runs the list and returns its agreement check.
 */
function listFigure(o: { items: number[]; max: number; budgetMs: number; list: (item: number) => () => void }): {
  ms: number;
  items: number;
} {
  const times: number[] = [];
  const t0 = performance.now();
  for (const item of o.items.slice(0, o.max)) {
    if (times.length && performance.now() - t0 > o.budgetMs) break;
    const [verify, first] = timed(() => o.list(item));
    let best = first;
    for (let r = 1; r < repsFor(first); r++) best = Math.min(best, timed(() => o.list(item))[1]);
    verify();
    times.push(best);
  }
  return { ms: median(times), items: times.length };
}

/** Agreement first (within a budget, every pair when it fits), then timing; timed outputs are checked too. */
function runPeer(
  peer: PeerModel,
  fleet: Fleet,
  sample: Sample,
  check: AgreementCheck,
  opts: Required<Omit<CompareOptions, 'log'>>,
  say: (l: string) => void,
): Omit<PeerRun, 'peer' | 'prepMs'> {
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

  // 3. All visible assets of one user, 4. who can see one asset.
  const details: string[] = [];
  const visible = listFigure({
    items: sample.users,
    max: sample.users.length,
    budgetMs: opts.listBudgetMs,
    list: (u) => {
      const out = peer.visibleAssets(u);
      return () => check.userList(name, u, out);
    },
  });
  check.note(name, `${visible.items} timed user${visible.items > 1 ? 's' : ''} × all assets`);
  const who = listFigure({
    items: sample.assets,
    max: sample.assets.length,
    budgetMs: opts.listBudgetMs,
    list: (a) => {
      const out = peer.whoCanSee(a);
      return () => check.assetList(name, a, out);
    },
  });
  check.note(name, `all users × ${who.items} timed asset${who.items > 1 ? 's' : ''}`);

  const agreement = check.results.find((r) => r.peer === name);
  say(
    `${name}: ${fmtNum(agreement?.pairs ?? 0)} pairs compared with the engine (${agreement?.coverage.join('; ')}), ${agreement?.disagreements ?? 0} disagreements`,
  );
  return {
    figures: {
      singleCheckUs,
      checks,
      visibleOfUserMs: visible.ms,
      visibleUsers: visible.items,
      whoCanSeeMs: who.ms,
      whoAssets: who.items,
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
export async function comparePeers(
  snapshot: Snapshot,
  fleet: Fleet,
  sample: Sample,
  engine: EngineFigures,
  opts: CompareOptions = {},
): Promise<CompareResult> {
  const say = opts.log ?? ((l: string) => console.log(l));
  const o = {
    seed: opts.seed ?? 1,
    everyPair: opts.everyPair ?? [],
    agreementBudgetMs: opts.agreementBudgetMs ?? 20_000,
    listBudgetMs: opts.listBudgetMs ?? 8_000,
  };
  const A = snapshot.assets.length;
  const check = new AgreementCheck(fleet);
  const peers: PeerRun[] = [];
  for (const name of PEER_NAMES) {
    const t0 = performance.now();
    const peer: PeerModel =
      name === 'CASL' ? new CaslPeer(snapshot) : name === 'casbin' ? await CasbinPeer.create(snapshot) : new CedarPeer(snapshot);
    if (peer instanceof CaslPeer) peer.buildAll();
    // casbin's lists read the user's policy subset: loaded for the timed users before timing, as CASL's abilities are.
    if (peer instanceof CasbinPeer) for (const u of sample.users) await peer.prepareUser(u);
    const prepMs = performance.now() - t0;
    const policy = peer instanceof CasbinPeer ? peer.policySize : null;
    const built =
      peer instanceof CaslPeer
        ? "asset subjects, the project index and every user's ability"
        : policy && peer instanceof CasbinPeer
          ? `${fmtNum(policy.p)} policy lines, ${fmtNum(policy.g)} role links, ${fmtNum(policy.g2)} resource links; ${peer.subsetLoads.count} users' policy subsets loaded in ${fmtDuration(peer.subsetLoads.ms)}`
          : 'policies parsed once, user and asset entities, the project index';
    say(`${name}: built in ${fmtDuration(prepMs)} (${built})`);
    const run = runPeer(peer, fleet, sample, check, o, say);
    peers.push({ peer: name, prepMs, ...run });
    for (const d of run.details) say(`${name}: ${d}`);
  }
  return { assets: A, engine, peers, agreement: check.results, disagreements: check.first };
}
