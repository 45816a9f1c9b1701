// CLI benchmark: one `explain` on a generated 100,000-asset snapshot, as a person runs it — the bin
// (bin/access-inspector.mjs, what `npx access-inspector` starts) in a new process, timed by the wall clock from
// spawn to exit. Cold: the first run on a file (parse, validate, write the snapshot cache); warm: the runs after it
// (the cache: cli/snapshot-cache.ts). The cache lives in a fresh temporary folder, so the run starts cold.
//   node --import tsx bench/cli.ts [assets]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateFleet } from '../core/generate/fleet';
import { median } from './peers/timing';

export const CLI_EXPLAIN_WARM_TARGET_S = 0.5;

export interface CliBenchResult {
  assets: number;
  fileMb: number;
  /** Wall seconds of the first run (cache written). */
  coldS: number;
  /** Wall seconds without the cache (ACCESS_INSPECTOR_CACHE=off): parse, validate, compile every time. */
  uncachedS: number;
  /** Median wall seconds of the runs after the first, and each of them. */
  warmS: number;
  warmRuns: number[];
  /** Median CPU seconds (user + system) of those runs, from bash's `times` (NaN without /bin/bash): on a loaded
   * machine the wall clock waits for the CPU, and this says how much of it the command itself needed. */
  warmCpuS: number;
  /** `--help`: node, the bundle and commander, no snapshot — the floor under every command. */
  startS: number;
  /** `node -e 0`, median wall and CPU seconds: node's own start on this machine now, under every figure above. */
  nodeS: number;
  nodeCpuS: number;
  pass: boolean;
}

const bin = fileURLToPath(new URL('../bin/access-inspector.mjs', import.meta.url));

function timed(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function run(args: string[], env: NodeJS.ProcessEnv): { s: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`access-inspector ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { s, stdout: r.stdout };
}

/** CPU seconds (user + system) of one run of node with `args`, through bash's `times` (its children's line). */
function cpuOf(args: string[], env: NodeJS.ProcessEnv): number {
  if (!existsSync('/bin/bash')) return NaN;
  const r = spawnSync('/bin/bash', ['-c', '"$0" "$@" > /dev/null; times', process.execPath, ...args], { env, encoding: 'utf8' });
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
}

export function benchCli(
  opts: { assets?: number; seed?: number; warmRuns?: number; cpuRuns?: number; log?: (l: string) => void } = {},
): CliBenchResult {
  const assets = opts.assets ?? 100_000;
  const log = opts.log ?? ((l: string) => console.log(l));
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-cli-'));
  try {
    const file = join(dir, `fleet-${assets}.json`);
    const text = JSON.stringify(generateFleet({ seed: opts.seed ?? 1, assets }));
    writeFileSync(file, text);
    const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_INSPECTOR_CACHE_DIR: join(dir, 'cache') };
    delete env.ACCESS_INSPECTOR_CACHE;
    const args = ['explain', '--data', file, '--user', 'u-tara-tech', '--asset', 'ast-0000002'];
    run(['--help'], env); // builds the bundle when a source changed (not counted)
    const startS = median([0, 1, 2].map(() => run(['--help'], env).s));
    const uncached = run(args, { ...env, ACCESS_INSPECTOR_CACHE: 'off' });
    const cold = run(args, env);
    const warm = Array.from({ length: opts.warmRuns ?? 9 }, () => run(args, env));
    if (warm.some((w) => w.stdout !== uncached.stdout) || cold.stdout !== uncached.stdout)
      throw new Error('explain printed something else from the cache than without it');
    const warmRuns = warm.map((w) => w.s);
    const cpuRuns = Array.from({ length: opts.cpuRuns ?? 5 }, (_, i) => i);
    const warmCpuS = median(cpuRuns.map(() => cpuOf([bin, ...args], env)));
    const nodeS = median(cpuRuns.map(() => timed(() => spawnSync(process.execPath, ['-e', '0']))));
    const nodeCpuS = median(cpuRuns.map(() => cpuOf(['-e', '0'], env)));
    const result: CliBenchResult = {
      assets,
      fileMb: Buffer.byteLength(text) / 2 ** 20,
      coldS: cold.s,
      uncachedS: uncached.s,
      warmS: median(warmRuns),
      warmRuns,
      warmCpuS,
      startS,
      nodeS,
      nodeCpuS,
      pass: median(warmRuns) <= CLI_EXPLAIN_WARM_TARGET_S,
    };
    const f = (s: number) => `${s.toFixed(2)} s`;
    log(
      `cli: ${assets.toLocaleString('en')} assets (${result.fileMb.toFixed(1)} MB), load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}`,
    );
    log(
      `cli: explain without the cache ${f(result.uncachedS)}; first run ${f(result.coldS)} (writes the cache); then ${warmRuns.map(f).join(', ')}; --help ${f(startS)}`,
    );
    log(
      `cli: cached explain ${f(result.warmS)} wall (median of ${warmRuns.length}; goal ≤ ${f(CLI_EXPLAIN_WARM_TARGET_S)}), CPU (user + system) ${f(warmCpuS)} (median of ${cpuRuns.length}); node alone (node -e 0) ${f(nodeS)} wall, ${f(nodeCpuS)} CPU`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [assets] = process.argv.slice(2).map(Number);
  benchCli({ assets: assets || undefined });
}
