// Exit codes of SPEC §4 and the one error type the commands throw to leave with one of them.

export const EXIT = {
  ok: 0,
  /** `lint` found problems. */
  findings: 1,
  usage: 2,
  invalidSnapshot: 3,
  unknownId: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as is: `lines` go to stderr, one a line, and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
  }
}
