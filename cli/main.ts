// `access-inspector <command> --data <snapshot.json> [options] [--json]` (SPEC §4). Exit codes: 0 done,
// 1 lint found problems, 2 usage error, 3 invalid snapshot, 4 unknown id; 70 for an internal error (a bug).
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { compileFleet, type Fleet, UnknownIdError } from '../core/engine/fleet';
import type { CliCommand, CommandOutput } from './command';
import { COMMANDS } from './commands/index';
import { CliError, EXIT } from './errors';
import { loadSnapshot, UnreadableFileError } from './load';
import { terminalSafe } from './text';
import { asOfSnapshot, AS_OF_OPTION } from './as-of';
import { explainSlice } from './explain-slice';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal: raw outputs (CSV, Markdown) are then made safe to show like text. */
  isTTY?(): boolean;
}

const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: () => process.stdout.isTTY === true,
};

const INTERNAL_ERROR = 70;

const ID_KIND_WORDS: Record<UnknownIdError['kind'], string> = {
  user: 'user',
  asset: 'asset',
  ticket: 'ticket',
  project: 'project',
  projectRole: 'project role',
  organization: 'organization',
  site: 'site',
  systemRole: 'system role',
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('access-inspector')
    .description('Explains who can see and do what in a Smartlink fleet snapshot.')
    .usage('<command> --data <snapshot.json> [options] [--json]')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError()
    .helpCommand(false);

  for (const def of COMMANDS) {
    const cmd = program
      .command(def.name)
      .summary(def.summary)
      .description(def.summary)
      .requiredOption('--data <file>', 'the snapshot (JSON)');
    def.configure(cmd);
    // Issue 18: every question about the snapshot may be asked as of a past moment of its history section.
    if (def.asOf !== false) cmd.option(AS_OF_OPTION.flags, AS_OF_OPTION.description);
    cmd.option('--json', 'print one JSON document instead of text');
    for (const option of cmd.options) if (option.required) option.argParser(optionValue);
    cmd.action(() => {
      exitCode = execute(def, cmd, io);
    });
  }

  // SPEC §7: the command comes first; an option before it is a usage error (not a guess at what was meant).
  const first = argv[0];
  if (first !== undefined && first.startsWith('-') && !['-h', '--help'].includes(first)) {
    io.stderr(
      `error: the command comes first: ${terminalSafe(JSON.stringify(first))} is an option (usage: access-inspector <command> --data <snapshot.json> [options])\n`,
    );
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    // Commander has already printed the message and the usage; only --help ends with 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr(`access-inspector: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return INTERNAL_ERROR;
  }
  return exitCode;
}

/**
 * Every option that takes a value (SPEC §7): a missing value — the next word is another option — or an empty one is
 * a usage error; commander would otherwise take `--asset` as the user id in `--user --asset a-1`. A repeated option
 * keeps its last value.
 */
function optionValue(value: string): string {
  if (value === '') throw new InvalidArgumentError('the value is empty.');
  if (value.startsWith('--')) throw new InvalidArgumentError('the value is missing (the next word is an option).');
  return value;
}

function execute(def: CliCommand, cmd: Command, io: Io): number {
  const opts = cmd.opts<Record<string, string | boolean | undefined>>();
  const usageError = (message: string): never => cmd.error(`error: ${message}`, { exitCode: EXIT.usage, code: 'access-inspector.usage' });
  let output: CommandOutput;
  try {
    let snapshot;
    try {
      // As of a past moment the whole snapshot is read: its history can restore any record.
      snapshot = loadSnapshot(String(opts.data), undefined, opts.asOf === undefined ? def.assetNeed?.(opts) : undefined);
    } catch (e) {
      if (e instanceof UnreadableFileError) usageError(e.message);
      throw e;
    }
    const asOf = opts.asOf === undefined ? null : asOfSnapshot(snapshot, String(opts.asOf), usageError);
    if (asOf) {
      // Then, as now, explain compiles only its user, its asset and the catalogs.
      const need = def.assetNeed?.(opts);
      snapshot = need && !need.all ? explainSlice(asOf.snapshot, need.userId, need.assetId) : asOf.snapshot;
    }
    let fleet: Fleet | undefined;
    const loaded = snapshot;
    output = def.run({ snapshot, fleet: () => (fleet ??= compileFleet(loaded)), opts, usageError });
    if (asOf) output = asOf.mark(output);
  } catch (e) {
    if (e instanceof UnknownIdError) {
      io.stderr(terminalSafe(`unknown ${ID_KIND_WORDS[e.kind]} ${JSON.stringify(e.id)}`) + '\n');
      return EXIT.unknownId;
    }
    if (!(e instanceof CliError)) throw e;
    io.stderr(terminalSafe(e.lines.join('\n')) + '\n');
    return e.exitCode;
  }
  if (opts.json) io.stdout(JSON.stringify(output.json, null, 2) + '\n');
  else if (output.raw !== undefined) io.stdout(io.isTTY?.() ? terminalSafe(output.raw) : output.raw);
  else io.stdout(terminalSafe(output.text.join('\n')) + '\n');
  return output.exitCode ?? EXIT.ok;
}
