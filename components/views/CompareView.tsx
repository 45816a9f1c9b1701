// Compare: the inspected user against another user, a stored project role or a draft role edited here. The summary
// comes first (assets gained and lost, counted per before→after; functions, menu items and assignable roles that
// change); the changed assets are a paged list on demand, never the whole fleet in the DOM.
import { useEffect, useState } from 'preact/hooks';
import type { ProjectRole } from '../../core/model/snapshot';
import type { CompareAgainst, CompareSummary, Effect, UserSummary } from '../../core/source/data-source';
import { EFFECT_LABEL } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { blankDraftRole, DraftRoleEditor } from './DraftRoleEditor';
import { UserChooser } from './UserChooser';
import { ShareAnswer } from './ShareAnswer';
import { comparisonText } from '../copy-text';
import { shareLink } from '../panel/share-link';
import { defineView } from './view';
import { COMPARE_CSS } from './compare-css';

type Kind = 'user' | 'role' | 'draft';
const PAGE = 50;
const LEVEL_WORD = { none: 'no access', read: 'read', write: 'read and write' } as const;

/** Compare opens afresh on a flip's seed, and on a shared comparison (its other user). */
function CompareTab() {
  const panel = usePanel();
  const seed = panel.compareSeed.value;
  const request = panel.request.value;
  return <CompareView key={seed ? `seed-${seed.n}` : request?.kind === 'compare' ? `shared-${request.n}` : 'compare'} />;
}

export function CompareView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const panel = usePanel();
  const { idPrefix } = panel;
  // Open on this draft role, or on this stored role in a project (a flip's "Open as a draft in Compare").
  const seed = panel.compareSeed.value?.seed ?? null;
  const [kind, setKind] = useState<Kind>(seed?.kind ?? 'user');
  const [other, setOtherState] = useState<UserSummary | null>(null);
  const setOther = (u: UserSummary | null) => {
    setOtherState(u);
    panel.setCompareUser(u?.id ?? null);
  };
  // The other user remembered for this browser tab comes back by id: ask the data for the rest of their summary once.
  const [restoreId] = useState(() => panel.compareUserId.peek());
  useEffect(() => {
    if (restoreId === null) return;
    let live = true;
    source.who({ userId: restoreId }).then(
      (r) => live && r.facts !== null && setOtherState((cur) => cur ?? r.facts!.user),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [source, restoreId]);
  const [roleId, setRoleId] = useState(seed?.kind === 'role' ? seed.projectRoleId : '');
  const [draft, setDraft] = useState<ProjectRole>(seed?.kind === 'draft' ? seed.role : blankDraftRole);
  // Another user: all projects unless narrowed; a role: given in the page's project unless widened.
  const [userProject, setUserProject] = useState<string | null>(null);
  const [roleProject, setRoleProject] = useState<string | null>(() =>
    seed?.kind === 'role' ? seed.projectId : panel.context.peek().projectId,
  );
  const projectId = kind === 'user' ? userProject : roleProject;
  const setProjectId = kind === 'user' ? setUserProject : setRoleProject;
  const roles = useQuery(() => source.listProjectRoles({}).then((r) => r.roles), [source]);
  const projects = useQuery(() => source.listProjects({}).then((r) => r.projects), [source]);

  const against: CompareAgainst | null =
    kind === 'user'
      ? other && { kind: 'user', userId: other.id }
      : kind === 'role'
        ? roleId
          ? { kind: 'role', role: { kind: 'stored', projectRoleId: roleId } }
          : null
        : { kind: 'role', role: { kind: 'draft', role: draft } };
  // Editing a draft asks again once the toggling pauses.
  const key = JSON.stringify([userId, against, projectId]);
  const [settledKey, setSettledKey] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setSettledKey(key), kind === 'draft' ? 250 : 0);
    return () => clearTimeout(t);
  }, [key, kind]);
  const settled = JSON.parse(settledKey) as [string, CompareAgainst | null, string | null];
  const summary = useQuery(
    () =>
      settled[1] === null
        ? Promise.resolve(null)
        : source.compare({ userId: settled[0], against: settled[1], projectId: settled[2] }).then((r) => r.summary),
    [source, settledKey],
  );

  const kindId = (k: Kind) => `${idPrefix}-cmp-kind-${k}`;
  // Only a comparison of two users has a link (a draft or role lives in this panel only).
  const pageHref = panel.pageDocument.location?.href ?? null;
  const dataAsOf = panel.answersAsOf.value;
  const shared = kind === 'user' && other && pageHref ? shareLink(pageHref, { kind: 'compare', userId, otherUserId: other.id }) : null;
  return (
    <section class="compare">
      <fieldset class="row">
        <legend>Compare with</legend>
        {(['user', 'role', 'draft'] as const).map((k) => (
          <label key={k} for={kindId(k)}>
            <input id={kindId(k)} type="radio" name={`${idPrefix}-cmp-kind`} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {k === 'user' ? 'Another user' : k === 'role' ? 'A project role' : 'A draft role'}
          </label>
        ))}
      </fieldset>

      {kind === 'user' && (
        <div class="row">
          <UserChooser id={`${idPrefix}-cmp-user`} label="Other user" onPick={setOther} />
          {other && (
            <span>
              <strong>{other.name}</strong> <span class="muted">{other.systemRoleName ?? 'no system role'}</span>
            </span>
          )}
        </div>
      )}
      {kind === 'role' && (
        <div class="row">
          <label for={`${idPrefix}-cmp-role`}>Project role</label>
          <select id={`${idPrefix}-cmp-role`} value={roleId} onChange={(e) => setRoleId((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">choose…</option>
            {(roles.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="row">
        <label for={`${idPrefix}-cmp-project`}>{kind === 'user' ? 'Projects' : 'Give it'}</label>
        <select
          id={`${idPrefix}-cmp-project`}
          value={projectId ?? ''}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            setProjectId(v === '' ? null : v);
          }}
        >
          <option value="">{kind === 'user' ? 'All projects' : 'In every project where they have a role'}</option>
          {(projects.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {kind === 'user' ? p.name : `In project ${p.name}`}
            </option>
          ))}
        </select>
      </div>
      {kind === 'draft' && <DraftRoleEditor role={draft} onChange={setDraft} storedRoles={roles.data ?? []} idPrefix={`${idPrefix}-cmp`} />}

      {settled[1] === null ? (
        <p class="muted">{kind === 'user' ? 'Pick the user to compare with.' : 'Pick the project role to compare with.'}</p>
      ) : (
        <QueryState query={summary} empty="The user, role or project is not in the cached data.">
          {(s) => (
            <>
              <ShareAnswer
                what="comparison"
                text={comparisonText(s, { userName: null, dataAsOf, link: shared }, 'text')}
                markdown={comparisonText(s, { userName: null, dataAsOf, link: shared }, 'markdown')}
                link={shared}
              />
              <Summary summary={s} against={settled[1]!} />
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

function Summary(props: { summary: CompareSummary; against: CompareAgainst }) {
  const s = props.summary;
  const [details, setDetails] = useState<{ before: Effect | null; after: Effect | null } | null>(null);
  const [allFunctions, setAllFunctions] = useState(false);
  const shownFunctions = allFunctions ? s.functions : s.functions.slice(0, 30);
  return (
    <div class="compare-summary" data-compare-summary aria-live="polite">
      <h3>
        {s.userName} compared with {s.againstLabel}
      </h3>
      <p data-compare-assets>
        <strong>{s.assets.changed.toLocaleString('en')}</strong> assets change:{' '}
        <span class="ok">{s.assets.gained.toLocaleString('en')} gain access</span>,{' '}
        <span class="no">{s.assets.lost.toLocaleString('en')} lose access</span>.
      </p>
      {s.assets.transitions.length > 0 && (
        <table class="compact">
          <caption class="sr-only">Changed assets by effect before and after</caption>
          <thead>
            <tr>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Assets</th>
              <th scope="col">
                <span class="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {s.assets.transitions.map((t) => (
              <tr key={`${t.before}-${t.after}`} data-transition={`${t.before}>${t.after}`}>
                <td>
                  <span class={`effect effect-${t.before}`}>{EFFECT_LABEL[t.before]}</span>
                </td>
                <td>
                  <span class={`effect effect-${t.after}`}>{EFFECT_LABEL[t.after]}</span>
                </td>
                <td>{t.count.toLocaleString('en')}</td>
                <td>
                  <button type="button" onClick={() => setDetails({ before: t.before, after: t.after })}>
                    Show assets
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.assets.changed > 0 && details === null && (
        <button type="button" onClick={() => setDetails({ before: null, after: null })}>
          Show all changed assets
        </button>
      )}
      {details !== null && (
        <ChangeList
          key={`${details.before}-${details.after}`}
          userId={s.userId}
          against={props.against}
          projectId={s.projectId}
          before={details.before}
          after={details.after}
          onClose={() => setDetails(null)}
        />
      )}

      <h4>Functions ({s.functions.length})</h4>
      {s.functions.length === 0 ? (
        <p class="muted">No function changes.</p>
      ) : (
        <>
          <table class="compact" data-compare-functions>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Function</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {shownFunctions.map((f) => (
                <tr key={`${f.projectId}-${f.id}`} data-function={f.id}>
                  <td>{f.projectName}</td>
                  <td>{f.label}</td>
                  <td>
                    {LEVEL_WORD[f.before]} → <strong>{LEVEL_WORD[f.after]}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.functions.length > shownFunctions.length && (
            <button type="button" onClick={() => setAllFunctions(true)}>
              Show all {s.functions.length} function changes
            </button>
          )}
        </>
      )}

      <h4>Menu items ({s.menu.length})</h4>
      {s.menu.length === 0 ? (
        <p class="muted">The menu stays the same.</p>
      ) : (
        <ul data-compare-menu>
          {s.menu.map((m) => (
            <li key={`${m.projectId}-${m.groupId}`} class={m.after ? 'ok' : 'no'}>
              {m.label} {m.after ? 'appears' : 'disappears'} <span class="muted">in {m.projectName}</span>
            </li>
          ))}
        </ul>
      )}

      <h4>System roles they may assign ({s.assignable.length})</h4>
      {s.assignable.length === 0 ? (
        <p class="muted">
          {props.against.kind === 'user'
            ? 'The same roles.'
            : 'Unchanged: a project role does not change which system roles someone may assign.'}
        </p>
      ) : (
        <ul data-compare-assignable>
          {s.assignable.map((r) => (
            <li key={r.roleId} class={r.after ? 'ok' : 'no'}>
              {r.roleName}: {r.after ? 'may assign' : 'may no longer assign'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChangeList(props: {
  userId: string;
  against: CompareAgainst;
  projectId: string | null;
  before: Effect | null;
  after: Effect | null;
  onClose: () => void;
}) {
  const { userId, against, projectId, before, after } = props;
  const { source } = usePanel();
  const [offset, setOffset] = useState(0);
  const page = useQuery(
    () => source.compareChanges({ userId, against, projectId, before, after, offset, limit: PAGE }),
    [source, JSON.stringify([userId, against, projectId, before, after]), offset],
  );
  const total = page.data?.total ?? null;
  const title = before === null ? 'All changed assets' : `Assets that go from ${before} to ${after}`;
  return (
    <div class="change-list" data-change-list>
      <div class="row">
        <strong>{title}</strong>
        <button type="button" onClick={props.onClose}>
          Hide
        </button>
      </div>
      <QueryState query={page}>
        {(p) => (
          <>
            <ol start={p.offset + 1} class="changes">
              {p.rows.map((r) => (
                <li key={r.assetId} data-asset-id={r.assetId}>
                  {r.name} <span class="muted">({r.assetId})</span>{' '}
                  <span class={`effect effect-${r.before}`}>{EFFECT_LABEL[r.before]}</span> →{' '}
                  <span class={`effect effect-${r.after}`}>{EFFECT_LABEL[r.after]}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </QueryState>
      {total !== null && (
        <nav class="row" aria-label="Pages of changed assets">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span class="muted">
            {total === 0
              ? 'none'
              : `${(offset + 1).toLocaleString('en')}–${Math.min(total, offset + PAGE).toLocaleString('en')} of ${total.toLocaleString('en')}`}
          </span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

export const compareView = defineView({
  id: 'compare',
  label: 'Compare',
  needsUser: true,
  answers: 'compare',
  component: CompareTab,
  css: COMPARE_CSS,
});
