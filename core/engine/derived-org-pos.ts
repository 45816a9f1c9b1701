// assetOrgPos derived on first read (issue 13): a loaded fleet's first answers test scope by each asset's site
// (userAssetsPacked, assetInUserScope), so the million-entry column is made only when something reads it whole (role
// impact, writing the image). A patch of such a fleet leaves it to be derived too, instead of deriving the old one to
// copy it: the column always is what compileFleet lays out, orgStart of the asset's site's organization, -1 without one.
import type { Fleet } from './fleet-types';
import { assetOrgPositions } from './fleet-patch-places';

/** Fleets whose assetOrgPos is derived when read, with whether it still is unread. */
const pending = new WeakMap<Fleet, () => boolean>();

/** Makes `fleet.assetOrgPos` derived from its asset sites and organization tree on first read (a write replaces it). */
export function deriveOrgPosWhenRead(fleet: Fleet): void {
  let value: Int32Array | null = null;
  Object.defineProperty(fleet, 'assetOrgPos', {
    enumerable: true,
    configurable: true,
    get: () => (value ??= assetOrgPositions(fleet.assetSite, fleet.siteOrg, fleet.orgStart)),
    set: (v: Int32Array) => {
      value = v;
    },
  });
  pending.set(fleet, () => value === null);
}

/** The fleet's assetOrgPos is derived when read and nothing read it yet (a patch then need not write it). */
export function orgPosUnread(fleet: Fleet): boolean {
  return pending.get(fleet)?.() ?? false;
}
