// The extension's settings (options page → storage → background). The API key is a secret: it is stored only in
// the extension origin's IndexedDB (core/messaging/settings-storage.ts: content scripts cannot read it there), sent
// only as the API key header to the configured origin, and never logged or echoed.
import { z } from 'zod';
import { HistoryRetentionSchema, type HistoryRetention } from '../cache/history-retention';

export const SETTINGS_KEY = 'settings';

export const MIN_SYNC_MINUTES = 1;
export const MAX_SYNC_MINUTES = 24 * 60;
export const DEFAULT_SYNC_MINUTES = 15;

/** A platform base URL: http(s), no credentials, query or fragment; a trailing slash is dropped. */
export const BaseUrlSchema = z
  .string()
  .trim()
  .min(1, 'enter the platform URL')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({
        code: 'custom',
        message: `the platform URL must start with https:// (or http:// on this computer), not ${url.protocol}`,
      });
      return z.NEVER;
    }
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'plain http:// is allowed only for localhost / 127.0.0.1; use https://' });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'the platform URL must not contain a user name, password, query or #fragment' });
      return z.NEVER;
    }
    return url.origin + url.pathname.replace(/\/+$/, '');
  });

export const SettingsSchema = z.object({
  baseUrl: BaseUrlSchema,
  apiKey: z.string().trim().min(1, 'enter the API key').max(500, 'the API key is too long'),
  syncIntervalMinutes: z.number().int().min(MIN_SYNC_MINUTES).max(MAX_SYNC_MINUTES).default(DEFAULT_SYNC_MINUTES),
  /**
   * How much history of changes the cache keeps (issue 18): days and megabytes, each within the retention's bounds
   * (core/cache/history-retention.ts). Absent = the defaults (30 days, 64 MB); settings saved before they existed
   * stay valid.
   */
  historyDays: HistoryRetentionSchema.shape.days.removeDefault().optional(),
  historyMegabytes: HistoryRetentionSchema.shape.megabytes.removeDefault().optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The history retention these settings ask for, the defaults filling what they leave out. */
export function historyRetentionOf(settings: Pick<Settings, 'historyDays' | 'historyMegabytes'>): HistoryRetention {
  return HistoryRetentionSchema.parse({ days: settings.historyDays, megabytes: settings.historyMegabytes });
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** The origin of a (validated) base URL. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/**
 * The match pattern for every page of exactly one origin: `origin + '/*'`, the port included (Chrome matches
 * ports). Firefox rejects ports in match patterns and matches every port of the host instead, so it gets the
 * host-only form; there the content script's own origin check (isPlatformUrl) keeps other ports out.
 */
export function originPattern(origin: string, options: { portInPattern: boolean } = { portInPattern: true }): string {
  const url = new URL(origin);
  return options.portInPattern ? `${url.origin}/*` : `${url.protocol}//${url.hostname}/*`;
}

/** Settings read from storage: anything unreadable counts as "not configured" rather than throwing. */
export function readSettings(stored: unknown): Settings | null {
  const parsed = SettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
