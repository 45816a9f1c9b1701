// `ticket`: whether a user sees a ticket, and with which asset and assignee names (R4, R5).
import { explainTicket } from '../../core/engine/tickets';
import { wordTicketDecision } from '../../core/wording/tickets';
import type { CliCommand } from '../command';
import { userText } from '../labels';
import { columns, mark, nameWithId } from '../text';

export const ticketCommand: CliCommand = {
  name: 'ticket',
  summary: 'whether a user sees a ticket, its asset and its assignee (R4, R5)',
  configure(cmd) {
    cmd
      .usage('--data <file> --user <id> --ticket <id> [--json]')
      .requiredOption('--user <id>', 'the user')
      .requiredOption('--ticket <id>', 'the ticket');
  },
  run({ fleet, opts }) {
    const f = fleet();
    const d = wordTicketDecision(f, explainTicket(f, String(opts.user), String(opts.ticket)));
    const t = f.snapshot.tickets[f.ticketIndex.get(d.ticketId)!];
    // Only what the decision itself carries is printed about the asset: a redacted ticket's asset name must not leak.
    const asset = t.assetId === null ? 'none' : d.assetName !== null ? nameWithId(d.assetName, t.assetId) : `${t.assetId} (name not shown)`;
    const assignee =
      t.assigneeId === null
        ? 'none'
        : d.assigneeName !== null
          ? nameWithId(d.assigneeName, t.assigneeId)
          : `${t.assigneeId} (name not shown)`;
    return {
      json: d,
      text: [
        `ticket: ${userText(f, d.userId)} → ticket ${nameWithId(t.title, d.ticketId)}`,
        `effect: ${d.effect}    asset: ${asset}    assignee: ${assignee}`,
        ...columns(d.steps.map((s) => [mark(s.ok), s.code, s.message])),
      ],
    };
  },
};
