// Reads the `--data` file: unreadable file → usage error (exit 2); invalid JSON or a snapshot that breaks the
// schema → exit 3 with every problem on its own line.
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../core/model/snapshot';
import { formatProblem, parseSnapshot } from '../core/model/validate';
import { CliError, EXIT } from './errors';
import { describeJsonError } from './json-error';

/** Thrown for a file that cannot be read; main turns it into a usage error of the running command. */
export class UnreadableFileError extends Error {}

export function loadSnapshot(path: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UnreadableFileError(`cannot read --data file ${JSON.stringify(path)}: ${why}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not an error worth failing on
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
