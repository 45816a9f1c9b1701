// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { compileFleet } from '../../core/engine/fleet';
import { assignableRoles, explainAsset } from '../engine/worded';
import { createDirectSource } from '../../core/source/direct-source';
import { AssetsView } from '../../components/views/AssetsView';
import { AssignableRolesView } from '../../components/views/AssignableRolesView';
import { ProjectView } from '../../components/views/ProjectView';
import { SyncView } from '../../components/views/SyncView';
import { TicketsView } from '../../components/views/TicketsView';
import { WhoView } from '../../components/views/WhoView';
import { fixtureSnapshot, HOSTILE_NAME, SECRET_ASSET_NAME } from './fixture';
import { inPanel, panelModel, setStatus, syncedStatus } from './in-panel';

afterEach(cleanup);

const snapshot = fixtureSnapshot();
const fleet = compileFleet(snapshot);
const source = () => createDirectSource({ snapshot });

describe('WhoView', () => {
  it('shows the system role, level, audience and every permission with its label', async () => {
    render(inPanel(<WhoView />, { source: source(), userId: 'u-tech' }));
    expect(await screen.findByRole('heading', { name: 'Tom Tech' })).toBeTruthy();
    expect(screen.getByText('Technician')).toBeTruthy();
    const facts = screen.getByRole('heading', { name: 'Tom Tech' }).parentElement!;
    expect(facts.textContent).toContain('Level3');
    expect(facts.textContent).toContain('Audienceinternal');
    const permissions = document.querySelectorAll('[data-permission]');
    expect(permissions).toHaveLength(14);
    expect(document.querySelector('[data-permission="addMachineToSite"]')!.textContent).toContain('granted');
    expect(document.querySelector('[data-permission="manageUsers"]')!.textContent).toContain('not granted');
    expect(screen.getByText('Plant One: Pump reader')).toBeTruthy();
  });
});

describe('AssignableRolesView', () => {
  it('lists each role allowed or denied with the engine’s reasons for the page’s target user', async () => {
    const engine = assignableRoles(fleet, 'u-qm', 'u-new');
    render(inPanel(<AssignableRolesView />, { source: source(), userId: 'u-qm', context: { targetUserId: 'u-new' } }));
    expect(await screen.findByText('Roles this user may assign to Nina New.')).toBeTruthy();
    for (const r of engine.roles) {
      const row = document.querySelector(`[data-role-id="${r.roleId}"]`)!;
      expect(row.textContent).toContain(r.allowed ? 'Allowed' : 'Denied');
      for (const reason of r.reasons) expect(row.textContent).toContain(reason.message);
    }
    expect(engine.roles.find((r) => r.roleId === 'customer')!.allowed).toBe(true);
    expect(document.querySelector('[data-role-id="pcInternal"] [data-code="ROLE_ABOVE_ASSIGNER"]')).toBeTruthy();
  });

  it('shows the roles the user may give first and folds the denials, with their reasons, below', async () => {
    const engine = assignableRoles(fleet, 'u-qm', 'u-new');
    render(inPanel(<AssignableRolesView />, { source: source(), userId: 'u-qm', context: { targetUserId: 'u-new' } }));
    await screen.findByText('Roles this user may assign to Nina New.');
    const rows = [...document.querySelectorAll('[data-role-id]')];
    const denied = document.querySelector('details.denied-roles')!;
    expect(denied.hasAttribute('open')).toBe(false);
    expect(rows.filter((r) => !denied.contains(r)).map((r) => r.getAttribute('data-role-id'))).toEqual(
      engine.roles.filter((r) => r.allowed).map((r) => r.roleId),
    );
    expect(rows.filter((r) => denied.contains(r)).map((r) => r.getAttribute('data-role-id'))).toEqual(
      engine.roles.filter((r) => !r.allowed).map((r) => r.roleId),
    );
    expect(denied.querySelector('summary')!.textContent).toBe(
      `Denied: ${engine.roles.filter((r) => !r.allowed).length} roles, with the reasons`,
    );
  });

  it('shows a Quote Manager’s verification queue and checks the roles for a picked registrant', async () => {
    render(
      inPanel(<AssignableRolesView />, { source: source(), userId: 'u-qm', context: { targetUserId: null, registrantIds: ['u-new'] } }),
    );
    expect(await screen.findByText(/no target user/)).toBeTruthy();
    const item = await waitFor(() => document.querySelector('[data-registrant-id="u-new"]')!);
    expect(item.textContent).toContain('(on this page)');
    expect(item.textContent).toContain('Suggested role: Customer');
    fireEvent.click(screen.getByRole('button', { name: 'Check roles for Nina New' }));
    expect(await screen.findByText('Roles this user may assign to Nina New.')).toBeTruthy();
    expect(document.querySelector('[data-role-id="customer"]')!.textContent).toContain('Allowed');
    expect(document.querySelector('[data-role-id="distributor"] [data-code="ROLE_NOT_FOR_ORG_TYPE"]')).toBeTruthy();
  });
});

describe('ProjectView', () => {
  it('shows the role, location, expert mode, tags, switches, menu items and projects using the role', async () => {
    render(inPanel(<ProjectView />, { source: source(), userId: 'u-tech', idPrefix: 't' }));
    // The role is named once, in the summary.
    await waitFor(() => expect(document.querySelector('[data-code="PROJECT_ROLE"]')?.textContent).toContain('Pump reader'));
    expect((screen.getByLabelText('Project') as HTMLSelectElement).value).toBe('p1');
    expect(screen.getByText('52.5, 13.4 (zoom 11)')).toBeTruthy();
    expect(document.querySelector('[data-tag="pumps"]')!.textContent).toBe('pumps: read');
    expect(document.querySelector('[data-menu="dashboards"]')!.textContent).toBe('shown');
    expect(document.querySelector('[data-menu="alarms"]')!.textContent).toBe('hidden');
    expect(document.querySelector('[data-menu="tickets"]')!.textContent).toBe('shown');
    expect(document.querySelector('[data-function="dashboards.dashboards"]')!.textContent).toContain('Dashboards: read');
    expect(document.querySelector('[data-function="dashboards.widgets"]')!.getAttribute('data-code')).toBe('NO_READ');
    expect(screen.getByText('Plant One', { selector: 'li' })).toBeTruthy();
  });

  it('says so when the user has no role in the chosen project', async () => {
    render(inPanel(<ProjectView />, { source: source(), userId: 'u-tech', idPrefix: 't' }));
    const select = (await screen.findByLabelText('Project')) as HTMLSelectElement;
    await waitFor(() => expect(document.querySelector('[data-code="PROJECT_ROLE"]')?.textContent).toContain('Pump reader'));
    fireEvent.change(select, { target: { value: 'p2' } });
    await waitFor(() => expect(document.querySelector('[data-code="NO_PROJECT_ROLE"]')).toBeTruthy());
    expect(document.body.textContent).not.toContain('Pump reader');
  });
});

describe('AssetsView', () => {
  it('explains the asset on screen: the failing step’s message and a flip, as the engine words them', async () => {
    const engine = explainAsset(fleet, 'u-tech', 'a-valve');
    const failing = engine.steps.find((s) => !s.ok)!;
    const flip = engine.flips.find((f) => f.code === 'GRANT_TAG_READ')!;
    render(inPanel(<AssetsView />, { source: source(), userId: 'u-tech', context: { assetDetailId: 'a-valve' }, idPrefix: 't' }));
    expect(await screen.findByText(failing.message)).toBeTruthy();
    expect(document.querySelector('.steps li.no')!.getAttribute('data-code')).toBe('NO_READABLE_TAG');
    expect(screen.getByText(flip.message)).toBeTruthy();
    expect(screen.getByText('Hidden', { selector: 'strong' })).toBeTruthy();
  });

  it('lists every cached asset with its effect and first reason, filters by effect and explains a picked row', async () => {
    render(inPanel(<AssetsView />, { source: source(), userId: 'u-tech', idPrefix: 't' }));
    expect(await screen.findByText('4 assets')).toBeTruthy();
    await waitFor(() => expect(document.querySelectorAll('[role="option"] .asset-row')).toHaveLength(4));
    const pump = document.querySelector('.asset-row[data-asset-id="a-pump"]')!;
    expect(pump.querySelector('.effect')!.textContent).toBe('read');
    fireEvent.change(screen.getByLabelText('Effect'), { target: { value: 'hidden' } });
    expect(await screen.findByText('2 assets')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('.asset-row[data-asset-id="a-valve"]')).toBeTruthy());
    fireEvent.click(document.querySelector('.asset-row[data-asset-id="a-valve"]')!);
    expect(await screen.findByText('What would change it')).toBeTruthy();
  });

  it('after a sync the list shows the new effects', async () => {
    const s = source();
    const model = panelModel({ source: s, idPrefix: 't' });
    render(inPanel(<AssetsView />, model, 'u-tech'));
    await waitFor(() => expect(document.querySelector('.asset-row[data-asset-id="a-valve"] .effect')?.textContent).toBe('hidden'));
    const next = fixtureSnapshot();
    next.projectRoles[0].tags.push({ tag: 'valves', read: true, write: true });
    s.setSnapshot(next);
    setStatus(model, syncedStatus(2));
    await waitFor(() => expect(document.querySelector('.asset-row[data-asset-id="a-valve"] .effect')?.textContent).toBe('full'));
  });

  it('renders hostile asset names as text, never as markup', async () => {
    render(inPanel(<AssetsView />, { source: source(), userId: 'u-tech', context: { assetDetailId: 'a-hostile' }, idPrefix: 't' }));
    await waitFor(() => expect(document.querySelector('.explanation h3')!.textContent).toContain(HOSTILE_NAME));
    await waitFor(() => expect(document.querySelector('.asset-row[data-asset-id="a-hostile"] .name')!.textContent).toBe(HOSTILE_NAME));
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('.explanation b')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('TicketsView', () => {
  it('shows visible, redacted and hidden tickets; a redacted ticket’s asset name is nowhere in the DOM', async () => {
    render(inPanel(<TicketsView />, { source: source(), userId: 'u-tech', idPrefix: 't' }));
    await waitFor(() => expect(document.querySelectorAll('[data-ticket-id]')).toHaveLength(3));
    const valve = document.querySelector('[data-ticket-id="t-valve"]')!;
    expect(valve.querySelector('.effect')!.textContent).toBe('redacted');
    expect(valve.textContent).toContain('Asset name hidden (expert mode)');
    expect(valve.querySelector('[data-code="EXPERT_MODE"]')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(SECRET_ASSET_NAME);
    const pump = document.querySelector('[data-ticket-id="t-pump"]')!;
    expect(pump.textContent).toContain('Pump P-7');
    // Tom is no user manager and his role lacks "users in other lists": the assignee's name is masked (R5).
    expect(pump.textContent).toContain('Assignee: Name hidden');
    expect(document.body.textContent).not.toContain('Quinn Quote');
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'redacted' } });
    await waitFor(() =>
      expect([...document.querySelectorAll('[data-ticket-id]')].map((e) => e.getAttribute('data-ticket-id'))).toEqual(['t-valve']),
    );
    expect(document.body.innerHTML).not.toContain(SECRET_ASSET_NAME);
  });

  it('shows only the page’s tickets when the page lists some, with names for a user manager', async () => {
    render(inPanel(<TicketsView />, { source: source(), userId: 'u-qm', context: { ticketIds: ['t-pump'] }, idPrefix: 't' }));
    await waitFor(() => expect(document.querySelectorAll('[data-ticket-id]')).toHaveLength(1));
    expect(document.querySelector('[data-ticket-id="t-pump"]')!.textContent).toContain('Assignee: Quinn Quote');
  });
});

describe('SyncView', () => {
  it('shows data as of, a progress bar while syncing, errors and quarantined records; refresh asks the source', async () => {
    let refreshed = 0;
    const s = createDirectSource({
      snapshot,
      onRefresh: async () => {
        refreshed++;
        return true;
      },
    });
    const status = {
      state: 'syncing' as const,
      dataAsOf: '2026-11-20T08:00:00.000Z',
      progress: { done: 40, total: 100 },
      errors: [{ message: 'assets: server error 503', at: '2026-11-20T08:01:00.000Z' }],
      quarantined: [{ collection: 'projectRoles', key: 'pr-bad', path: 'tags[0].write', message: 'write without read' }],
      dataVersion: 1,
    };
    const model = panelModel({ source: s, status });
    render(inPanel(<SyncView />, model));
    // One date format with a relative time, not the raw ISO text.
    expect(screen.getByText(/^20 Nov 2026, \d\d:\d\d \(.+ ago\)$/)).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Sync progress' }) as HTMLProgressElement;
    expect(bar.value).toBe(40);
    expect(bar.max).toBe(100);
    expect(screen.getByText(/assets: server error 503/)).toBeTruthy();
    expect(screen.getByText('projectRoles pr-bad tags[0].write: write without read')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Refresh now' }) as HTMLButtonElement).disabled).toBe(true);
    setStatus(model, { ...status, state: 'idle', progress: null });
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(refreshed).toBe(1));
  });
});

describe('every control is labelled', () => {
  it('inputs and selects of the views have accessible names', async () => {
    render(
      <div>
        {inPanel(<ProjectView />, { source: source(), userId: 'u-tech', idPrefix: 'p' })}
        {inPanel(<AssetsView />, { source: source(), userId: 'u-tech', idPrefix: 'a' })}
      </div>,
    );
    await screen.findByText('4 assets');
    for (const el of document.querySelectorAll('input, select')) {
      const id = el.getAttribute('id');
      const label = id ? document.querySelector(`label[for="${id}"]`) : null;
      expect(label?.textContent || el.getAttribute('aria-label'), `control ${id}`).toBeTruthy();
    }
    expect(within(document.body).getByRole('listbox', { name: 'Assets and their effect' })).toBeTruthy();
  });
});
