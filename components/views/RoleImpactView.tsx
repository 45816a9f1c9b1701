// Engineering → Roles: the effect of the role being edited on the whole fleet, while it is edited. The panel reads
// the editor's unsaved state from the page (the role adapter's data attributes) on every input/change event and
// asks the data source again: totals first (assets hidden or shown, menu items and functions, tickets), then the
// holders with details on demand and a CSV export, the lint findings of the draft and what Save would be refused
// for. After Save the same numbers are confirmed from the synced data (the role as it was stays the "before").
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { findRoleEditor, readRoleForm, type RoleFormState } from '../adapters/read-role-form';
import type { DataSource, RoleHolder, RoleImpactAnswer, RoleImpactFacts } from '../../core/source/data-source';
import { csvLine } from '../export/csv';
import { downloadText } from '../export/download';
import { EFFECT_LABEL } from '../labels';
import { usePanel } from '../panel/use-panel';
import { defineView } from './view';
import { CompareThen } from './HistoryView';

const HOLDER_PAGE = 50;
const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
const LEVEL_WORD = { none: 'no access', read: 'read', write: 'read and write' } as const;

interface Saved {
  /** The role as it was before the save (the impact's "before" side from then on). */
  baseline: Record<string, unknown>;
  version: string;
}

/**
 * The latest answer to a changing question, kept on screen until the next one arrives (no flicker per toggle). Asked
 * in a layout effect, so an in-process source's answer is painted in the same frame as the toggle that asked.
 */
function useLatest<T>(load: (() => Promise<T>) | null, deps: readonly unknown[]): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useLayoutEffect(() => {
    if (!load) return;
    let current = true;
    load().then(
      (data) => current && setState({ data, error: null }),
      (err: unknown) => current && setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err) })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

export function RoleImpactView() {
  const panel = usePanel();
  const { source, pageDocument, idPrefix } = panel;
  // Its answer is asked again after a sync (useLatest keeps the last one on screen meanwhile).
  const dataVersion = panel.dataVersion.value;
  // The page's role (null: not a role page).
  const projectRoleId = panel.context.value.projectRoleId ?? null;
  const [form, setForm] = useState<RoleFormState | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [refusedStatus, setRefusedStatus] = useState<number | null>(null);
  const [holderOffset, setHolderOffset] = useState(0);
  const [openHolder, setOpenHolder] = useState<string | null>(null);
  const lastOpened = useRef<Record<string, unknown> | null>(null);

  // Follow the editor: every input/change (after the page's own R2 script, which listens in the capture phase).
  useEffect(() => {
    const editor = findRoleEditor(pageDocument);
    if (!editor) {
      setForm(null);
      return;
    }
    const read = () => {
      const state = readRoleForm(editor, projectRoleId);
      lastOpened.current ??= state.opened;
      setForm(state);
    };
    const onEdit = () => {
      queueMicrotask(read);
      setRefusedStatus(null);
    };
    const onSaved = (e: Event) => {
      const version = (e as CustomEvent<{ version?: unknown }>).detail?.version;
      // The page only says "saved"; the panel believes the synced data (confirmed below), so it syncs now.
      setSaved({
        baseline: lastOpened.current ?? readRoleForm(editor, projectRoleId).opened,
        version: typeof version === 'string' ? version : '',
      });
      const state = readRoleForm(editor, projectRoleId);
      lastOpened.current = state.opened;
      setForm(state);
      void source.refresh({}).catch(() => undefined);
    };
    const onRefused = (e: Event) => {
      const status = (e as CustomEvent<{ status?: unknown }>).detail?.status;
      setRefusedStatus(typeof status === 'number' ? status : 0);
      void source.refresh({}).catch(() => undefined);
    };
    read();
    editor.form.addEventListener('input', onEdit);
    editor.form.addEventListener('change', onEdit);
    editor.form.addEventListener('ai:role-saved', onSaved);
    editor.form.addEventListener('ai:role-save-refused', onRefused);
    return () => {
      editor.form.removeEventListener('input', onEdit);
      editor.form.removeEventListener('change', onEdit);
      editor.form.removeEventListener('ai:role-saved', onSaved);
      editor.form.removeEventListener('ai:role-save-refused', onRefused);
    };
  }, [pageDocument, projectRoleId, source]);

  const roleId = form && !form.isNew ? projectRoleId : null;
  const draftKey = form ? JSON.stringify(form.draft) : '';
  // A new edit after a confirmed save starts from the saved role again.
  useEffect(() => {
    if (saved && form && JSON.stringify(saved.baseline) !== JSON.stringify(form.opened) && draftKey !== JSON.stringify(form.opened))
      setSaved(null);
    setHolderOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey]);

  const answer = useLatest<RoleImpactAnswer>(
    form
      ? () =>
          source.roleImpact({
            roleId,
            draft: form.draft,
            opened: form.opened,
            baseline: saved?.baseline ?? null,
            holderOffset,
            holderLimit: HOLDER_PAGE,
          })
      : null,
    [source, roleId, draftKey, form?.version, saved, holderOffset, dataVersion],
  );

  if (!form) return <p class="muted">Open a project role in Engineering → Roles to see what an edit changes for its holders.</p>;
  if (answer.error !== null && answer.data === null)
    return (
      <p class="error" role="alert">
        Could not load: {answer.error}
      </p>
    );
  const a = answer.data;
  if (!a)
    return (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  const confirmed = saved !== null && a.storedVersion === saved.version;
  // The synced role is not the one the editor opened: someone else saved (unless it is our own save, still syncing).
  const conflict =
    refusedStatus === 409 || (a.known && form.version !== '' && a.storedVersion !== form.version && (saved === null || confirmed));

  return (
    <section class="role-impact" data-role-impact>
      {a.impact ? (
        <p class="headline" role="status" data-role-impact-headline>
          {a.impact.headline}
        </p>
      ) : (
        <p class="error" role="alert">
          This draft cannot be evaluated: see why Save would be refused below.
        </p>
      )}
      {saved !== null && (
        <p class={confirmed ? 'ok' : 'muted'} data-role-impact-saved={confirmed ? 'confirmed' : 'pending'}>
          {confirmed
            ? 'Saved — these numbers are confirmed from the synced data (the role as it was is the "before").'
            : 'Saved on the platform — waiting for the synced data to confirm these numbers…'}
        </p>
      )}
      {conflict ? (
        <div class="error" role="alert" data-role-impact-conflict>
          <p>
            {a.changedSinceOpened.length > 0
              ? 'Someone else changed this role since you opened it; Save is refused (409) until you reload. They changed:'
              : 'The platform refused Save: the role changed since you opened it. Waiting for the synced data to show what changed…'}
          </p>
          <ul>
            {a.changedSinceOpened.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Refusals answer={a} refusedStatus={refusedStatus} />
      <p class="muted" data-role-impact-unsaved>
        {a.unsaved.length === 0 ? 'No unsaved change.' : `Unsaved: ${a.unsaved.join(', ')}.`}
      </p>
      {a.impact && (
        <ImpactDetails
          impact={a.impact}
          {...{ source, roleId, form, saved, holderOffset, setHolderOffset, openHolder, setOpenHolder, idPrefix, pageDocument }}
        />
      )}
      {/* The saved role over time (issue 18): its holders' assets now against a past moment. */}
      {roleId !== null && <CompareThen subject={{ roleId }} />}
      {a.lint.length > 0 && (
        <details class="lint" data-role-impact-lint open>
          <summary>Lint ({a.lint.length})</summary>
          <ul>
            {a.lint.map((l) => (
              <li key={`${l.code} ${l.path}`} data-lint-code={l.code}>
                <code>{l.code}</code> {l.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Refusals({ answer, refusedStatus }: { answer: RoleImpactAnswer; refusedStatus: number | null }) {
  if (answer.refusals.length === 0)
    return refusedStatus !== null && refusedStatus !== 409 ? (
      <p class="error" role="alert">
        The platform refused Save (HTTP {refusedStatus}).
      </p>
    ) : null;
  return (
    <div class="error" role="alert" data-role-impact-refusals>
      <p>Save would be refused (400):</p>
      <ul>
        {answer.refusals.map((r) => (
          <li key={`${r.code} ${r.path}`} data-refusal-code={r.code}>
            {r.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface DetailsProps {
  impact: RoleImpactFacts;
  source: DataSource;
  roleId: string | null;
  form: RoleFormState;
  saved: Saved | null;
  holderOffset: number;
  setHolderOffset: (n: number) => void;
  openHolder: string | null;
  setOpenHolder: (key: string | null) => void;
  idPrefix: string;
  pageDocument: Document;
}

function ImpactDetails(p: DetailsProps) {
  const { impact } = p;
  const t = impact.totals;
  const request = { roleId: p.roleId, draft: p.form.draft, opened: p.form.opened, baseline: p.saved?.baseline ?? null };
  const exportCsv = async () => {
    let text = csvLine([
      'User id',
      'User',
      'Project id',
      'Project',
      'Holder',
      'Assets gained',
      'Assets lost',
      'Assets hidden',
      'Assets shown',
      'Tickets visible',
      'Tickets redacted',
      'Tickets hidden',
      'Functions changed',
      'Menu items changed',
    ]);
    for (let offset = 0; offset < t.holders; offset += 1000) {
      const page = await p.source.roleImpact({ ...request, holderOffset: offset, holderLimit: 1000 });
      for (const h of page.impact?.holders ?? []) {
        text += csvLine(
          [
            h.userId,
            h.userName,
            h.projectId,
            h.projectName,
            h.code,
            h.assets.gained,
            h.assets.lost,
            h.assets.hidden,
            h.assets.revealed,
            h.tickets.visible,
            h.tickets.redacted,
            h.tickets.hidden,
            h.functions,
            h.menu,
          ].map(String),
        );
      }
    }
    const name = (impact.roleName || 'new-role').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
    downloadText(p.pageDocument, `role-impact-${name}.csv`, 'text/csv;charset=utf-8', `\uFEFF${text}`);
  };
  return (
    <>
      <dl class="facts" data-role-impact-totals>
        <dt>Holders</dt>
        <dd data-role-impact-holders={t.holders}>
          {plural(t.users, 'user')} in {plural(t.projects, 'project')} ({plural(t.holders, 'membership')}; the role decides for{' '}
          {plural(t.decidingUsers, 'user')})
        </dd>
        <dt>Assets</dt>
        <dd data-role-impact-assets-lost={t.assets.lost} data-role-impact-assets-gained={t.assets.gained}>
          {t.assets.transitions.length === 0
            ? 'no change'
            : t.assets.transitions.map((x) => `${n(x.count)} ${EFFECT_LABEL[x.before]} → ${EFFECT_LABEL[x.after]}`).join(', ')}
        </dd>
        <dt>Tickets</dt>
        <dd data-role-impact-tickets>
          {t.tickets.visible + t.tickets.redacted + t.tickets.hidden === 0
            ? 'no change'
            : `${n(t.tickets.visible)} become visible, ${n(t.tickets.redacted)} redacted (expert mode), ${n(t.tickets.hidden)} hidden — for ${plural(t.tickets.users, 'user')}`}
        </dd>
      </dl>
      {impact.menu.length > 0 && (
        <ul class="menu-changes" data-role-impact-menu>
          {impact.menu.map((m) => (
            <li key={m.groupId} data-role-menu-change={m.groupId} data-role-menu-after={m.after ? 'shown' : 'hidden'}>
              The «{m.label}» menu item {m.after ? 'appears' : 'disappears'} for {plural(m.users, 'user')}.
            </li>
          ))}
        </ul>
      )}
      {impact.functions.length > 0 && (
        <table class="grid" data-role-impact-functions>
          <thead>
            <tr>
              <th>Function</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {impact.functions.map((f) => (
              <tr key={f.id} data-function-id={f.id}>
                <td>{f.label}</td>
                <td>{LEVEL_WORD[f.before]}</td>
                <td>{LEVEL_WORD[f.after]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details class="holders" data-role-impact-holder-list>
        <summary>Holders, most affected first ({n(t.holders)})</summary>
        <button type="button" onClick={() => void exportCsv()} data-role-impact-export>
          Export CSV
        </button>
        <table class="grid">
          <thead>
            <tr>
              <th>User</th>
              <th>Project</th>
              <th>Assets</th>
              <th>Tickets</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {impact.holders.map((h) => (
              <HolderRow
                key={`${h.userId} ${h.projectId}`}
                h={h}
                request={request}
                source={p.source}
                open={p.openHolder === `${h.userId} ${h.projectId}`}
                onToggle={(on) => p.setOpenHolder(on ? `${h.userId} ${h.projectId}` : null)}
              />
            ))}
          </tbody>
        </table>
        <p class="pager">
          {p.holderOffset > 0 && (
            <button type="button" onClick={() => p.setHolderOffset(Math.max(0, p.holderOffset - HOLDER_PAGE))}>
              Previous
            </button>
          )}
          {p.holderOffset + impact.holders.length < t.holders && (
            <button type="button" onClick={() => p.setHolderOffset(p.holderOffset + HOLDER_PAGE)}>
              Next
            </button>
          )}
        </p>
      </details>
    </>
  );
}

function HolderRow(props: {
  h: RoleHolder;
  request: { roleId: string | null; draft: unknown; opened: unknown; baseline: unknown };
  source: DataSource;
  open: boolean;
  onToggle: (on: boolean) => void;
}) {
  const { h } = props;
  const [rows, setRows] = useState<{ total: number; rows: { assetId: string; name: string; before: string; after: string }[] } | null>(
    null,
  );
  useEffect(() => {
    if (!props.open) return;
    let live = true;
    props.source.roleImpactAssets({ ...props.request, userId: h.userId, projectId: h.projectId, limit: 100 }).then(
      (r) => live && setRows(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, JSON.stringify(props.request)]);
  const changes = h.assets.gained + h.assets.lost;
  return (
    <>
      <tr data-holder={`${h.userId} ${h.projectId}`} data-holder-code={h.code}>
        <td>{h.userName}</td>
        <td>{h.projectName}</td>
        <td title={h.message} data-holder-assets>
          {h.code !== 'ROLE_DECIDES'
            ? h.message
            : h.assets.transitions.length === 0
              ? 'no change'
              : `${n(h.assets.gained)} gained, ${n(h.assets.lost)} lost (${h.assets.transitions.map((x) => `${n(x.count)} ${EFFECT_LABEL[x.before]} → ${EFFECT_LABEL[x.after]}`).join(', ')})`}
        </td>
        <td>
          {h.tickets.visible + h.tickets.redacted + h.tickets.hidden === 0
            ? '—'
            : `+${n(h.tickets.visible)} visible, ${n(h.tickets.redacted)} redacted, ${n(h.tickets.hidden)} hidden`}
        </td>
        <td>
          {changes > 0 && (
            <button type="button" aria-expanded={props.open} onClick={() => props.onToggle(!props.open)}>
              {props.open ? 'Hide assets' : 'Assets'}
            </button>
          )}
        </td>
      </tr>
      {props.open && rows && (
        <tr>
          <td colSpan={5}>
            <ul class="holder-assets">
              {rows.rows.map((r) => (
                <li key={r.assetId} data-asset-change={r.assetId}>
                  {r.name} ({r.assetId}): {r.before} → {r.after}
                </li>
              ))}
            </ul>
            {rows.total > rows.rows.length && <p class="muted">…and {n(rows.total - rows.rows.length)} more (see the CSV export).</p>}
          </td>
        </tr>
      )}
    </>
  );
}

export const roleImpactView = defineView({
  id: 'roleImpact',
  label: 'Role impact',
  shownOn: ['role'],
  defaultOn: ['role'],
  needsUser: false,
  component: RoleImpactView,
});
