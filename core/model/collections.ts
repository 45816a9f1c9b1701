// The snapshot's collections in dependency order (what a record refers to comes before it). Kept free of zod so
// code in the content script (exports, messaging) can name collections without pulling the schemas in.
const NAMES = ['organizations', 'sites', 'systemRoles', 'users', 'projects', 'projectRoles', 'memberships', 'assets', 'tickets'] as const;
export type CollectionName = (typeof NAMES)[number];
export const COLLECTION_NAMES: CollectionName[] = [...NAMES];
