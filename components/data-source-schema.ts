// The wire shapes of the panel's data source (see data-source.ts). They cross a process boundary in the extension
// (content script ⇄ background), so each request and answer has a zod schema; the background validates what a
// page-side caller sends before it touches the engine. The content script imports only the *types* (data-source.ts),
// so zod never lands in its bundle.
import { z } from 'zod';
import { MAX_EFFECT_IDS_LIMIT, MAX_PAGE_ROWS_LIMIT } from './limits';
import { AUDIENCES, ORG_TYPES, USER_STATUSES } from '../core/model/catalog';

const Id = z.string().min(1);

export const EffectSchema = z.enum(['hidden', 'read', 'full']);
export const TicketEffectSchema = z.enum(['hidden', 'redacted', 'visible']);
export const EffectFilterSchema = z.enum(['all', 'hidden', 'read', 'full']);
export const TicketEffectFilterSchema = z.enum(['all', 'visible', 'redacted', 'hidden']);

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
      functions: z.array(AccessLevelSchema.extend({ id: z.string(), label: z.string(), letter: z.string(), code: z.string(), message: z.string() })),
    }),
  ),
  usedInProjects: z.array(ProjectRefSchema),
});

export const AssetExplanationSchema = z.object({
  userId: Id,
  assetId: Id,
  assetName: z.string(),
  projectId: Id,
  effect: EffectSchema,
  steps: z.array(StepSchema),
  flips: z.array(FlipSchema),
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
export const TicketPageSchema = z.object({ total: z.number().int().min(0), offset: z.number().int().min(0), rows: z.array(TicketDecisionSchema) });

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

/** Caps so one message never carries the whole fleet. */
export const MAX_PAGE_ROWS = MAX_PAGE_ROWS_LIMIT;
export const MAX_EFFECT_IDS = MAX_EFFECT_IDS_LIMIT;

/** Every method: one request object in, one answer out. */
export const DATA_SOURCE_METHODS = {
  syncStatus: { request: z.object({}), response: SyncStatusSchema },
  signedInUser: { request: z.object({}), response: z.object({ user: UserSummarySchema.nullable() }) },
  searchUsers: {
    request: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }),
    response: z.object({ users: z.array(UserSummarySchema) }),
  },
  listProjects: { request: z.object({}), response: z.object({ projects: z.array(ProjectRefSchema) }) },
  who: { request: z.object({ userId: Id }), response: z.object({ facts: WhoFactsSchema.nullable() }) },
  assignableRoles: {
    request: z.object({ userId: Id, targetId: Id.nullable().default(null) }),
    response: z.object({ result: AssignableRolesSchema.nullable() }),
  },
  verifyQueue: {
    request: z.object({ userId: Id }),
    response: z.object({ queue: VerifyQueueSchema.nullable() }),
  },
  projectFacts: {
    request: z.object({ userId: Id, projectId: Id }),
    response: z.object({ facts: ProjectFactsSchema.nullable() }),
  },
  explainAsset: {
    request: z.object({ userId: Id, assetId: Id }),
    response: z.object({ explanation: AssetExplanationSchema.nullable() }),
  },
  assetPage: {
    request: z.object({
      userId: Id,
      query: z.string().max(200).default(''),
      effect: EffectFilterSchema.default('all'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(100),
    }),
    response: AssetPageSchema,
  },
  assetEffects: {
    request: z.object({ userId: Id, assetIds: z.array(Id).max(MAX_EFFECT_IDS) }),
    /** Unknown ids are left out. */
    response: z.object({ rows: z.array(AssetRowSchema) }),
  },
  tickets: {
    request: z.object({
      userId: Id,
      /** Only these tickets (e.g. the ones on the page), else all, paged. */
      ticketIds: z.array(Id).max(MAX_EFFECT_IDS).nullable().default(null),
      effect: TicketEffectFilterSchema.default('all'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(200),
    }),
    response: TicketPageSchema,
  },
  refresh: { request: z.object({}), response: z.object({ started: z.boolean() }) },
} as const;

export type DataSourceMethod = keyof typeof DATA_SOURCE_METHODS;
export const DATA_SOURCE_METHOD_NAMES = Object.keys(DATA_SOURCE_METHODS) as DataSourceMethod[];
