// R3 decision types (asset access, flips, who can see an asset): a leaf of types only. The engine fills them
// (access.ts, flips.ts, who-can-see.ts); the explain layer (core/wording) words them without importing the engine.
import type { AccessCode, Effect, FlipCode } from './codes';

/** Ids and facts a step refers to; the wording module turns them into the message. */
export interface AccessStepParams {
  userId?: string;
  status?: string;
  systemRoleId?: string;
  assetId?: string;
  siteId?: string;
  /** Organization id of the asset's site, as given (null when the site is not in the snapshot). */
  organizationId?: string | null;
  userOrganizationId?: string;
  /** How the default scope reaches the asset: the whole fleet (global/productCompany org) or the user's org subtree. */
  scopeBasis?: 'wholeFleet' | 'organization';
  /** Why a scope check failed. */
  scopeFailure?: 'outsideOrganization' | 'notInScopeList' | 'siteUnknown';
  /** The user's scope lists when set (null: not set). */
  scopeOrganizationIds?: string[] | null;
  scopeSiteIds?: string[] | null;
  matchedOrganizationId?: string;
  matchedSiteId?: string;
  projectId?: string;
  projectRoleId?: string;
  /** A membership whose project role id is not in the snapshot. */
  danglingProjectRoleId?: string;
  /** Tags the step is about (asset's readable/writable tags, or all of its tags when none qualifies). */
  tags?: string[];
  /** ASSETS_WRITE: what made tags not restrict write. */
  writeBasis?: 'noTagRestriction' | 'untaggedFullAccess';
}

export interface AccessStepData extends AccessStepParams {
  code: AccessCode;
  ok: boolean;
}

/** The one object a flip edits, with what it turns on. */
export type FlipEdit =
  | { object: 'user'; userId: string; status: 'active' }
  | { object: 'userScope'; userId: string; addSiteId: string }
  | { object: 'membership'; userId: string; projectId: string; projectRoleId: string }
  | {
      object: 'projectRole';
      projectRoleId: string;
      assetsEnabled: boolean;
      assetsRead: boolean;
      assetsWrite: boolean;
      fullAccessUntagged: boolean;
      tagRead: string[];
      tagWrite: string[];
    };

export interface FlipData {
  code: FlipCode;
  /** The effect the user would have on the asset after the edit. */
  effect: Effect;
  userId: string;
  siteId?: string;
  projectId?: string;
  projectRoleId?: string;
  tag?: string;
  /** The individual switches this edit turns on (the unit of minimality). */
  toggles: string[];
  edit: FlipEdit;
}

/** R3 for one user and one asset, as data: the steps walked (stopping at the first failure) and the flips. */
export interface AssetDecision {
  userId: string;
  assetId: string;
  effect: Effect;
  steps: AccessStepData[];
  flips: FlipData[];
  /** R9: the system role has canSeeDiagnostics and the asset passes R3 steps 1–3 (globalAdmin: steps 1–2). */
  diagnostics: boolean;
}

/** The deciding step without what belongs to one user (their id, organization, scope lists). */
export type AudienceReason = Pick<
  AccessStepData,
  | 'code'
  | 'ok'
  | 'status'
  | 'systemRoleId'
  | 'projectId'
  | 'projectRoleId'
  | 'danglingProjectRoleId'
  | 'scopeFailure'
  | 'siteId'
  | 'organizationId'
  | 'tags'
  | 'writeBasis'
>;

export interface AudienceGroup {
  effect: Effect;
  reason: AudienceReason;
  userIds: string[];
}

export interface AssetAudience {
  assetId: string;
  counts: Record<Effect, number>;
  /** Full first, then read, then hidden; within an effect, larger groups first. */
  groups: AudienceGroup[];
}
