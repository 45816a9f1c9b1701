import { describe, expect, it } from 'vitest';
import { SettingsSchema, historyRetentionOf, originOf, originPattern, readSettings } from '../../core/messaging/settings';
import { parseLauncherPosition } from '../../core/messaging/launcher-position';

describe('extension settings', () => {
  it('accepts an https platform URL and drops a trailing slash', () => {
    const s = SettingsSchema.parse({ baseUrl: ' https://fleet.example.com/app/ ', apiKey: 'k' });
    expect(s.baseUrl).toBe('https://fleet.example.com/app');
    expect(s.syncIntervalMinutes).toBe(15);
  });

  it('keeps the history for 30 days and 64 MB unless told otherwise, within 1–365 days and 1–2048 MB', () => {
    const base = { baseUrl: 'https://fleet.example.com', apiKey: 'k' };
    expect(historyRetentionOf(SettingsSchema.parse(base))).toEqual({ days: 30, megabytes: 64 });
    expect(historyRetentionOf(SettingsSchema.parse({ ...base, historyDays: 7, historyMegabytes: 500 }))).toEqual({
      days: 7,
      megabytes: 500,
    });
    const bad = SettingsSchema.safeParse({ ...base, historyDays: 0, historyMegabytes: 4096 });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['historyDays', 'historyMegabytes']);
  });

  it('accepts plain http only on loopback', () => {
    expect(SettingsSchema.safeParse({ baseUrl: 'http://127.0.0.1:4173', apiKey: 'k' }).success).toBe(true);
    expect(SettingsSchema.safeParse({ baseUrl: 'http://localhost:8080/', apiKey: 'k' }).success).toBe(true);
    const remote = SettingsSchema.safeParse({ baseUrl: 'http://fleet.example.com', apiKey: 'k' });
    expect(remote.success).toBe(false);
    expect(remote.error?.issues[0].message).toMatch(/localhost/);
  });

  it('refuses URLs that are not web addresses or carry credentials, queries or fragments', () => {
    for (const baseUrl of [
      'fleet.example.com',
      'ftp://fleet.example.com',
      'https://user:pw@fleet.example.com',
      'https://f.example.com/?a=1',
      'https://f.example.com/#x',
    ]) {
      const r = SettingsSchema.safeParse({ baseUrl, apiKey: 'k' });
      expect(r.success, baseUrl).toBe(false);
      expect(r.error?.issues[0].path).toEqual(['baseUrl']);
    }
  });

  it('names the field when the API key or interval is wrong', () => {
    const r = SettingsSchema.safeParse({ baseUrl: 'https://f.example.com', apiKey: '  ', syncIntervalMinutes: 0.5 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(['apiKey', 'syncIntervalMinutes']);
  });

  it('treats unreadable stored settings as not configured', () => {
    expect(readSettings(undefined)).toBeNull();
    expect(readSettings({ baseUrl: 'nope', apiKey: 'k' })).toBeNull();
    expect(readSettings({ baseUrl: 'https://f.example.com', apiKey: 'k', syncIntervalMinutes: 5 })?.syncIntervalMinutes).toBe(5);
  });

  it('makes a match pattern for exactly the origin, with the port where the browser supports it', () => {
    expect(originOf('http://127.0.0.1:4173/base')).toBe('http://127.0.0.1:4173');
    expect(originPattern('http://127.0.0.1:4173')).toBe('http://127.0.0.1:4173/*');
    expect(originPattern('https://fleet.example.com')).toBe('https://fleet.example.com/*');
    expect(originPattern('http://127.0.0.1:4173', { portInPattern: false })).toBe('http://127.0.0.1/*');
  });

  it('reads a stored launcher position and rejects anything else', () => {
    expect(parseLauncherPosition({ side: 'left', top: 0.25 })).toEqual({ side: 'left', top: 0.25 });
    expect(parseLauncherPosition({ side: 'up', top: 0.25 })).toBeNull();
    expect(parseLauncherPosition({ side: 'left', top: 2 })).toBeNull();
    expect(parseLauncherPosition({ side: 'left', top: Number.NaN })).toBeNull();
    expect(parseLauncherPosition('left')).toBeNull();
  });
});
