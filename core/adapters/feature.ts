import { PAGE_PROJECT, SIGNED_IN_USER } from './common';
import type { PageAdapter } from './types';

/** A feature group's page (dashboards, alarms, …): what the project role grants there. */
export const featureAdapter: PageAdapter = {
  id: 'feature',
  urlPattern: '/features/:groupId',
  pageMarker: 'feature',
  reads: {
    userId: SIGNED_IN_USER,
    projectId: PAGE_PROJECT,
    featureGroupId: [{ selector: '[data-ai-feature-group]', attr: 'data-ai-feature-group' }, { urlParam: 'groupId' }],
  },
};
