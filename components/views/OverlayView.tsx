// "View the page as": the controls of the page overlay (components/overlay/page-overlay.ts) — whose view (the
// inspected user, or another), optionally holding another project role in the page's project, rows dimmed or hidden.
// The overlay itself lives with the panel, so it stays on while other tabs are open.
import { useEffect, useState } from 'preact/hooks';
import type { UserSummary } from '../../core/source/data-source';
import type { OverlayMode, OverlayState } from '../overlay/page-overlay';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { UserChooser } from './UserChooser';
import { defineView } from './view';
import { OVERLAY_CSS } from './overlay-css';

export function OverlayView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const panel = usePanel();
  const { overlay, idPrefix } = panel;
  const userName = panel.inspectedName.value;
  const pageProjectId = panel.context.value.projectId;
  const [state, setState] = useState<OverlayState>(overlay.state);
  useEffect(() => overlay.subscribe(setState), [overlay]);
  const [other, setOther] = useState<UserSummary | null>(null);
  const [roleId, setRoleId] = useState(state.target?.role?.kind === 'stored' ? state.target.role.projectRoleId : '');
  const [mode, setMode] = useState<OverlayMode>(state.target?.mode ?? 'dim');
  const roles = useQuery(() => source.listProjectRoles({}).then((r) => r.roles), [source]);
  const viewedId = other?.id ?? userId;
  const viewedName = other?.name ?? userName ?? userId;
  const target = { userId: viewedId, role: roleId ? { kind: 'stored' as const, projectRoleId: roleId } : null, mode };

  // While on, a change of the choices applies at once.
  const key = JSON.stringify(target);
  useEffect(() => {
    if (overlay.state.on && JSON.stringify(overlay.state.target) !== key) void overlay.enable(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <section class="overlay-controls">
      <p class="muted">
        Shows this page the way someone else would see it: rows they cannot see are dimmed or hidden, menu items they lack are hidden, names
        and asset names they may not see are masked. Turning it off puts the page back exactly as it was.
      </p>
      <div class="row">
        <span>
          View as: <strong data-overlay-viewed>{viewedName}</strong>
          {other === null ? <span class="muted"> (the inspected user)</span> : null}
        </span>
        {other !== null && (
          <button type="button" onClick={() => setOther(null)}>
            Use the inspected user
          </button>
        )}
      </div>
      <UserChooser id={`${idPrefix}-overlay-user`} label="Another user" onPick={setOther} />
      <div class="row">
        <label for={`${idPrefix}-overlay-role`}>Project role</label>
        <select id={`${idPrefix}-overlay-role`} value={roleId} onChange={(e) => setRoleId((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Their own project roles</option>
          {(roles.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} {pageProjectId ? '(in this page’s project)' : '(in each of their projects)'}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="row">
        <legend>Rows they cannot see</legend>
        <label>
          <input type="radio" name={`${idPrefix}-overlay-mode`} checked={mode === 'dim'} onChange={() => setMode('dim')} /> Dim
        </label>
        <label>
          <input type="radio" name={`${idPrefix}-overlay-mode`} checked={mode === 'hide'} onChange={() => setMode('hide')} /> Hide
        </label>
      </fieldset>
      <div class="row">
        {state.on ? (
          <button type="button" data-overlay-toggle onClick={() => overlay.disable()}>
            Turn the overlay off
          </button>
        ) : (
          <button type="button" data-overlay-toggle onClick={() => void overlay.enable(target)}>
            Show this page as {viewedName}
          </button>
        )}
        {state.busy && (
          <span class="muted" aria-busy="true">
            Working…
          </span>
        )}
      </div>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {state.on && state.view && (
        <ul class="overlay-stats" role="status" data-overlay-stats>
          <li>
            On this page for <strong>{state.view.userName}</strong>
            {state.view.roleName ? ` with project role «${state.view.roleName}»` : ''}:
          </li>
          {state.stats.blocked !== null && <li data-overlay-blocked>They could not open this page: {state.stats.blocked}</li>}
          {state.stats.assetRows > 0 && (
            <li>
              Asset rows hidden: {state.stats.assetsHidden} of {state.stats.assetRows}
            </li>
          )}
          {state.stats.ticketRows > 0 && (
            <li>
              Tickets hidden: {state.stats.ticketsHidden} of {state.stats.ticketRows}; with the asset name redacted:{' '}
              {state.stats.ticketsRedacted}
            </li>
          )}
          {state.stats.peopleHidden > 0 && <li>Rows of people hidden: {state.stats.peopleHidden}</li>}
          {state.stats.accessChanged > 0 && <li>Access marks changed to theirs: {state.stats.accessChanged}</li>}
          <li>Names masked: {state.stats.namesMasked}</li>
          <li>Menu items hidden: {state.stats.menuHidden}</li>
        </ul>
      )}
    </section>
  );
}

export const overlayView = defineView({ id: 'overlay', label: 'View as', needsUser: true, component: OverlayView, css: OVERLAY_CSS });
