// The wire shapes of the panel's data source (see data-source.ts): each method's request (requests.ts) and its
// answer (here). They cross a process boundary in the extension (content script ⇄ background). The hosts parse
// requests only, so this file is for the answers' types and the tests' contract checks: no host bundle imports it.
// The content script imports only the *types* (data-source.ts), so zod never lands in its bundle.
import { z } from 'zod';
import { MAX_HISTORY_ASSET_IDS } from './limits';
import { AUDIENCES, ORG_TYPES, USER_STATUSES } from '../model/catalog';
import { ProjectRoleSchema } from '../model/snapshot';
import { ATTRIBUTIONS } from '../history/walk';
import type { DataSourceMethod } from './methods';
import { TICKET_EFFECTS } from '../model/effects';
import { CollectionSchema, CountSchema, EffectSchema, Id, TIMELINE_EXPORT_FORMATS } from './requests';

export { CompareAgainstSchema, RoleOverrideSchema } from './requests';

const TicketEffectSchema = z.enum(TICKET_EFFECTS);

/** A reason with its stable code and the engine's plain-English wording. */
export const ReasonSchema = z.object({ code: z.string(), message: z.string() });
export const StepSchema = ReasonSchema.extend({ ok: z.boolean() });
/** One edit that would raise the effect (SPEC §6 flip details): the ids it touches and the effect it gives. */
export const FlipSchema = ReasonSchema.extend({
  effect: EffectSchema.nullable(),
  ids: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

export const UserSummarySchema = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  status: z.enum(USER_STATUSES),
  organizationId: Id,
  organizationName: z.string().nullable(),
  organizationType: z.enum(ORG_TYPES).nullable(),
  systemRoleId: Id.nullable(),
  systemRoleName: z.string().nullable(),
});

export const SyncStateSchema = z.enum(['empty', 'idle', 'syncing', 'error']);
export const QuarantinedRecordSchema = z.object({
  collection: z.string(),
  key: z.string().nullable(),
  path: z.string(),
  message: z.string(),
});
export const SyncStatusSchema = z.object({
  state: SyncStateSchema,
  /** ISO time the cached data is current as of (server time of the last complete sync), null before any. */
  dataAsOf: z.string().nullable(),
  /** While syncing: records applied so far and, when the server says, how many in all. */
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0).nullable() }).nullable(),
  errors: z.array(z.object({ message: z.string(), at: z.string().nullable() })),
  quarantined: z.array(QuarantinedRecordSchema),
  /** Changes whenever the cached data changes, so views know to ask again. */
  dataVersion: z.number().int(),
});

export const ProjectRefSchema = z.object({ id: Id, name: z.string() });

export const MembershipFactSchema = z.object({
  projectId: Id,
  projectName: z.string().nullable(),
  projectRoleId: Id,
  projectRoleName: z.string().nullable(),
});

export const WhoFactsSchema = z.object({
  user: UserSummarySchema,
  systemRole: z
    .object({ id: Id, name: z.string(), level: z.number().int(), audience: z.enum(AUDIENCES), orgTypes: z.array(z.enum(ORG_TYPES)) })
    .nullable(),
  /** All permissions of the catalog, in its order, each granted or not. */
  permissions: z.array(z.object({ id: z.string(), label: z.string(), granted: z.boolean() })),
  scope: z.object({ organizationIds: z.array(z.string()).nullable(), siteIds: z.array(z.string()).nullable() }).nullable(),
  memberships: z.array(MembershipFactSchema),
});

export const AssignableRoleSchema = z.object({
  roleId: Id,
  roleName: z.string(),
  level: z.number().int(),
  allowed: z.boolean(),
  reasons: z.array(ReasonSchema),
});
export const AssignableRolesSchema = z.object({
  userId: Id,
  targetId: Id.nullable(),
  targetName: z.string().nullable(),
  roles: z.array(AssignableRoleSchema),
});

const AccessLevelSchema = z.object({ read: z.boolean(), write: z.boolean() });
export const ProjectFactsSchema = z.object({
  userId: Id,
  projectId: Id,
  projectName: z.string().nullable(),
  projectRoleId: Id.nullable(),
  projectRoleName: z.string().nullable(),
  /** Why the user has what they have here (PROJECT_ROLE, NO_PROJECT_ROLE, SYSTEM_FULL_ACCESS, USER_NOT_ACTIVE). */
  summary: ReasonSchema,
  location: z.object({ lat: z.number(), lng: z.number(), zoom: z.number() }).nullable(),
  expertMode: z.boolean(),
  fullAccessUntagged: z.boolean(),
  tags: z.array(AccessLevelSchema.extend({ tag: z.string() })),
  /** Feature switches in catalog order, each with its functions and whether its menu item shows. */
  groups: z.array(
    z.object({
      groupId: z.string(),
      label: z.string(),
      letter: z.string(),
      /** The role's stored switch (true for everyone-full-access users without a role). */
      enabled: z.boolean(),
      menuVisible: z.boolean(),
      /** Each function's effective access for this user, with the engine's reason. */
      functions: z.array(
        AccessLevelSchema.extend({ id: z.string(), label: z.string(), letter: z.string(), code: z.string(), message: z.string() }),
      ),
    }),
  ),
  usedInProjects: z.array(ProjectRefSchema),
});

export const AssetExplanationSchema = z.object({
  userId: Id,
  assetId: Id,
  assetName: z.string(),
  projectId: Id,
  /** The project's name (null when the project is not in the data): copied text names it. */
  projectName: z.string().nullable().default(null),
  effect: EffectSchema,
  steps: z.array(StepSchema),
  flips: z.array(FlipSchema),
  /** What would still block once the deciding step is fixed ("also: no project role in …"), in R3 order. */
  alsoBlocking: z.array(ReasonSchema).default([]),
  diagnostics: z.boolean(),
});

export const AssetRowSchema = z.object({
  assetId: Id,
  name: z.string(),
  effect: EffectSchema,
  /** The step that decided: the first failing one, else the last (granting) one. */
  firstReason: ReasonSchema.nullable(),
});
export const AssetPageSchema = z.object({ total: z.number().int().min(0), offset: z.number().int().min(0), rows: z.array(AssetRowSchema) });

export const TicketDecisionSchema = z.object({
  ticketId: Id,
  title: z.string(),
  projectId: Id,
  effect: TicketEffectSchema,
  assetId: Id.nullable(),
  /** Null when the ticket has no asset, is redacted or hidden (R4): a redacted ticket's asset name never leaves the source. */
  assetName: z.string().nullable(),
  assigneeId: Id.nullable(),
  /** Null when there is no assignee or R5 hides the name. */
  assigneeName: z.string().nullable(),
  steps: z.array(StepSchema),
});
export const TicketPageSchema = z.object({
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  rows: z.array(TicketDecisionSchema),
});

export const RoleRefSchema = z.object({ id: Id, name: z.string() });
/** R8: the registrants a Quote Manager may verify, oldest first, each with the suggested and allowed roles. */
export const VerifyQueueSchema = z.object({
  userId: Id,
  pending: z.array(
    z.object({
      userId: Id,
      name: z.string(),
      email: z.string(),
      organizationId: Id,
      organizationName: z.string().nullable(),
      createdAt: z.string().nullable(),
      requestedRoleId: z.string().nullable(),
      suggestedRole: RoleRefSchema.nullable(),
      allowedRoles: z.array(RoleRefSchema),
    }),
  ),
});

// ---- journeys: compare, the page overlay, invitations, export --------------------------------------------------

const LevelSchema = z.enum(['none', 'read', 'write']);
export const CompareSummarySchema = z.object({
  userId: Id,
  userName: z.string(),
  /** Who or what the user is compared with, in words. */
  againstLabel: z.string(),
  projectId: Id.nullable(),
  projectName: z.string().nullable(),
  assets: z.object({
    changed: z.number().int().min(0),
    gained: z.number().int().min(0),
    lost: z.number().int().min(0),
    /** Counts per before→after pair, most frequent first. */
    transitions: z.array(z.object({ before: EffectSchema, after: EffectSchema, count: z.number().int().min(1) })),
  }),
  functions: z.array(
    z.object({ projectId: Id, projectName: z.string(), id: z.string(), label: z.string(), before: LevelSchema, after: LevelSchema }),
  ),
  menu: z.array(
    z.object({ projectId: Id, projectName: z.string(), groupId: z.string(), label: z.string(), before: z.boolean(), after: z.boolean() }),
  ),
  /** System roles the user may assign (R6, no target) that change; empty when only a project role changes. */
  assignable: z.array(z.object({ roleId: Id, roleName: z.string(), before: z.boolean(), after: z.boolean() })),
});
export const CompareChangeSchema = z.object({ assetId: Id, name: z.string(), before: EffectSchema, after: EffectSchema });

export const OverlayViewSchema = z.object({
  userId: Id,
  userName: z.string(),
  systemRoleName: z.string().nullable(),
  /** The project role put in place of the user's own, when one was. */
  roleName: z.string().nullable(),
  projectId: Id.nullable(),
  projectName: z.string().nullable(),
  /** Unknown ids are left out of these lists (the page may show records the cache does not hold yet). */
  assets: z.array(z.object({ assetId: Id, effect: EffectSchema })),
  tickets: z.array(z.object({ ticketId: Id, effect: TicketEffectSchema, assigneeHidden: z.boolean() })),
  names: z.array(z.object({ userId: Id, projectId: Id.nullable(), visible: z.boolean() })),
  /** Menu item per feature group in the page's project (R1, §6); empty without a project. */
  menu: z.array(z.object({ groupId: z.string(), visible: z.boolean() })),
  /** The user is active and holds manageUsers (the users pages and the Administration menu, R6). */
  manageUsers: z.boolean().default(false),
  /** The user verifies self-registrations (active Quote Manager, R8). */
  verifier: z.boolean().default(false),
  /** Projects the user has a role in (every project for a Global Admin): the platform's project picker. */
  projectIds: z.array(Id).nullable().default(null),
  /** Rows of a users list: the user's organization lies in the viewed user's scope (only with manageUsers, R6). */
  userRows: z.array(z.object({ userId: Id, manageable: z.boolean() })).default([]),
  /** Rows of a registrations queue: the registrant waits in the viewed user's own queue (R8). */
  registrants: z.array(z.object({ userId: Id, inQueue: z.boolean() })).default([]),
  /** Whole-fleet counts for the viewed user and for `compareWith` (null when none was asked for). */
  totals: z
    .object({
      visibleAssets: z.number().int().min(0),
      visibleTickets: z.number().int().min(0),
      compareWith: z.object({ userId: Id, visibleAssets: z.number().int().min(0), visibleTickets: z.number().int().min(0) }).nullable(),
    })
    .nullable()
    .default(null),
});

export const OrganizationRefSchema = z.object({
  id: Id,
  name: z.string(),
  type: z.enum(ORG_TYPES),
  /** The organization lies in the asking user's organization scope (R6–R8), null without a user. */
  inScope: z.boolean().nullable(),
});
export const InvitationFactsSchema = z.object({
  inviterId: Id,
  organizationId: Id,
  organizationName: z.string(),
  defaultRole: RoleRefSchema.nullable(),
  allowedRoles: z.array(RoleRefSchema),
  /** Checks that block the whole invitation (no Manage users, organization out of scope). */
  blocking: z.array(ReasonSchema),
  /** Why the default is what it is (INVITE_DEFAULT_INVITER_ROLE / INVITE_NO_DEFAULT_ROLE). */
  note: ReasonSchema.nullable(),
  /** Every other role with its failing checks. */
  deniedRoles: z.array(RoleRefSchema.extend({ reasons: z.array(ReasonSchema) })),
});

// ---- Engineering → Roles: the effect of a role edit on the fleet, while it is edited ------------------------------

const EffectCountsSchema = z.object({
  gained: CountSchema,
  lost: CountSchema,
  hidden: CountSchema,
  revealed: CountSchema,
  transitions: z.array(z.object({ before: EffectSchema, after: EffectSchema, count: CountSchema })),
});
const TicketCountsSchema = z.object({ visible: CountSchema, redacted: CountSchema, hidden: CountSchema });
/** A refusal of Save or a lint finding: its code, the field it is about and the wording. */
export const RoleFindingSchema = z.object({ code: z.string(), path: z.string(), message: z.string() });
export const RoleHolderSchema = z.object({
  userId: Id,
  userName: z.string(),
  projectId: Id,
  projectName: z.string(),
  /** ROLE_DECIDES, USER_NOT_ACTIVE or SYSTEM_FULL_ACCESS, with its wording. */
  code: z.string(),
  message: z.string(),
  assets: EffectCountsSchema,
  tickets: TicketCountsSchema,
  functions: CountSchema,
  menu: CountSchema,
});
export const RoleImpactSchema = z.object({
  roleId: z.string().nullable(),
  roleName: z.string(),
  /** The totals first, in words. */
  headline: z.string(),
  usedIn: z.array(ProjectRefSchema),
  totals: z.object({
    holders: CountSchema,
    users: CountSchema,
    projects: CountSchema,
    decidingUsers: CountSchema,
    assets: EffectCountsSchema.extend({
      hiddenAssets: CountSchema,
      hiddenFromUsers: CountSchema,
      hiddenInProjects: CountSchema,
      revealedAssets: CountSchema,
      revealedToUsers: CountSchema,
      revealedInProjects: CountSchema,
    }),
    tickets: TicketCountsSchema.extend({ users: CountSchema }),
  }),
  functions: z.array(z.object({ id: z.string(), label: z.string(), before: LevelSchema, after: LevelSchema, users: CountSchema })),
  menu: z.array(z.object({ groupId: z.string(), label: z.string(), before: z.boolean(), after: z.boolean(), users: CountSchema })),
  /** Holders, most affected first (a page of them: holderOffset/holderLimit). */
  holders: z.array(RoleHolderSchema),
  holdersOffset: CountSchema,
});
export const RoleImpactAnswerSchema = z.object({
  /** The role is not in the synced data (a new role, or one the cache does not hold yet). */
  known: z.boolean(),
  /** The stored role's version in the synced data (null when unknown). */
  storedVersion: z.string().nullable(),
  /** Fields where the synced role differs from the role as the editor opened it (someone else saved meanwhile). */
  changedSinceOpened: z.array(z.string()),
  /** Fields the draft changes against the role as opened (unsaved changes). */
  unsaved: z.array(z.string()),
  /** Why the platform would refuse Save (the same check as its API). */
  refusals: z.array(RoleFindingSchema),
  /** The draft's lint findings (tags no asset carries, untagged access without tags, a role used in no project). */
  lint: z.array(RoleFindingSchema),
  /** Null when the draft is too broken to evaluate (the refusals say why). */
  impact: RoleImpactSchema.nullable(),
});

/** Who can see one asset: every user, grouped by effect and the reason that decided it (R3 for every user). */
export const AssetAudienceSchema = z.object({
  assetId: Id,
  assetName: z.string(),
  counts: z.object({ full: z.number().int().min(0), read: z.number().int().min(0), hidden: z.number().int().min(0) }),
  groups: z.array(
    z.object({
      effect: EffectSchema,
      /** The deciding step's code and its words for the group. */
      code: z.string(),
      reason: z.string(),
      users: z.array(z.object({ id: Id, name: z.string(), email: z.string(), systemRoleName: z.string().nullable() })),
    }),
  ),
});

/** A self-registrant waiting for verification (R8): since when, what they asked for, who may verify them. */
export const RegistrationSchema = z.object({
  userId: Id,
  createdAt: z.string().nullable(),
  requestedRoleId: Id.nullable(),
  requestedRoleName: z.string().nullable(),
  verifiers: z.array(z.object({ id: Id, name: z.string(), email: z.string() })),
});

/** What one flip of an asset explanation would do beyond the inspected user. */
export const FlipImpactSchema = z.object({
  /** 'role': a project role changes for all its holders; 'user': only this user changes. */
  reach: z.enum(['role', 'user']),
  headline: z.string(),
  /** The edited role, to open as a draft in Compare (role edits). */
  draft: ProjectRoleSchema.nullable(),
  /** The role and project to compare with (a new membership). */
  projectRoleId: Id.nullable(),
  projectId: Id.nullable(),
});

// ---- access over time (issue 18): the history's own answers ----------------------------------------------------

/** A period in which changes may be missing (no cause inside or across it is claimed), with its words. */
export const HistoryGapFactSchema = z.object({ from: z.string(), to: z.string(), reason: z.string(), text: z.string() });

/**
 * Carried by an answer given as of a past moment (absent on answers about now): the moment, the oldest moment the
 * history answers for, the gaps after the moment (the state then may miss changes made in them) and a heading.
 */
export const AsOfFactsSchema = z.object({
  at: z.string(),
  historySince: z.string(),
  gaps: z.array(HistoryGapFactSchema),
  text: z.string(),
});

export const AttributionSchema = z.enum(ATTRIBUTIONS);
export const ChangeKindSchema = z.enum(['created', 'changed', 'deleted']);

/** One recorded change of one record, as a cause of an access change. */
export const HistoryCauseSchema = z.object({
  collection: CollectionSchema,
  key: z.string(),
  kind: ChangeKindSchema,
  at: z.string(),
  /** Who made it (a user id) and their name, when the platform says. */
  author: z.string().nullable(),
  authorName: z.string().nullable(),
  /** What the change did, worded ("role «Technician» lost read on tag «compressor»"). */
  text: z.string(),
  /** For a role change: how many other users (and their assets) the same change moved; null when not counted. */
  otherUsers: z.number().int().min(0).nullable(),
  otherAssets: z.number().int().min(0).nullable(),
});

const AssetIdsSampleSchema = z.object({ count: z.number().int().min(0), assetIds: z.array(Id).max(MAX_HISTORY_ASSET_IDS) });

/** Assets whose effect moved the same way for the same causes at one moment. */
export const EffectChangeGroupFactSchema = AssetIdsSampleSchema.extend({
  from: EffectSchema,
  to: EffectSchema,
  /** How the causes are tied to it (CAUSE, ALL_NEEDED, TOGETHER, GAP) and its words. */
  attribution: AttributionSchema,
  attributionText: z.string(),
  /** "133 assets hidden for Tara and 12 other users". */
  text: z.string(),
  causes: z.array(HistoryCauseSchema),
});

/** One moment the user's asset access changed. */
export const TimelineEventFactSchema = z.object({
  at: z.string(),
  causes: z.array(HistoryCauseSchema),
  groups: z.array(EffectChangeGroupFactSchema),
  /** Assets whose effect rose (hidden → read → full) / fell, counted over the groups, with the first ids. */
  gained: AssetIdsSampleSchema,
  lost: AssetIdsSampleSchema,
  /** The most other users one of its changes moved (null when none was counted). */
  otherUsers: z.number().int().min(0).nullable(),
  /** Several changes made it together (ALL_NEEDED or TOGETHER): no single one is named the cause. */
  together: z.boolean(),
  /** The gap this moment lies in, when it does (no cause is claimed then). */
  gap: HistoryGapFactSchema.nullable(),
});

export const TimelineFactsSchema = z.object({
  userId: Id,
  userName: z.string(),
  from: z.string(),
  to: z.string(),
  events: z.array(TimelineEventFactSchema),
  /** Gaps that overlap the period. */
  gaps: z.array(HistoryGapFactSchema),
});

export const SinceWhenFactsSchema = z.object({
  userId: Id,
  assetId: Id,
  assetName: z.string(),
  effect: EffectSchema,
  /**
   * CHANGED: the effect holds since `since`, made so by `causes`. BEFORE_HISTORY: it held already when the history
   * starts (`since` = its start). AFTER_GAP: at least since the end of `gap`; nothing earlier is claimed.
   */
  code: z.enum(['CHANGED', 'BEFORE_HISTORY', 'AFTER_GAP']),
  since: z.string(),
  previous: EffectSchema.nullable(),
  attribution: AttributionSchema.nullable(),
  attributionText: z.string().nullable(),
  causes: z.array(HistoryCauseSchema),
  gap: HistoryGapFactSchema.nullable(),
  text: z.string(),
});

/** Assets gained or lost since then, grouped by the change that last moved them. */
export const ThenNowGroupFactSchema = AssetIdsSampleSchema.extend({
  from: EffectSchema,
  to: EffectSchema,
  at: z.string(),
  attribution: AttributionSchema,
  attributionText: z.string(),
  causes: z.array(HistoryCauseSchema),
});
export const ThenNowHolderSchema = z.object({
  userId: Id,
  userName: z.string(),
  gained: z.array(ThenNowGroupFactSchema),
  lost: z.array(ThenNowGroupFactSchema),
  gainedCount: z.number().int().min(0),
  lostCount: z.number().int().min(0),
});
export const CompareThenFactsSchema = z.object({
  subject: z.object({ kind: z.enum(['user', 'role']), id: Id, name: z.string() }),
  thenAt: z.string(),
  nowAt: z.string(),
  /** One entry for a user; for a role, each user holding it then or now whose assets moved (in its projects). */
  holders: z.array(ThenNowHolderSchema),
  gaps: z.array(HistoryGapFactSchema),
});

export const HistoryStatusSchema = z.object({
  /** From when the history is complete (but for its gaps). */
  since: z.string(),
  count: z.number().int().min(0),
  /** The cache's size of it (null when the history came from a snapshot file). */
  bytes: z.number().int().min(0).nullable(),
  retention: z.object({ days: z.number().int().min(0), megabytes: z.number().int().min(0) }).nullable(),
  /** Time of the oldest and newest change kept (null when none is). */
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
  gaps: z.array(HistoryGapFactSchema),
});

export const TimelineExportSchema = z.object({
  format: z.enum(TIMELINE_EXPORT_FORMATS),
  filename: z.string(),
  mimeType: z.string(),
  text: z.string(),
});

/** Every method's answer (keyed by methods.ts's names; the compiler checks both ways). */
export const DATA_SOURCE_ANSWERS = {
  syncStatus: SyncStatusSchema,
  signedInUser: z.object({ user: UserSummarySchema.nullable() }),
  searchUsers: z.object({ users: z.array(UserSummarySchema) }),
  listProjects: z.object({ projects: z.array(ProjectRefSchema) }),
  who: z.object({ facts: WhoFactsSchema.nullable() }),
  assignableRoles: z.object({ result: AssignableRolesSchema.nullable() }),
  verifyQueue: z.object({ queue: VerifyQueueSchema.nullable() }),
  projectFacts: z.object({ facts: ProjectFactsSchema.nullable() }),
  explainAsset: z.object({ explanation: AssetExplanationSchema.nullable() }),
  /** Null when the user is not a registrant waiting for verification. */
  registration: z.object({ registration: RegistrationSchema.nullable() }),
  flipImpact: z.object({ impact: FlipImpactSchema.nullable() }),
  whoCanSee: z.object({ audience: AssetAudienceSchema.nullable() }),
  assetPage: AssetPageSchema,
  /** Unknown ids are left out. */
  assetEffects: z.object({ rows: z.array(AssetRowSchema) }),
  tickets: TicketPageSchema,
  compare: z.object({ summary: CompareSummarySchema.nullable() }),
  compareChanges: z.object({ total: z.number().int().min(0), offset: z.number().int().min(0), rows: z.array(CompareChangeSchema) }),
  listProjectRoles: z.object({ roles: z.array(ProjectRoleSchema) }),
  overlayView: z.object({ view: OverlayViewSchema.nullable() }),
  searchOrganizations: z.object({ total: z.number().int().min(0), organizations: z.array(OrganizationRefSchema) }),
  invitation: z.object({ result: InvitationFactsSchema.nullable() }),
  /** `present` false: the collection is absent from the snapshot (systemRoles: the default catalog applies). */
  snapshotPart: z.object({
    collection: CollectionSchema,
    present: z.boolean(),
    total: z.number().int().min(0),
    records: z.array(z.unknown()),
  }),
  refresh: z.object({ started: z.boolean() }),
  roleImpact: RoleImpactAnswerSchema,
  roleImpactAssets: z.object({ total: CountSchema, offset: CountSchema, rows: z.array(CompareChangeSchema) }),
  /** Null while the data has no history (nothing synced since the history started, or a file without one). */
  historyStatus: z.object({ history: HistoryStatusSchema.nullable() }),
  /** Null for a user unknown now and in the history. */
  timeline: z.object({ timeline: TimelineFactsSchema.nullable() }),
  sinceWhen: z.object({ since: SinceWhenFactsSchema.nullable() }),
  compareThen: z.object({ comparison: CompareThenFactsSchema.nullable() }),
  timelineExport: z.object({ export: TimelineExportSchema.nullable() }),
} as const satisfies Record<DataSourceMethod, z.ZodType>;
