// The one interface the panel reads through. Every view asks a DataSource; none touches Dexie, the engine or a
// browser API. Two implementations: validatedSource(new DirectSource(…)) (engine in the same process: widget,
// background, tests) and remote-source.ts (the content script, calling the background over extension messages).
// Types only here: they come from the zod schemas in schema.ts, so the content script bundles no zod.
import type { z } from 'zod';
import type {
  AsOfFactsSchema,
  AssetAudienceSchema,
  AssetExplanationSchema,
  AssetRowSchema,
  AssignableRolesSchema,
  CompareAgainstSchema,
  CompareChangeSchema,
  CompareSummarySchema,
  CompareThenFactsSchema,
  DATA_SOURCE_ANSWERS,
  EffectChangeGroupFactSchema,
  HistoryCauseSchema,
  HistoryGapFactSchema,
  HistoryStatusSchema,
  SinceWhenFactsSchema,
  ThenNowGroupFactSchema,
  ThenNowHolderSchema,
  TimelineEventFactSchema,
  TimelineExportSchema,
  TimelineFactsSchema,
  FlipImpactSchema,
  InvitationFactsSchema,
  OrganizationRefSchema,
  OverlayViewSchema,
  ProjectFactsSchema,
  RegistrationSchema,
  RoleFindingSchema,
  RoleHolderSchema,
  RoleImpactAnswerSchema,
  RoleImpactSchema,
  RoleOverrideSchema,
  SyncStatusSchema,
  TicketDecisionSchema,
  UserSummarySchema,
  VerifyQueueSchema,
  WhoFactsSchema,
} from './schema';

import type { DataSourceMethod } from './methods';
import type { DATA_SOURCE_REQUESTS } from './requests';

export type { DataSourceMethod } from './methods';
export type { Effect, EffectFilter, TicketEffect, TicketEffectFilter } from '../model/effects';
export type UserSummary = z.infer<typeof UserSummarySchema>;
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
export type WhoFacts = z.infer<typeof WhoFactsSchema>;
export type AssignableRoles = z.infer<typeof AssignableRolesSchema>;
export type VerifyQueue = z.infer<typeof VerifyQueueSchema>;
export type ProjectFacts = z.infer<typeof ProjectFactsSchema>;
export type AssetExplanation = z.infer<typeof AssetExplanationSchema>;
export type AssetRow = z.infer<typeof AssetRowSchema>;
export type TicketDecision = z.infer<typeof TicketDecisionSchema>;
export type RoleOverride = z.infer<typeof RoleOverrideSchema>;
export type CompareAgainst = z.infer<typeof CompareAgainstSchema>;
export type CompareSummary = z.infer<typeof CompareSummarySchema>;
export type CompareChange = z.infer<typeof CompareChangeSchema>;
export type OverlayView = z.infer<typeof OverlayViewSchema>;
export type OrganizationRef = z.infer<typeof OrganizationRefSchema>;
export type InvitationFacts = z.infer<typeof InvitationFactsSchema>;
export type RoleFinding = z.infer<typeof RoleFindingSchema>;
export type RoleHolder = z.infer<typeof RoleHolderSchema>;
export type RoleImpactFacts = z.infer<typeof RoleImpactSchema>;
export type RoleImpactAnswer = z.infer<typeof RoleImpactAnswerSchema>;
export type AssetAudience = z.infer<typeof AssetAudienceSchema>;
export type Registration = z.infer<typeof RegistrationSchema>;
export type FlipImpact = z.infer<typeof FlipImpactSchema>;

export type AsOfFacts = z.infer<typeof AsOfFactsSchema>;
export type HistoryGapFact = z.infer<typeof HistoryGapFactSchema>;
export type HistoryCause = z.infer<typeof HistoryCauseSchema>;
export type EffectChangeGroupFact = z.infer<typeof EffectChangeGroupFactSchema>;
export type TimelineEventFact = z.infer<typeof TimelineEventFactSchema>;
export type TimelineFacts = z.infer<typeof TimelineFactsSchema>;
export type SinceWhenFacts = z.infer<typeof SinceWhenFactsSchema>;
export type ThenNowGroupFact = z.infer<typeof ThenNowGroupFactSchema>;
export type ThenNowHolder = z.infer<typeof ThenNowHolderSchema>;
export type CompareThenFacts = z.infer<typeof CompareThenFactsSchema>;
export type HistoryStatus = z.infer<typeof HistoryStatusSchema>;
export type TimelineExport = z.infer<typeof TimelineExportSchema>;

/**
 * Every request may ask for the answer as of a past moment (`asOf`: ISO time with a zone; null/absent = now), and
 * every answer so given carries `asOf` (AsOfFacts); answers about now have none. The seam handles both for every
 * method (validated-source.ts parses, DirectSource answers from the data as of then). NOW_ONLY_METHOD_NAMES
 * (methods.ts: the sync's and the history's own methods) ignore it.
 */
export interface AsOfRequest {
  asOf?: string | null;
}
export interface AsOfAnswer {
  asOf?: AsOfFacts;
}

/** A request's own fields: an empty schema's input type is an index of `never`, which would refuse `asOf`. */
type OwnFields<T> = string extends keyof T ? Record<never, never> : T;

/** What a caller may send (defaults may be left out) and what it gets back, per method. */
export type RequestOf<M extends DataSourceMethod> = OwnFields<z.input<(typeof DATA_SOURCE_REQUESTS)[M]>> & AsOfRequest;
export type ResponseOf<M extends DataSourceMethod> = z.infer<(typeof DATA_SOURCE_ANSWERS)[M]> & AsOfAnswer;
/** A request after the schema parsed it: checked, every default applied. What the answering side receives. */
export type ParsedRequestOf<M extends DataSourceMethod> = OwnFields<z.output<(typeof DATA_SOURCE_REQUESTS)[M]>> & AsOfRequest;

/** Request/answer methods: each takes one request object (optional where every field is) and resolves to its answer. */
export type DataSourceCalls = {
  [M in DataSourceMethod]: Record<never, never> extends RequestOf<M>
    ? (request?: RequestOf<M>) => Promise<ResponseOf<M>>
    : (request: RequestOf<M>) => Promise<ResponseOf<M>>;
};
/** The answering side's table: the same methods over parsed requests. */
export type ParsedCalls = { [M in DataSourceMethod]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

interface StatusFeed {
  /**
   * Calls `listener` with the sync status whenever it or the cached data changes (`dataVersion` moves on a data
   * change). Returns the unsubscribe function.
   */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export interface DataSource extends DataSourceCalls, StatusFeed {}

/** What answers (DirectSource): trusts its requests, so only validatedSource / handleDataSourceRequest may call it. */
export interface ParsedSource extends StatusFeed {
  readonly calls: ParsedCalls;
}
