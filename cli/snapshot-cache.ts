// A cache of validated snapshots, so a second command on the same file skips JSON validation and, for `explain`,
// reads only the records it needs. Without it a 100,000-asset snapshot costs about a second of parsing and checking
// before every command.
//
// Never a wrong answer: an entry is named by the SHA-256 of the file's bytes together with a stamp of the code that
// validated it; it holds the validator's *output* (what the engine would have been given), written to a temporary
// folder and renamed into place whole, with a manifest naming every file's hash. Reading and hashing 100 MB costs
// time too, so a second name points at the entry: the file's identity and times as the kernel reports them (device,
// inode, size, modification and change times in nanoseconds, path) — as git's index and make do. The change time
// cannot be set back by a user, so any write to the file gives another name; and, like git's "racily clean" rule,
// that name is only recorded for a file last changed more than two seconds before the entry was written (a clock
// tick coarser than the write could otherwise hide a same-size rewrite).
// A miss, a damaged or half-written entry, or any error reading it → the full path (parse, validate), as if there
// were no cache. Invalid snapshots are never cached: their problems are reported every time.
//
// Where: $ACCESS_INSPECTOR_CACHE_DIR, else $XDG_CACHE_HOME/access-inspector/snapshots, else
// ~/.cache/access-inspector/snapshots. ACCESS_INSPECTOR_CACHE=off turns it off. The newest few entries are kept.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../core/model/snapshot';

export const CACHE_DIR_ENV = 'ACCESS_INSPECTOR_CACHE_DIR';
export const CACHE_SWITCH_ENV = 'ACCESS_INSPECTOR_CACHE';
/** Entries kept; the oldest beyond this are removed when a new one is written. */
const KEEP = 4;
/** Changes whenever the layout of an entry changes. */
const FORMAT = 'snapshot-cache-1';

/**
 * What a command reads: everything, or (`explain`) one user and one asset — then the loader keeps only the first
 * asset record with that id, no tickets, and only that user's records and memberships (explain-slice.ts).
 */
export type AssetNeed = { all: true } | { all: false; assetId: string; userId: string };

interface Manifest {
  format: string;
  /** SHA-256 of each small file of the entry; the byte length of the large ones (hashing them costs more than
   * validating would save; the entry is renamed into place whole, and explain checks the id of what it reads). */
  files: Record<string, string>;
  sizes: Record<string, number>;
}

/** Files checked by length only. */
const LARGE = new Set(['head.json', 'assets.json', 'tickets.json']);

/** The file's identity and times (fstat with nanoseconds): the cheap name of an entry. */
export interface FileIdentity {
  key: string;
  /** The file last changed this long before now (ms). */
  ageMs: number;
}

export function fileIdentity(
  path: string,
  stat: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint },
): FileIdentity {
  const key = sha256(`${FORMAT}\0${path}\0${stat.dev}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}\0${stat.ctimeNs}`);
  const changed = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
  return { key, ageMs: Date.now() - Number(changed / 1_000_000n) };
}

/** Older than this, a file's identity may name its entry (see the top of this file). */
const RACY_MS = 2000;

function cacheRoot(env: NodeJS.ProcessEnv = process.env): string | null {
  if ((env[CACHE_SWITCH_ENV] ?? '').toLowerCase() === 'off') return null;
  if (env[CACHE_DIR_ENV]) return env[CACHE_DIR_ENV]!;
  const base = env.XDG_CACHE_HOME || join(os.homedir(), '.cache');
  return join(base, 'access-inspector', 'snapshots');
}

/**
 * The code that validates: this module's own file (in the bundle, the bundle, rebuilt whenever any source changes),
 * and, when running from the sources, the snapshot model's files. Any change gives other keys.
 */
function codeStamp(): string {
  const h = createHash('sha256').update(FORMAT);
  const own = fileURLToPath(import.meta.url);
  const files = [own];
  if (own.endsWith('.ts')) {
    const model = join(dirname(own), '..', 'core', 'model');
    for (const f of readdirSync(model).sort()) files.push(join(model, f));
  }
  for (const f of files) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\0`);
  }
  return h.digest('hex').slice(0, 16);
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The entry's folder for these file bytes, or null when the cache is off or the code stamp cannot be made. */
export function entryFor(bytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): string | null {
  const root = cacheRoot(env);
  if (root === null) return null;
  try {
    return join(root, `${sha256(bytes)}-${codeStamp()}`);
  } catch {
    return null;
  }
}

const identityFile = (root: string, id: FileIdentity) => join(root, `by-identity`, id.key);

/** The entry a file identity names, or null. */
export function entryByIdentity(id: FileIdentity, env: NodeJS.ProcessEnv = process.env): string | null {
  const root = cacheRoot(env);
  if (root === null) return null;
  try {
    const name = readFileSync(identityFile(root, id), 'utf8');
    if (!/^[0-9a-f]{64}-[0-9a-f]{16}$/.test(name) || !name.endsWith(`-${codeStamp()}`)) return null;
    return join(root, name);
  } catch {
    return null;
  }
}

/** Lets the file's identity name the entry, when the file is old enough (see the top of this file). */
export function rememberIdentity(id: FileIdentity, entry: string): void {
  if (id.ageMs <= RACY_MS) return;
  const root = dirname(entry);
  try {
    mkdirSync(join(root, 'by-identity'), { recursive: true, mode: 0o700 });
    const tmp = `${identityFile(root, id)}.${process.pid}.tmp`;
    writeFileSync(tmp, basename(entry));
    renameSync(tmp, identityFile(root, id));
  } catch {
    // a cache that cannot be written is only slower
  }
}

function readVerified(dir: string, name: string, manifest: Manifest): string {
  const bytes = readFileSync(join(dir, name));
  const ok = LARGE.has(name) ? bytes.length === manifest.sizes[name] : sha256(bytes) === manifest.files[name];
  if (!ok) throw new Error(`cache file ${name} does not match its manifest`);
  return bytes.toString('utf8');
}

/** Records keyed by a user or asset id are spread over this many bucket files, so one id reads one small file. */
const BUCKETS = 64;
/** FNV-1a over the id's UTF-16 units: the bucket of an id (the writer and the reader share this code stamp). */
function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

/**
 * The validated snapshot from an entry, or null (no entry, or anything wrong with it). For `explain` (need.all
 * false): the catalogs, the user's records and memberships, and the first asset record with the id, no tickets.
 */
export function readEntry(dir: string, need: AssetNeed): Snapshot | null {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== FORMAT) return null;
    if (need.all) {
      const head = JSON.parse(readVerified(dir, 'head.json', manifest)) as Snapshot;
      head.assets = JSON.parse(readVerified(dir, 'assets.json', manifest));
      head.tickets = JSON.parse(readVerified(dir, 'tickets.json', manifest));
      return head;
    }
    const snapshot = JSON.parse(readVerified(dir, 'catalogs.json', manifest)) as Snapshot;
    const b = bucketOf(need.userId);
    snapshot.users = (JSON.parse(readVerified(dir, `users-${b}.json`, manifest)) as Snapshot['users']).filter((u) => u.id === need.userId);
    snapshot.memberships = (JSON.parse(readVerified(dir, `memberships-${b}.json`, manifest)) as Snapshot['memberships']).filter(
      (m) => m.userId === need.userId,
    );
    snapshot.tickets = [];
    snapshot.assets = [];
    // assets-<bucket>.tsv: `<id as JSON>\t<offset>\t<length>` per asset of the bucket, in snapshot order (the first
    // line with the id is the first record with it); offset and length of the record in assets.json.
    const index = readVerified(dir, `assets-${bucketOf(need.assetId)}.tsv`, manifest);
    const needle = `${JSON.stringify(need.assetId)}\t`;
    let at = index.startsWith(needle) ? 0 : index.indexOf(`\n${needle}`);
    if (at >= 0) {
      if (at > 0) at++;
      const end = index.indexOf('\n', at);
      const [, offset, length] = index
        .slice(at, end < 0 ? undefined : end)
        .split('\t')
        .map(Number);
      const buf = Buffer.alloc(length);
      const fd = openSync(join(dir, 'assets.json'), 'r');
      try {
        if (readSync(fd, buf, 0, length, offset) !== length) return null;
      } finally {
        closeSync(fd);
      }
      const asset = JSON.parse(buf.toString('utf8'));
      // The slice must be the record the index names (a damaged file would show here).
      if (asset?.id !== need.assetId) return null;
      snapshot.assets = [asset];
    }
    return snapshot;
  } catch {
    return null;
  }
}

/** Writes an entry for a validated snapshot; any failure (read-only home, full disk) leaves no entry and no error. */
export function writeEntry(dir: string, snapshot: Snapshot): void {
  const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(tmp, { recursive: true, mode: 0o700 });
    const { assets, tickets, ...rest } = snapshot;
    // explain's slice reads the catalogs; the history (issue 18) only serves --as-of and timeline, which read it all
    const { users, memberships, history: _history, ...catalogs } = rest;
    const parts = assets.map((a) => JSON.stringify(a));
    const assetIndex: string[][] = Array.from({ length: BUCKETS }, () => []);
    let at = 1; // after "["
    for (let i = 0; i < parts.length; i++) {
      const length = Buffer.byteLength(parts[i]);
      assetIndex[bucketOf(assets[i].id)].push(`${JSON.stringify(assets[i].id)}\t${at}\t${length}\n`);
      at += length + 1; // the record and the comma (or "]") after it
    }
    const userBuckets: Snapshot['users'][] = Array.from({ length: BUCKETS }, () => []);
    for (const u of users) userBuckets[bucketOf(u.id)].push(u);
    const memberBuckets: Snapshot['memberships'][] = Array.from({ length: BUCKETS }, () => []);
    for (const m of memberships) memberBuckets[bucketOf(m.userId)].push(m);
    const files: Record<string, string> = {
      'head.json': JSON.stringify(rest),
      'catalogs.json': JSON.stringify(catalogs),
      'assets.json': `[${parts.join(',')}]`,
      'tickets.json': JSON.stringify(tickets),
    };
    for (let b = 0; b < BUCKETS; b++) {
      files[`assets-${b}.tsv`] = assetIndex[b].join('');
      files[`users-${b}.json`] = JSON.stringify(userBuckets[b]);
      files[`memberships-${b}.json`] = JSON.stringify(memberBuckets[b]);
    }
    const manifest: Manifest = { format: FORMAT, files: {}, sizes: {} };
    for (const [name, text] of Object.entries(files)) {
      const bytes = Buffer.from(text);
      writeFileSync(join(tmp, name), bytes);
      if (LARGE.has(name)) manifest.sizes[name] = bytes.length;
      else manifest.files[name] = sha256(bytes);
    }
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest));
    rmSync(dir, { recursive: true, force: true }); // a damaged entry of the same name
    renameSync(tmp, dir);
    prune(dirname(dir));
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Keeps the newest KEEP entries (and drops temporary folders older than an hour: a run that died mid-write). */
function prune(root: string): void {
  const entries = readdirSync(root)
    .filter((name) => name !== 'by-identity')
    .map((name) => ({ name, mtime: statSync(join(root, name)).mtimeMs }));
  const now = Date.now();
  for (const e of entries)
    if (e.name.endsWith('.tmp') && now - e.mtime > 3_600_000) rmSync(join(root, e.name), { recursive: true, force: true });
  const done = entries.filter((e) => !e.name.endsWith('.tmp')).sort((a, b) => b.mtime - a.mtime);
  for (const e of done.slice(KEEP)) rmSync(join(root, e.name), { recursive: true, force: true });
  // Identity names of removed entries lead nowhere (a miss); keep the newest few dozen.
  const ids = join(root, 'by-identity');
  if (!existsSync(ids)) return;
  const names = readdirSync(ids)
    .map((name) => ({ name, mtime: statSync(join(ids, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const e of names.slice(16 * KEEP)) rmSync(join(ids, e.name), { force: true });
}
