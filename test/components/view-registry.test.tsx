// @vitest-environment happy-dom
// The panel's views as one registry: tab order and labels, which tabs each kind of page shows and which it opens on,
// each view's rules in the one stylesheet; views read the panel model, and new data keeps an answer on screen.
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_KINDS, type PageKind } from '../../core/adapters/types';
import { createDirectSource } from '../../core/source/direct-source';
import { PANEL_STYLESHEET } from '../../components/panel/stylesheet';
import { VIEWS } from '../../components/views';
import { defaultViewFor, viewsFor } from '../../components/views/view';
import { WhoView } from '../../components/views/WhoView';
import { fixtureSnapshot } from './fixture';
import { inPanel, panelModel, setStatus, syncedStatus } from './in-panel';

afterEach(cleanup);

const ALWAYS = ['Who', 'Assignable roles', 'Project', 'Assets', 'Tickets', 'Compare', 'Explain & export', 'View as'];
const labels = (kind: PageKind | null) => viewsFor(VIEWS, kind).map((v) => v.label);

describe('view registry', () => {
  it('lists the tabs in their order with their labels; Verify, Invite and Role impact only on their pages', () => {
    expect(VIEWS.map((v) => v.label)).toEqual([...ALWAYS, 'Verify', 'Invite', 'Role impact', 'History', 'Sync']);
    expect(labels(null)).toEqual([...ALWAYS, 'History', 'Sync']);
    expect(labels('registrations')).toEqual([...ALWAYS, 'Verify', 'History', 'Sync']);
    expect(labels('users')).toEqual([...ALWAYS, 'Invite', 'History', 'Sync']);
    expect(labels('user')).toEqual([...ALWAYS, 'Invite', 'History', 'Sync']);
    expect(labels('role')).toEqual([...ALWAYS, 'Role impact', 'History', 'Sync']);
    for (const kind of ['fleet', 'asset', 'tickets', 'feature', 'roles'] as const)
      expect(labels(kind)).toEqual([...ALWAYS, 'History', 'Sync']);
  });

  it('opens each kind of page on the tab that answers its question, Who elsewhere', () => {
    const want: Record<PageKind, string> = {
      fleet: 'assets',
      asset: 'assets',
      tickets: 'tickets',
      users: 'invite',
      user: 'roles',
      registrations: 'verify',
      feature: 'project',
      roles: 'who',
      role: 'roleImpact',
    };
    for (const kind of PAGE_KINDS) expect(defaultViewFor(VIEWS, kind).id, kind).toBe(want[kind]);
    expect(defaultViewFor(VIEWS, null).id).toBe('who');
  });

  it('has one view per id, at most one default per kind of page (shown on it), one view per outside request', () => {
    expect(new Set(VIEWS.map((v) => v.id)).size).toBe(VIEWS.length);
    for (const kind of PAGE_KINDS) {
      const defaults = VIEWS.filter((v) => v.defaultOn?.includes(kind));
      expect(defaults.length, kind).toBeLessThanOrEqual(1);
      for (const v of defaults) expect(viewsFor(VIEWS, kind), `${v.id} on ${kind}`).toContain(v);
    }
    expect(VIEWS.filter((v) => v.answers === 'explain').map((v) => v.id)).toEqual(['assets']);
    expect(VIEWS.filter((v) => v.answers === 'compare').map((v) => v.id)).toEqual(['compare']);
  });

  it('puts every view’s own rules into the panel’s one stylesheet, after the shared ones', () => {
    expect(PANEL_STYLESHEET.startsWith('\n:host { all: initial')).toBe(true);
    const own = VIEWS.filter((v) => v.css);
    expect(own.map((v) => v.id)).toEqual(['who', 'assets', 'tickets', 'compare', 'support', 'overlay', 'verify', 'history', 'sync']);
    for (const v of own) expect(PANEL_STYLESHEET, v.id).toContain(v.css!.trim());
  });
});

describe('views read the panel model', () => {
  it('a view outside a panel says so', () => {
    expect(() => render(<WhoView />)).toThrow(/outside a panel/);
  });

  it('new data keeps the answer on screen until the new one arrives (no "Loading…" after every sync)', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const model = panelModel({ source });
    render(inPanel(<WhoView />, model, 'u-tech'));
    await screen.findByRole('heading', { name: 'Tom Tech' });
    const renamed = fixtureSnapshot();
    renamed.users.find((u) => u.id === 'u-tech')!.name = 'Tom Renamed';
    source.setSnapshot(renamed);
    setStatus(model, syncedStatus(2));
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Tom Tech' })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Tom Renamed' })).toBeTruthy());
  });
});
