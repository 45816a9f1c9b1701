// One row of the ticket list (R4, R5): the ticket, its effect for the user and the engine's steps.
import { explainTicket, type Fleet } from '../engine';
import { wordTicketDecision } from '../wording/tickets';
import type { TicketDecision } from '../source/data-source';

export function ticketDecision(fleet: Fleet, userId: string, ticketIdx: number): TicketDecision {
  const t = fleet.snapshot.tickets[ticketIdx];
  const d = wordTicketDecision(fleet, explainTicket(fleet, userId, t.id));
  return {
    ticketId: t.id,
    title: t.title,
    projectId: t.projectId,
    effect: d.effect,
    assetId: t.assetId,
    // The engine already withholds a redacted or hidden ticket's asset name; never add it back here.
    assetName: d.assetName,
    assigneeId: t.assigneeId,
    assigneeName: d.assigneeName,
    steps: d.steps.map((s) => ({ code: s.code, ok: s.ok, message: s.message })),
  };
}
