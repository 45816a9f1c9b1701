// Engine benchmark: a generated fleet (default 100,000 assets, 1,000 tags, 200 project roles, 5,000 users), compiled
// once, then the three hot paths measured against their targets. Speed targets live here, never in unit tests.
import { performance } from 'node:perf_hooks';
import { compileFleet, explainAsset, visibleAssets, whoCanSee, type Fleet } from '../core/engine';
import { generateFleet } from '../core/generate/fleet';
import { wordAssetDecision } from '../core/wording/access';
import { createRandom } from '../core/generate/random';

export interface EngineBenchOptions {
  seed?: number;
  assets?: number;
  tags?: number;
  projectRoles?: number;
  users?: number;
  /** Explain calls measured (split between random pairs and pairs where the user has a role in the asset's project). */
  explainSamples?: number;
  /** Users measured for "all assets of one user", assets measured for "who can see". */
  listSamples?: number;
  /** Print the figures (default true). */
  log?: boolean;
}

export interface EngineBenchResult {
  fleet: {
    assets: number;
    tags: number;
    projectRoles: number;
    users: number;
    projects: number;
    memberships: number;
    organizations: number;
  };
  generateMs: number;
  compileMs: number;
  /** Median over random user/asset pairs, µs (steps, messages, verified flips). */
  explainMedianUs: number;
  /** Median over pairs that reach the role's steps (the user has a role in the asset's project), µs. */
  explainInProjectMedianUs: number;
  explainP95Us: number;
  /** visibleAssets(all) for one user: every asset with effect and codes, median over users, ms. */
  userAssetsMedianMs: number;
  /** whoCanSee(all) for one asset over every user, median over assets, ms. */
  whoCanSeeMedianMs: number;
  targets: { explainUs: number; userAssetsMs: number; whoCanSeeMs: number };
  pass: { explain: boolean; userAssets: boolean; whoCanSee: boolean };
}

const TARGETS = { explainUs: 50, userAssetsMs: 20, whoCanSeeMs: 20 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

function inProjectPairs(fleet: Fleet, count: number, rnd: () => number): [string, string][] {
  // Pairs whose user holds a role in the asset's project: the explain path then runs through every step and flips.
  const s = fleet.snapshot;
  const byProject = new Map<number, number[]>();
  for (let a = 0; a < s.assets.length; a++) {
    const p = fleet.assetProject[a];
    if (p < 0) continue;
    let list = byProject.get(p);
    if (!list) byProject.set(p, (list = []));
    list.push(a);
  }
  const out: [string, string][] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const u = Math.floor(rnd() * s.users.length);
    const from = fleet.userMemberStart[u];
    const to = fleet.userMemberStart[u + 1];
    if (from === to) continue;
    const assets = byProject.get(fleet.memberProject[from + Math.floor(rnd() * (to - from))]);
    if (!assets) continue;
    out.push([s.users[u].id, s.assets[assets[Math.floor(rnd() * assets.length)]].id]);
  }
  return out;
}

export async function benchEngine(opts: EngineBenchOptions = {}): Promise<EngineBenchResult> {
  const log = opts.log ?? true;
  const say = (line: string) => log && console.log(line);
  const sizes = {
    assets: opts.assets ?? 100_000,
    tags: opts.tags ?? 1_000,
    projectRoles: opts.projectRoles ?? 200,
    users: opts.users ?? 5_000,
  };

  let t = performance.now();
  const snapshot = generateFleet({ seed: opts.seed ?? 1, ...sizes });
  const generateMs = performance.now() - t;

  t = performance.now();
  const fleet = compileFleet(snapshot);
  const compileMs = performance.now() - t;

  const s = fleet.snapshot;
  const rng = createRandom((opts.seed ?? 1) + 7);
  const rnd = () => rng.next();
  const n = opts.explainSamples ?? 4_000;
  const randomPairs: [string, string][] = Array.from({ length: Math.ceil(n / 2) }, () => [
    s.users[Math.floor(rnd() * s.users.length)].id,
    s.assets[Math.floor(rnd() * s.assets.length)].id,
  ]);
  const projectPairs = inProjectPairs(fleet, Math.floor(n / 2), rnd);

  const timeExplain = (pairs: [string, string][]) => {
    // The decision as a user reads it: the engine's data, then its words.
    const explain = (u: string, a: string) => wordAssetDecision(fleet, explainAsset(fleet, u, a));
    for (const [u, a] of pairs.slice(0, 200)) explain(u, a); // warm-up
    return pairs.map(([u, a]) => {
      const t0 = performance.now();
      explain(u, a);
      return (performance.now() - t0) * 1000;
    });
  };
  const randomTimes = timeExplain(randomPairs);
  const projectTimes = timeExplain(projectPairs);

  const k = opts.listSamples ?? 40;
  const pickUsers = Array.from({ length: k }, () => s.users[Math.floor(rnd() * s.users.length)].id);
  visibleAssets(fleet, pickUsers[0], { all: true }); // warm-up
  const userTimes = pickUsers.map((id) => {
    const t0 = performance.now();
    visibleAssets(fleet, id, { all: true });
    return performance.now() - t0;
  });
  const pickAssets = Array.from({ length: k }, () => s.assets[Math.floor(rnd() * s.assets.length)].id);
  whoCanSee(fleet, pickAssets[0], { all: true }); // warm-up
  const assetTimes = pickAssets.map((id) => {
    const t0 = performance.now();
    whoCanSee(fleet, id, { all: true });
    return performance.now() - t0;
  });

  const result: EngineBenchResult = {
    fleet: {
      assets: s.assets.length,
      tags: fleet.tags.length,
      projectRoles: s.projectRoles.length,
      users: s.users.length,
      projects: s.projects.length,
      memberships: s.memberships.length,
      organizations: s.organizations.length,
    },
    generateMs,
    compileMs,
    explainMedianUs: median(randomTimes),
    explainInProjectMedianUs: median(projectTimes),
    explainP95Us: quantile([...randomTimes, ...projectTimes], 0.95),
    userAssetsMedianMs: median(userTimes),
    whoCanSeeMedianMs: median(assetTimes),
    targets: TARGETS,
    pass: { explain: false, userAssets: false, whoCanSee: false },
  };
  result.pass = {
    explain: Math.max(result.explainMedianUs, result.explainInProjectMedianUs) < TARGETS.explainUs,
    userAssets: result.userAssetsMedianMs < TARGETS.userAssetsMs,
    whoCanSee: result.whoCanSeeMedianMs < TARGETS.whoCanSeeMs,
  };

  const f = result.fleet;
  const mark = (ok: boolean) => (ok ? 'ok' : 'SLOW');
  say(
    `engine: fleet of ${f.assets} assets, ${f.tags} tags, ${f.projectRoles} project roles, ${f.users} users, ${f.projects} projects, ${f.memberships} memberships, ${f.organizations} organizations`,
  );
  say(`engine: generate ${generateMs.toFixed(0)} ms, compile ${compileMs.toFixed(0)} ms`);
  say(
    `engine: explain one asset: median ${result.explainMedianUs.toFixed(1)} µs (random pairs), ${result.explainInProjectMedianUs.toFixed(1)} µs (user has a role in the asset's project), p95 ${result.explainP95Us.toFixed(1)} µs — target < ${TARGETS.explainUs} µs [${mark(result.pass.explain)}]`,
  );
  say(
    `engine: all assets of one user with effect and reason: median ${result.userAssetsMedianMs.toFixed(2)} ms — target < ${TARGETS.userAssetsMs} ms [${mark(result.pass.userAssets)}]`,
  );
  say(
    `engine: who can see one asset over all users: median ${result.whoCanSeeMedianMs.toFixed(2)} ms — target < ${TARGETS.whoCanSeeMs} ms [${mark(result.pass.whoCanSee)}]`,
  );
  return result;
}
