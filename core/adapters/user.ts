import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import type { PageAdapter } from './types';

/** One user's page: the target of a role assignment. */
export const userAdapter: PageAdapter = {
  id: 'user',
  urlPattern: '/users/:userId',
  pageMarker: 'user',
  reads: {
    userId: SIGNED_IN_USER,
    projectId: PAGE_PROJECT,
    targetUserId: [{ selector: '[data-ai-target-user-id]', attr: 'data-ai-target-user-id' }, { urlParam: 'userId' }],
  },
  view: { opens: 'manageUsersOrSelf' },
};
