import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import type { PageAdapter } from './types';

/** The user list. */
export const usersAdapter: PageAdapter = {
  id: 'users',
  urlPattern: '/users',
  pageMarker: 'users',
  reads: { userId: SIGNED_IN_USER, projectId: PAGE_PROJECT },
  view: { opens: 'manageUsers' },
};
