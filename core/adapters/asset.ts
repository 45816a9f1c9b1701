import { PAGE_PROJECT, ASSET_ROWS, SIGNED_IN_USER, TICKET_ROWS } from './common';
import type { PageAdapter } from './types';

/** One asset's page, with its tickets. */
export const assetAdapter: PageAdapter = {
  id: 'asset',
  urlPattern: '/assets/:assetId',
  pageMarker: 'asset',
  reads: {
    userId: SIGNED_IN_USER,
    projectId: PAGE_PROJECT,
    assetDetailId: [{ selector: '[data-ai-asset-detail-id]', attr: 'data-ai-asset-detail-id' }, { urlParam: 'assetId' }],
    assetIds: ASSET_ROWS,
    ticketIds: TICKET_ROWS,
  },
  view: { opens: 'assetVisible', accessWords: { full: 'View and edit', read: 'View only' } },
};
