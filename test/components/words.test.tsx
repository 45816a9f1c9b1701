// @vitest-environment happy-dom
// Words for people: the panel never shows the model's enum values, counts say "1 asset", dates have one format.
import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { DirectSource } from '../../components/direct-source';
import { whenText } from '../../components/freshness';
import { countOf } from '../../components/labels';
import { WhoView } from '../../components/views/WhoView';
import { fixtureSnapshot } from './fixture';

describe('words for people', () => {
  it('Who says "pending verification" and "customer center", never pendingVerification or customerCenter', async () => {
    const source = new DirectSource({ snapshot: fixtureSnapshot() });
    const { container, rerender } = render(<WhoView source={source} userId="u-new" dataVersion={1} />);
    await waitFor(() => expect(screen.getByText('pending verification')).toBeTruthy());
    rerender(<WhoView source={source} userId="u-tech" dataVersion={1} />);
    await waitFor(() => expect(container.textContent).toContain('CC North (customer center)'));
    expect(container.textContent).not.toMatch(/pendingVerification|customerCenter|productCompany/);
  });

  it('counts agree in number and dates read the same everywhere', () => {
    expect(countOf(1, 'asset')).toBe('1 asset');
    expect(countOf(2000, 'asset')).toBe('2,000 assets');
    expect(whenText('2026-01-02T10:00:00Z', Date.parse('2026-01-02T10:05:00Z'))).toMatch(/^2 Jan 2026, \d\d:\d\d \(5 minutes ago\)$/);
    expect(whenText('not a date')).toBe('not a date');
  });
});
