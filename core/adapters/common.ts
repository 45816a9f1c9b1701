// Reads every page kind shares: the demo platform marks the signed-in user on <body>.
import type { AttrRead } from './types';

export const SIGNED_IN_USER: AttrRead = { selector: 'body[data-ai-user-id]', attr: 'data-ai-user-id' };
export const ASSET_ROWS: AttrRead = { selector: '[data-ai-asset-id]', attr: 'data-ai-asset-id' };
export const TICKET_ROWS: AttrRead = { selector: '[data-ai-ticket-id]', attr: 'data-ai-ticket-id' };
export const PAGE_PROJECT: AttrRead = { selector: 'body[data-ai-project-id]', attr: 'data-ai-project-id' };
/** The page's own kind marker, which wins over the URL (core/adapters/index.ts). */
export const PAGE_MARKER: AttrRead = { selector: 'body[data-ai-page]', attr: 'data-ai-page' };
