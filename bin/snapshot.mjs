#!/usr/bin/env node
// `npm run -s snapshot -- [--assets N] [--seed S] > fleet.json`: a generated fleet as a snapshot (SPEC §1), the same
// one `npm start` serves for the same flags — something to point the CLI at.
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

let args;
try {
  args = parseArgs({ options: { assets: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } }).values;
} catch (e) {
  console.error(`snapshot: ${e.message}\nusage: npm run -s snapshot -- [--assets N] [--seed S] > fleet.json`);
  process.exit(2);
}
const assets = Number(args.assets);
const seed = Number(args.seed);
if (!Number.isInteger(assets) || assets < 0 || assets > 1_000_000) {
  console.error(`snapshot: --assets must be a whole number from 0 to 1,000,000, not "${args.assets}"`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`snapshot: --seed must be a whole number, not "${args.seed}"`);
  process.exit(2);
}
register();
const { generateFleet } = await import('../core/generate/fleet.ts');
process.stdout.write(`${JSON.stringify(generateFleet({ seed, assets }))}\n`);
