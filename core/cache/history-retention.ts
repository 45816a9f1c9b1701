// How much history the cache keeps (issue 18): the user sets days and megabytes in the options; the sync compacts
// to them. Kept free of Dexie so the options page can validate the setting without the cache code.
import { z } from 'zod';

export const MIN_HISTORY_DAYS = 1;
export const MAX_HISTORY_DAYS = 365;
/** A month: what support asks about ("she could see it last week"), and what the demo platform keeps. */
export const DEFAULT_HISTORY_DAYS = 30;
export const MIN_HISTORY_MEGABYTES = 1;
export const MAX_HISTORY_MEGABYTES = 2048;
/**
 * 100,000 assets at 1% daily churn for 30 days are about 30,000 changes of ~1 KB each (record before and after):
 * about 30 MB. 64 MB holds that with room for a busier month, and stays well inside a browser's storage quota.
 */
export const DEFAULT_HISTORY_MEGABYTES = 64;

export const HistoryRetentionSchema = z.object({
  days: z.number().int().min(MIN_HISTORY_DAYS).max(MAX_HISTORY_DAYS).default(DEFAULT_HISTORY_DAYS),
  megabytes: z.number().int().min(MIN_HISTORY_MEGABYTES).max(MAX_HISTORY_MEGABYTES).default(DEFAULT_HISTORY_MEGABYTES),
});
export type HistoryRetention = z.infer<typeof HistoryRetentionSchema>;

export const DEFAULT_HISTORY_RETENTION: HistoryRetention = { days: DEFAULT_HISTORY_DAYS, megabytes: DEFAULT_HISTORY_MEGABYTES };

export const retentionBytes = (r: HistoryRetention): number => r.megabytes * 1024 * 1024;
export const DAY_MS = 86_400_000;
