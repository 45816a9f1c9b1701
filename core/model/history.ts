// Access over time (issue 18): one change of one record, and a history of them. Shared by the snapshot's optional
// `history` section, the platform's history endpoint (core/api/contract.ts) and the cache. Records stay `unknown`
// here: each reader validates them against its collection's schema where it uses them, so one bad record is named
// on its own instead of rejecting a whole history.
import { z } from 'zod';
import { COLLECTION_NAMES, type CollectionName } from './collections';

/** An instant with a time zone, as the platform's server times are written (serverTime of a sync page). */
export const HistoryTimeSchema = z.iso.datetime({ offset: true });

/** Who made a change: a user id (bounded: it is shown), or null when the platform does not say. */
/** Longest author name a history entry may carry. */
export const HISTORY_AUTHOR_MAX = 200;
export const HistoryAuthorSchema = z.string().min(1).max(HISTORY_AUTHOR_MAX).nullable();

const HistoryCollectionSchema = z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]);

/**
 * One change of one record: `before` is the record as it was (null: it did not exist), `after` as it became
 * (null: deleted). `key` is the record's key in its collection (core/api/contract.ts recordKey). `author` is the
 * user id of who made the change where the platform says so, else null.
 */
export const HistoryEntrySchema = z
  .object({
    collection: HistoryCollectionSchema,
    key: z.string().min(1),
    at: HistoryTimeSchema,
    author: HistoryAuthorSchema,
    before: z.unknown(),
    after: z.unknown(),
  })
  .refine((e) => !(e.before === null && e.after === null), {
    message: 'before and after are both null: that is no change',
    path: ['after'],
  });
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** A period in which changes may be missing; no cause inside or across it is claimed. */
export const HistoryGapSchema = z
  .object({ from: HistoryTimeSchema, to: HistoryTimeSchema, reason: z.string().min(1) })
  .refine((g) => Date.parse(g.from) <= Date.parse(g.to), { message: 'a gap ends before it starts', path: ['to'] });
export type HistoryGap = z.infer<typeof HistoryGapSchema>;

/**
 * A history, complete from `since` (but for its gaps): entries ordered by `at` (ties keep the feed's order), none
 * before `since`. State as of T ≥ since = the current state with every entry after T undone, newest first.
 */
export const HistorySchema = z
  .object({
    since: HistoryTimeSchema,
    entries: z.array(HistoryEntrySchema),
    gaps: z.array(HistoryGapSchema).default([]),
  })
  .superRefine((h, ctx) => {
    const since = Date.parse(h.since);
    let previous = Number.NEGATIVE_INFINITY;
    h.entries.forEach((e, i) => {
      const at = Date.parse(e.at);
      if (at < since)
        ctx.addIssue({
          code: 'custom',
          path: ['entries', i, 'at'],
          message: `change at ${e.at} is before the history's since (${h.since})`,
        });
      else if (at < previous)
        ctx.addIssue({
          code: 'custom',
          path: ['entries', i, 'at'],
          message: `change at ${e.at} is earlier than entries[${i - 1}] (entries must be ordered by time)`,
        });
      previous = Math.max(previous, at);
    });
  });
export type History = z.infer<typeof HistorySchema>;
