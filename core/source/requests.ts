// What a caller may ask of the panel's data source: each method's request schema, which the hosts check before
// the engine sees a request (validated-source.ts). The answers' schemas live apart in schema.ts. They give the
// answers' types and the tests' contract checks, but no host parses an answer, so they stay out of the background's
// and the widget worker's bundles: ~300 zod schemas built at every worker start for nothing.
import { z } from 'zod';
import { MAX_EFFECT_IDS_LIMIT, MAX_PAGE_ROWS_LIMIT } from './limits';
import { COLLECTION_NAMES, ProjectRoleSchema, type CollectionName } from '../model/snapshot';
import { EFFECT_FILTERS, EFFECTS, TICKET_EFFECT_FILTERS } from '../model/effects';
import { HistoryTimeSchema } from '../model/history';
import type { DataSourceMethod } from './methods';

export const Id = z.string().min(1);
export const CollectionSchema = z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]);

export const EffectSchema = z.enum(EFFECTS);
const EffectFilterSchema = z.enum(EFFECT_FILTERS);
const TicketEffectFilterSchema = z.enum(TICKET_EFFECT_FILTERS);

/** Caps so one message never carries the whole fleet. */
const MAX_PAGE_ROWS = MAX_PAGE_ROWS_LIMIT;
const MAX_EFFECT_IDS = MAX_EFFECT_IDS_LIMIT;

/** A project role put in place of the user's own: a stored one, or a draft edited in the panel (normalised, R2). */
export const RoleOverrideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stored'), projectRoleId: Id }),
  z.object({ kind: z.literal('draft'), role: ProjectRoleSchema }),
]);
/** What the inspected user is compared with: another user, or themselves holding another project role. */
export const CompareAgainstSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id }),
  z.object({ kind: z.literal('role'), role: RoleOverrideSchema }),
]);
const CompareRequestSchema = z.object({
  userId: Id,
  against: CompareAgainstSchema,
  /** Role: the user gets it in this project (else it replaces their role wherever they have one). User: only this project. */
  projectId: Id.nullable().default(null),
});

const RoleImpactRequestSchema = z.object({
  /** The stored role edited (null: a new role). */
  roleId: Id.nullable(),
  /** The editor's unsaved state and the role as it opened them: untrusted page data, checked by the source. */
  draft: z.unknown(),
  opened: z.unknown().default(null),
  /** The "before" side in place of the stored role (after a save: the role as it was before). */
  baseline: z.unknown().default(null),
});

/**
 * Every request may carry `asOf` (an ISO time with a zone; null or absent = now): the answer is then the one the
 * data as of that moment gives (the cache's history undone back to it). validated-source.ts parses it once, for
 * every method, beside the method's own schema.
 */
export const AsOfRequestSchema = HistoryTimeSchema.nullable().default(null);

const PeriodSchema = z.object({ from: HistoryTimeSchema.nullable().default(null), to: HistoryTimeSchema.nullable().default(null) });
/** A period must not end before it starts (refined last: a refined object cannot be extended). */
const inOrder = (p: { from: string | null; to: string | null }) =>
  p.from === null || p.to === null || Date.parse(p.from) <= Date.parse(p.to);
const PERIOD_ORDER = { message: 'the period ends before it starts (to is earlier than from)', path: ['to'] };
export const TIMELINE_EXPORT_FORMATS = ['csv', 'markdown'] as const;

export const CountSchema = z.number().int().min(0);
const NoFields = z.object({});

/** Every method's request (keyed by methods.ts's names; the compiler checks both ways). */
export const DATA_SOURCE_REQUESTS = {
  syncStatus: NoFields,
  signedInUser: NoFields,
  searchUsers: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }),
  listProjects: NoFields,
  who: z.object({ userId: Id }),
  assignableRoles: z.object({ userId: Id, targetId: Id.nullable().default(null) }),
  verifyQueue: z.object({ userId: Id }),
  projectFacts: z.object({ userId: Id, projectId: Id }),
  explainAsset: z.object({ userId: Id, assetId: Id }),
  registration: z.object({ userId: Id }),
  /** The flip by its place in explainAsset's flips for this user and asset. */
  flipImpact: z.object({ userId: Id, assetId: Id, index: z.number().int().min(0).max(100) }),
  whoCanSee: z.object({ assetId: Id }),
  assetPage: z.object({
    userId: Id,
    query: z.string().max(200).default(''),
    effect: EffectFilterSchema.default('all'),
    offset: CountSchema.default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(100),
  }),
  assetEffects: z.object({ userId: Id, assetIds: z.array(Id).max(MAX_EFFECT_IDS) }),
  tickets: z.object({
    userId: Id,
    /** Only these tickets (e.g. the ones on the page), else all, paged. */
    ticketIds: z.array(Id).max(MAX_EFFECT_IDS).nullable().default(null),
    effect: TicketEffectFilterSchema.default('all'),
    offset: CountSchema.default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(200),
  }),
  compare: CompareRequestSchema,
  compareChanges: CompareRequestSchema.extend({
    /** Only changes with this before / after effect (null = any). */
    before: EffectSchema.nullable().default(null),
    after: EffectSchema.nullable().default(null),
    offset: CountSchema.default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(50),
  }),
  listProjectRoles: NoFields,
  overlayView: z.object({
    userId: Id,
    role: RoleOverrideSchema.nullable().default(null),
    projectId: Id.nullable().default(null),
    assetIds: z.array(Id).max(MAX_EFFECT_IDS).default([]),
    ticketIds: z.array(Id).max(MAX_EFFECT_IDS).default([]),
    names: z
      .array(z.object({ userId: Id, projectId: Id.nullable() }))
      .max(MAX_EFFECT_IDS)
      .default([]),
    userRowIds: z.array(Id).max(MAX_EFFECT_IDS).default([]),
    registrantIds: z.array(Id).max(MAX_EFFECT_IDS).default([]),
    /** The page's signed-in user: the answer then counts what each of the two sees in the whole fleet. */
    compareWith: Id.nullable().default(null),
  }),
  searchOrganizations: z.object({
    userId: Id.nullable().default(null),
    query: z.string().max(200).default(''),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  invitation: z.object({ userId: Id, organizationId: Id }),
  snapshotPart: z.object({
    collection: CollectionSchema,
    offset: CountSchema.default(0),
    limit: z.number().int().min(1).max(MAX_EFFECT_IDS).default(MAX_EFFECT_IDS),
  }),
  refresh: NoFields,
  roleImpact: RoleImpactRequestSchema.extend({
    holderOffset: CountSchema.default(0),
    holderLimit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(50),
  }),
  roleImpactAssets: RoleImpactRequestSchema.extend({
    userId: Id,
    projectId: Id,
    offset: CountSchema.default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(50),
  }),
  historyStatus: NoFields,
  timeline: PeriodSchema.extend({ userId: Id }).refine(inOrder, PERIOD_ORDER),
  sinceWhen: z.object({ userId: Id, assetId: Id }),
  /** A user's assets, or every holder of a project role in its projects, now against the moment `thenAt`. */
  compareThen: z
    .object({ thenAt: HistoryTimeSchema, userId: Id.nullable().default(null), roleId: Id.nullable().default(null) })
    .refine((r) => (r.userId === null) !== (r.roleId === null), { message: 'give exactly one of userId and roleId', path: ['userId'] }),
  timelineExport: PeriodSchema.extend({ userId: Id, format: z.enum(TIMELINE_EXPORT_FORMATS) }).refine(inOrder, PERIOD_ORDER),
} as const satisfies Record<DataSourceMethod, z.ZodType>;
