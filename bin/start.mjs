#!/usr/bin/env node
// `npm start`: the demo platform on http://127.0.0.1:8787 (or a free port when that one is taken), with a generated
// fleet. Flags: --assets N (up to 1,000,000), --seed S, --port P. TypeScript runs through tsx, so no build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_ASSETS = 1_000_000;
const DEFAULT_PORT = 8787;

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      assets: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  fail(`${e.message}\nusage: npm start -- [--assets N] [--seed S] [--port P]`);
}
if (args.help) {
  console.log('usage: npm start -- [--assets N (0..1000000, default 2000)] [--seed S (default 1)] [--port P (default 8787)]');
  process.exit(0);
}

const whole = (name, text, min, max) => {
  if (text === undefined) return undefined;
  if (!/^-?[0-9_]+$/.test(text)) fail(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text.replaceAll('_', ''));
  if (n < min || n > max) fail(`--${name} must be between ${min} and ${max.toLocaleString('en')}, got ${n}`);
  return n;
};
const assets = whole('assets', args.assets, 0, MAX_ASSETS) ?? 2000;
const seed = whole('seed', args.seed, -(2 ** 31), 2 ** 31 - 1) ?? 1;
const port = whole('port', args.port, 0, 65535);

// The widget is built by `npm run build:widget` when the project has that script; the pages work without it.
const widget = `${root}.output/widget/access-inspector.js`;
if (!existsSync(widget)) {
  const scripts = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts ?? {};
  if (scripts['build:widget']) {
    console.log('start: building the Access Inspector widget (npm run build:widget) …');
    const r = spawnSync('npm', ['run', '--silent', 'build:widget'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(widget)) console.warn('start: the widget build failed; the pages run without the widget.');
  } else {
    console.warn('start: no widget at .output/widget/access-inspector.js (no build:widget script); the pages run without it.');
  }
}

register({ tsconfig: false });
const { startDemoServer } = await import('../demo/server.ts');

const t0 = performance.now();
let server;
try {
  server = await startDemoServer({ seed, assets, port: port ?? DEFAULT_PORT });
} catch (e) {
  if (e?.code !== 'EADDRINUSE') throw e;
  console.warn(`start: port ${port ?? DEFAULT_PORT} is taken; using a free one.`);
  server = await startDemoServer({ seed, assets, port: 0 });
}
const ms = Math.round(performance.now() - t0);

const { state } = server;
const snapshot = server.store.snapshot();
const roleName = new Map(server.store.systemRoles().map((r) => [r.id, r.name]));
const userById = new Map(snapshot.users.map((u) => [u.id, u]));
const pad = (s, n) => String(s).padEnd(n);

console.log(`
Smartlink demo platform: ${server.url}
  ${snapshot.assets.length.toLocaleString('en')} assets, ${snapshot.users.length.toLocaleString('en')} users, ${snapshot.tickets.length.toLocaleString('en')} tickets (seed ${seed}, ready in ${ms} ms)

Sign in at ${server.url}/login as any of these (or anyone else, by user id):
`);
console.log(`  ${pad('kind', 48)}${pad('user id', 24)}${pad('name', 22)}API key`);
for (const d of state.demoUsers) {
  const u = userById.get(d.userId);
  const what = u?.systemRoleId ? (roleName.get(u.systemRoleId) ?? u.systemRoleId) : (u?.status ?? '');
  console.log(
    `  ${pad(d.kind === d.label ? d.kind : `${d.label}${d.kind === u?.systemRoleId ? '' : ` (${what})`}`, 48)}${pad(d.userId, 24)}${pad(u?.name ?? '', 22)}${d.apiKey}`,
  );
}
console.log(`
Extension options: platform URL ${server.url}, API key ai-demo-support (a support engineer who may read everything).
Try: curl -H 'X-Api-Key: ai-demo-support' ${server.url}/api/v1/me
Demo controls (loopback only, with the header X-Demo-Control: ${server.controlToken} — web pages cannot send it):
  curl -H 'X-Demo-Control: ${server.controlToken}' -H 'Content-Type: application/json' -d '{"count":50,"seed":1}' ${server.url}/__demo/mutate
  POST /__demo/faults · GET /__demo/state
Press Ctrl+C to stop.`);

let closing = false;
const stop = async () => {
  if (closing) process.exit(1);
  closing = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
