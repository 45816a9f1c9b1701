import { PAGE_PROJECT, ASSET_ROWS, SIGNED_IN_USER, TICKET_ROWS } from './common';
import type { PageAdapter } from './types';

/** The ticket list. */
export const ticketsAdapter: PageAdapter = {
  id: 'tickets',
  urlPattern: '/tickets',
  pageMarker: 'tickets',
  reads: { userId: SIGNED_IN_USER, projectId: PAGE_PROJECT, ticketIds: TICKET_ROWS, assetIds: ASSET_ROWS },
};
