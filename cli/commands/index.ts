// Every command, in SPEC §4's order (the order `--help` lists them).
import type { CliCommand } from '../command';
import { assignableCommand } from './assignable';
import { diffCommand } from './diff';
import { explainCommand } from './explain';
import { featuresCommand } from './features';
import { inviteCommand } from './invite';
import { lintCommand } from './lint';
import { ticketCommand } from './ticket';
import { timelineCommand } from './timeline';
import { verifyQueueCommand } from './verify-queue';
import { visibleCommand } from './visible';
import { whoCanSeeCommand } from './who-can-see';

export const COMMANDS: readonly CliCommand[] = [
  explainCommand,
  ticketCommand,
  visibleCommand,
  whoCanSeeCommand,
  featuresCommand,
  assignableCommand,
  inviteCommand,
  verifyQueueCommand,
  diffCommand,
  lintCommand,
  timelineCommand,
];
