// Short UI words for the engine's enums. The engine's own step and flip messages are shown as they come.
import type { Effect, TicketEffect } from '../core/source/data-source';

export const EFFECT_LABEL: Record<Effect, string> = { full: 'full', read: 'read', hidden: 'hidden' };
export const EFFECT_DESCRIPTION: Record<Effect, string> = {
  full: 'Full access (read and write)',
  read: 'Read only',
  hidden: 'Hidden',
};
export const TICKET_EFFECT_LABEL: Record<TicketEffect, string> = { visible: 'visible', redacted: 'redacted', hidden: 'hidden' };

/** Shown instead of a name the inspected user may not see (R4, R5). */
export const HIDDEN_USER_NAME = 'Name hidden';
export const REDACTED_ASSET_NAME = 'Asset name hidden (expert mode)';

export { AUDIENCE_WORDS, orgTypeWord, statusWord } from '../core/wording/words';

/** "1 asset", "2,000 assets". */
export const countOf = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
