// The data source's method names, once. No zod and no imports: the content script's remote source builds its
// methods from this list. The compiler keeps the rest complete against it: requests.ts's DATA_SOURCE_REQUESTS,
// schema.ts's DATA_SOURCE_ANSWERS and DirectSource's dispatch table are typed as records over these names (a missing
// or extra method does not compile).
export const DATA_SOURCE_METHOD_NAMES = [
  'syncStatus',
  'signedInUser',
  'searchUsers',
  'listProjects',
  'who',
  'assignableRoles',
  'verifyQueue',
  'projectFacts',
  'explainAsset',
  'registration',
  'flipImpact',
  'whoCanSee',
  'assetPage',
  'assetEffects',
  'tickets',
  'compare',
  'compareChanges',
  'listProjectRoles',
  'overlayView',
  'searchOrganizations',
  'invitation',
  'snapshotPart',
  'refresh',
  'roleImpact',
  'roleImpactAssets',
  'historyStatus',
  'timeline',
  'sinceWhen',
  'compareThen',
  'timelineExport',
] as const;
export type DataSourceMethod = (typeof DATA_SOURCE_METHOD_NAMES)[number];

/**
 * Methods that answer about now whatever `asOf` a request carries: the sync's own, and the history's, which take
 * their moments as fields (from/to, thenAt) and answer about the history as a whole. Every other method answers
 * `asOf` from the data as of that moment.
 */
export const NOW_ONLY_METHOD_NAMES = [
  'syncStatus',
  'refresh',
  'historyStatus',
  'timeline',
  'sinceWhen',
  'compareThen',
  'timelineExport',
] as const satisfies readonly DataSourceMethod[];
