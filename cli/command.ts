// What one CLI command is: its name, options and a pure `run` that turns the loaded snapshot into a JSON document
// and readable lines. main.ts does the plumbing (parsing, loading, printing, exit codes) once for all of them.
import type { Command } from 'commander';
import type { Fleet } from '../core/engine/fleet';
import type { Snapshot } from '../core/model/snapshot';
import type { ExitCode } from './errors';
import type { AssetNeed } from './snapshot-cache';

export type Options = Record<string, string | boolean | undefined>;

export interface RunContext {
  snapshot: Snapshot;
  /** The compiled snapshot, built on first use. */
  fleet(): Fleet;
  opts: Options;
  /** Leaves with a usage error (exit 2) of this command, printing its usage. */
  usageError(message: string): never;
}

export interface CommandOutput {
  json: unknown;
  /** Readable lines; printed without a trailing blank line. */
  text: string[];
  /** A document printed as is instead of `text` (CSV, Markdown: meant for a file; made terminal-safe on a terminal). */
  raw?: string;
  exitCode?: ExitCode;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Adds the command's own options (`--data` and `--json` are added for every command). */
  configure(cmd: Command): void;
  /**
   * What the command reads of the assets, when less than all: then the loader gives it a snapshot with only that
   * asset's first record and no tickets, which must leave its output unchanged (explain: test/cli/explain-slice.test.ts).
   */
  assetNeed?(opts: Options): AssetNeed;
  run(ctx: RunContext): CommandOutput;
  /** false: the command takes no `--as-of` (it reads the history itself, like `timeline`). */
  asOf?: false;
}
