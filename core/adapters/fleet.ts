import { PAGE_PROJECT, ASSET_ROWS, SIGNED_IN_USER } from './common';
import type { PageAdapter } from './types';

/** The fleet list: every asset the user sees, one row each. */
export const fleetAdapter: PageAdapter = {
  id: 'fleet',
  urlPattern: '/fleet',
  pageMarker: 'fleet',
  reads: { userId: SIGNED_IN_USER, projectId: PAGE_PROJECT, assetIds: ASSET_ROWS },
  view: { accessWords: { full: 'Edit', read: 'View only', hidden: 'No access' } },
};
