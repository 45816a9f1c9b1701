// @vitest-environment happy-dom
// Words for people: the panel never shows the model's enum values, counts say "1 asset", dates have one format.
import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { createDirectSource } from '../../core/source/direct-source';
import { whenText } from '../../components/freshness';
import { countOf } from '../../components/labels';
import { WhoView } from '../../components/views/WhoView';
import { fixtureSnapshot } from './fixture';
import { inPanel, panelModel } from './in-panel';

describe('words for people', () => {
  it('Who says "pending verification" and "customer center", never pendingVerification or customerCenter', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const model = panelModel({ source });
    const { container, rerender } = render(inPanel(<WhoView />, model, 'u-new'));
    await waitFor(() => expect(screen.getByText('pending verification')).toBeTruthy());
    rerender(inPanel(<WhoView />, model, 'u-tech'));
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

describe('search', () => {
  const source = createDirectSource({ snapshot: fixtureSnapshot() });
  it('finds users by name, e-mail, id and system role', async () => {
    const ids = async (query: string) => (await source.searchUsers({ query })).users.map((u) => u.id);
    expect(await ids('tom t')).toEqual(['u-tech']);
    expect(await ids('cora@')).toEqual(['u-cust']);
    expect(await ids('u-qm')).toEqual(['u-qm']);
    // By the system role's name: "Technician" is no user's name or e-mail here.
    expect(await ids('technician')).toEqual(['u-tech']);
  });

  it('finds assets by name, id, tag and site', async () => {
    const ids = async (query: string) => (await source.assetPage({ userId: 'u-admin', query })).rows.map((r) => r.assetId).sort();
    expect(await ids('pump p-7')).toEqual(['a-pump']);
    expect(await ids('a-depot')).toEqual(['a-depot']);
    expect(await ids('valves')).toEqual(['a-valve']);
    expect(await ids('cc depot')).toEqual(['a-depot']);
  });
});

describe('pending registrants', () => {
  it('say since when they wait, what they asked for and who may verify them, in Who and beside their explanation', async () => {
    const snapshot = fixtureSnapshot();
    const nina = snapshot.users.find((u) => u.id === 'u-new')!;
    nina.requestedRoleId = 'customer';
    const source = createDirectSource({ snapshot });
    const reg = (await source.registration({ userId: 'u-new' })).registration!;
    expect(reg.verifiers.map((v) => v.id)).toEqual(['u-qm']);
    expect((await source.registration({ userId: 'u-tech' })).registration).toBeNull();
    const { container } = render(inPanel(<WhoView />, { source, userId: 'u-new' }));
    await waitFor(() => expect(container.querySelector('[data-registration]')).not.toBeNull());
    const text = container.querySelector('[data-registration]')!.textContent!;
    expect(text).toMatch(/^Waiting for verification since 2 Jan 2026, \d\d:\d\d \(.+\); asked for Customer\./);
    expect(text).toContain('Can be verified by 1 Quote Manager: Quinn Quote.');
  });
});

describe('each fact once', () => {
  it('Project names the user’s project role once: in its summary, not again in the facts below', async () => {
    const { ProjectView } = await import('../../components/views/ProjectView');
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const { container } = render(inPanel(<ProjectView />, { source, userId: 'u-tech', context: { projectId: 'p1' }, idPrefix: 't' }));
    await waitFor(() => expect(container.querySelector('[data-code="PROJECT_ROLE"]')).not.toBeNull());
    const role = fixtureSnapshot().projectRoles.find(
      (r) => r.id === fixtureSnapshot().memberships.find((m) => m.userId === 'u-tech' && m.projectId === 'p1')!.projectRoleId,
    )!;
    expect(container.querySelector('[data-code="PROJECT_ROLE"]')!.textContent).toContain(role.name);
    expect([...container.querySelectorAll('dt')].map((d) => d.textContent)).not.toContain('Project role');
  });
});
