// R4/R5 ticket decision types: a leaf of types only, filled by core/engine/tickets.ts and worded by core/wording.
import type { AccessStepParams } from './access-types';
import type { AccessCode, TicketCode, TicketEffect } from './codes';

export interface TicketStepData extends AccessStepParams {
  code: TicketCode | AccessCode;
  ok: boolean;
  ticketId?: string;
  assigneeId?: string;
  /** The ticket names an asset id the snapshot does not hold. */
  assetMissing?: boolean;
  /** Names step: the assignee id names no user of the snapshot (SPEC §7: no name to show). */
  assigneeMissing?: boolean;
  /** ASSET_HIDDEN: the R3 step that hid the asset. */
  hiddenBy?: AccessCode;
}

/** Whether a user sees a ticket, as data: the outcome, the names it may show, and the steps that decided. */
export interface TicketDecision {
  userId: string;
  ticketId: string;
  effect: TicketEffect;
  /** The asset's name only when the ticket is visible with its asset; null when none, redacted or hidden. */
  assetName: string | null;
  /** The assignee's name when there is one and R5 shows it. */
  assigneeName: string | null;
  steps: TicketStepData[];
}
