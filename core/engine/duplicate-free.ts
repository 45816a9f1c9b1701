// Per fleet: the collections known to hold no record key twice (patchFleet replays by key, which would collapse a
// key held twice, so it checks a changed collection once and remembers it here). A fleet loaded from its image knows
// them from the image (checked when it was written), so its first patch reads no collection to check them.
import type { CollectionName } from '../model/collections';
import type { Fleet } from './fleet-types';

export const duplicateFree = new WeakMap<Fleet, ReadonlySet<CollectionName>>();
