import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import type { PageAdapter } from './types';

/** Pending self-registrations waiting for a Quote Manager. */
export const registrationsAdapter: PageAdapter = {
  id: 'registrations',
  urlPattern: '/registrations',
  pageMarker: 'registrations',
  reads: {
    userId: SIGNED_IN_USER,
    projectId: PAGE_PROJECT,
    registrantIds: { selector: '[data-ai-registrant-id]', attr: 'data-ai-registrant-id' },
  },
  view: { opens: 'manageUsersOrVerifier' },
};
