// Reads the `--data` file: unreadable, not a regular file, or larger than the limit → usage error (exit 2); invalid
// JSON or a snapshot that breaks the schema → exit 3 with every problem on its own line.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Snapshot } from '../core/model/snapshot';
import { formatProblem, parseSnapshot } from '../core/model/validate';
import { CliError, EXIT } from './errors';
import { describeJsonError } from './json-error';

/** Thrown for a file that cannot be read; main turns it into a usage error of the running command. */
export class UnreadableFileError extends Error {}

/**
 * Largest `--data` file read, in bytes: 512 MiB by default — about ten times a 100,000-asset fleet, and about the
 * longest text Node can hold as one string. `ACCESS_INSPECTOR_MAX_DATA_BYTES` sets another (a positive integer).
 */
export const DEFAULT_MAX_DATA_BYTES = 512 * 1024 * 1024;
export const MAX_DATA_BYTES_ENV = 'ACCESS_INSPECTOR_MAX_DATA_BYTES';

export function maxDataBytes(env: NodeJS.ProcessEnv = process.env): number {
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
function readBounded(path: string, limit: number): Buffer {
  const cannot = (why: string) => new UnreadableFileError(`cannot read --data file ${JSON.stringify(path)}: ${why}`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw cannot(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw cannot('it is a directory');
    if (!stat.isFile()) throw cannot('it is not a regular file (a device, pipe or socket may never end)');
    const tooLarge = () => cannot(`it is larger than the limit of ${mib(limit)} (${limit} bytes; set ${MAX_DATA_BYTES_ENV} to change it)`);
    if (stat.size > limit) throw tooLarge();
    // One buffer of the size stat gave (+1 to notice growth); a file that grew is read on in chunks up to the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    let buf = Buffer.allocUnsafe(stat.size + 1);
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
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw cannot((e as Error).message);
  } finally {
    closeSync(fd);
  }
}

export function loadSnapshot(path: string, limit: number = maxDataBytes()): Snapshot {
  let text = readBounded(path, limit).toString('utf8');
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
