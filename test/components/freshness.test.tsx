// @vitest-environment happy-dom
// Freshness beside the answers: relative times, stale marked, sync errors readable (no query strings, no cursors).
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/source/data-source';
import { freshnessOf, relativeTime, STALE_AFTER_MS, withoutQueries } from '../../components/freshness';
import { FreshnessLine } from '../../components/views/FreshnessLine';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const status = (over: Partial<SyncStatus>): SyncStatus => ({
  state: 'idle',
  dataAsOf: null,
  progress: null,
  errors: [],
  quarantined: [],
  dataVersion: 1,
  ...over,
});

describe('freshness', () => {
  it('says how long ago in words, and "just now" for the last minute or a clock ahead', () => {
    expect(relativeTime('2026-12-05T11:57:00Z', NOW)).toBe('3 minutes ago');
    expect(relativeTime('2026-12-05T11:59:30Z', NOW)).toBe('just now');
    expect(relativeTime('2026-12-05T12:05:00Z', NOW)).toBe('just now');
    expect(relativeTime('2026-12-05T10:00:00Z', NOW)).toBe('2 hours ago');
    expect(relativeTime('2026-12-04T11:00:00Z', NOW)).toBe('yesterday');
  });

  it('marks data older than the stale limit, and no data at all', () => {
    expect(freshnessOf(status({ dataAsOf: '2026-12-05T11:57:00Z' }), NOW)).toMatchObject({
      text: 'Data as of 3 minutes ago',
      stale: false,
    });
    expect(freshnessOf(status({ dataAsOf: new Date(NOW - STALE_AFTER_MS - 1).toISOString() }), NOW).stale).toBe(true);
    expect(freshnessOf(status({}), NOW)).toMatchObject({ text: 'No data synced yet', stale: true });
  });

  it('words a sync error without the query strings of its addresses', () => {
    expect(withoutQueries('GET https://p.test/api/v1/assets?cursor=eyJhIjoxfQ&limit=500 failed: 500')).toBe(
      'GET https://p.test/api/v1/assets failed: 500',
    );
    const f = freshnessOf(
      status({ state: 'error', dataAsOf: '2026-12-05T11:00:00Z', errors: [{ message: 'https://p.test/x?cursor=abc: timeout', at: null }] }),
      NOW,
    );
    expect(f.error).toBe('https://p.test/x: timeout');
  });

  it('the line shows the age, the stale mark and the error where the answers are', () => {
    const { container } = render(
      <FreshnessLine
        status={status({
          state: 'error',
          dataAsOf: '2020-01-01T00:00:00Z',
          errors: [{ message: 'The platform refused the API key.', at: null }],
        })}
      />,
    );
    expect(container.querySelector('[data-freshness]')!.getAttribute('data-freshness')).toBe('stale');
    expect(container.textContent).toContain('stale, a sync is due');
    expect(container.querySelector('[data-sync-error]')!.textContent).toBe('Last sync failed: The platform refused the API key.');
  });
});
