// Reads the `--data` file: unreadable, not a regular file, or larger than the limit → usage error (exit 2); invalid
// JSON or a snapshot that breaks the schema → exit 3 with every problem on its own line.
import { closeSync, fstatSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import type { Snapshot } from '../core/model/snapshot';
import { formatProblem, parseSnapshot } from '../core/model/validate';
import { CliError, EXIT } from './errors';
import { explainSlice } from './explain-slice';
import { describeJsonError } from './json-error';
import {
  entryByIdentity,
  entryFor,
  fileIdentity,
  readEntry,
  rememberIdentity,
  writeEntry,
  type AssetNeed,
  type FileIdentity,
} from './snapshot-cache';

/** Thrown for a file that cannot be read; main turns it into a usage error of the running command. */
export class UnreadableFileError extends Error {}

/**
 * Largest `--data` file read, in bytes: 512 MiB by default — about ten times a 100,000-asset fleet, and about the
 * longest text Node can hold as one string. `ACCESS_INSPECTOR_MAX_DATA_BYTES` sets another (a positive integer).
 */
export const DEFAULT_MAX_DATA_BYTES = 512 * 1024 * 1024;
export const MAX_DATA_BYTES_ENV = 'ACCESS_INSPECTOR_MAX_DATA_BYTES';

function maxDataBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_DATA_BYTES_ENV];
  if (raw === undefined || raw === '') return DEFAULT_MAX_DATA_BYTES;
  if (!/^[1-9]\d*$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw.trim()))) {
    throw new UnreadableFileError(`${MAX_DATA_BYTES_ENV} must be a positive whole number of bytes, not ${JSON.stringify(raw)}`);
  }
  return Number(raw.trim());
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;

/**
 * The file's bytes, at most `limit`. Only regular files: a device (/dev/zero), a FIFO or a socket may never end.
 * The size is checked before reading and again while reading (a file may grow in between), so memory stays bounded.
 */
function readBounded(path: string, limit: number): { bytes: Buffer; identity: FileIdentity | null } {
  const cannot = (why: string) => new UnreadableFileError(`cannot read --data file ${JSON.stringify(path)}: ${why}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw cannot(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message,
    );
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (stat.isDirectory()) throw cannot('it is a directory');
    if (!stat.isFile()) throw cannot('it is not a regular file (a device, pipe or socket may never end)');
    const tooLarge = () => cannot(`it is larger than the limit of ${mib(limit)} (${limit} bytes; set ${MAX_DATA_BYTES_ENV} to change it)`);
    if (stat.size > BigInt(limit)) throw tooLarge();
    // One buffer of the size stat gave (+1 to notice growth); a file that grew is read on in chunks up to the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    let buf = Buffer.allocUnsafe(Number(stat.size) + 1);
    let at = 0;
    for (;;) {
      const n = readSync(fd, buf, at, buf.length - at, null);
      if (n === 0) break;
      at += n;
      total += n;
      if (total > limit) throw tooLarge();
      if (at === buf.length) {
        chunks.push(buf);
        buf = Buffer.allocUnsafe(Math.min(16 * 2 ** 20, limit - total + 1));
        at = 0;
      }
    }
    chunks.push(buf.subarray(0, at));
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    // The identity may name these bytes only when the file did not change while it was read.
    const after = fstatSync(fd, { bigint: true });
    const identity = sameFile(stat, after) && after.size === BigInt(total) ? fileIdentity(resolve(path), after) : null;
    return { bytes, identity };
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw cannot((e as Error).message);
  } finally {
    closeSync(fd);
  }
}

/**
 * The validated snapshot of `path`. A file validated before (same bytes, same code) comes from the cache
 * (snapshot-cache.ts) without parsing and checking it again; `need` says whether the command reads every asset or
 * only one (then the snapshot holds only that asset's first record and no tickets).
 */
export function loadSnapshot(path: string, limit: number = maxDataBytes(), need: AssetNeed = { all: true }): Snapshot {
  // By identity first: a regular file within the limit whose identity names an entry is not even read.
  try {
    const stat = statSync(path, { bigint: true });
    if (stat.isFile() && stat.size <= BigInt(limit)) {
      const entry = entryByIdentity(fileIdentity(resolve(path), stat));
      const cached = entry === null ? null : readEntry(entry, need);
      if (cached) return sliceFor(cached, need);
    }
  } catch {
    // readBounded below reports what is wrong with the file
  }
  const { bytes, identity } = readBounded(path, limit);
  const entry = entryFor(bytes);
  const cached = entry === null ? null : readEntry(entry, need);
  if (cached) {
    if (identity) rememberIdentity(identity, entry!);
    return sliceFor(cached, need);
  }
  const snapshot = parseAndValidate(path, bytes);
  if (entry !== null) {
    writeEntry(entry, snapshot);
    if (identity) rememberIdentity(identity, entry);
  }
  return sliceFor(snapshot, need);
}

const sliceFor = (snapshot: Snapshot, need: AssetNeed) => (need.all ? snapshot : explainSlice(snapshot, need.userId, need.assetId));

const sameFile = (a: BigIntStats, b: BigIntStats) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

function parseAndValidate(path: string, bytes: Buffer): Snapshot {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // SPEC §7: a UTF-8 byte-order mark is skipped
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(EXIT.invalidSnapshot, [`${path}: invalid JSON at ${describeJsonError(text, e)}`]);
  }
  const parsed = parseSnapshot(json);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    throw new CliError(EXIT.invalidSnapshot, [
      `${path}: invalid snapshot (${n} problem${n === 1 ? '' : 's'})`,
      ...parsed.problems.map(formatProblem),
    ]);
  }
  return parsed.value;
}
