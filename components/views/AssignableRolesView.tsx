// Which system roles the inspected user may assign (R6) — to the page's target user, or to a registrant picked
// from their verification queue (R8) — each role allowed or denied with every failing check.
import { whenText } from '../freshness';
import { useState } from 'preact/hooks';
import type { ResponseOf, VerifyQueue } from '../../core/source/data-source';
import { countOf } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';

export function AssignableRolesView() {
  const userId = useInspectedUser();
  // The user a user page is about, and the registrants listed on the page (a registrations page).
  const { targetUserId: pageTargetId, registrantIds } = usePanel().context.value;
  // A registrant picked from the queue holds while the page's own target stays the same.
  const [pick, setPick] = useState<{ id: string | null; page: string | null } | null>(null);
  const targetId = pick !== null && pick.page === pageTargetId ? pick.id : pageTargetId;
  const choose = (id: string | null) => setPick({ id, page: pageTargetId });
  return (
    <section>
      <RolesTable userId={userId} targetId={targetId} onClearTarget={targetId !== null ? () => choose(null) : undefined} />
      <Queue userId={userId} onPage={registrantIds} targetId={targetId} onPick={choose} />
    </section>
  );
}

function RolesTable(props: { userId: string; targetId: string | null; onClearTarget?: () => void }) {
  const { userId, targetId } = props;
  const { source } = usePanel();
  const query = useQuery(() => source.assignableRoles({ userId, targetId }).then((r) => r.result), [source, userId, targetId]);
  return (
    <QueryState query={query} empty={`User ${userId} or the target user is not in the cached data.`}>
      {(result) => (
        <>
          <div class="row">
            <span>
              {result.targetId === null
                ? 'Roles this user may assign (no target user: only the permission and levels are checked).'
                : `Roles this user may assign to ${result.targetName ?? result.targetId}.`}
            </span>
            {props.onClearTarget && (
              <button type="button" onClick={props.onClearTarget}>
                Without a target
              </button>
            )}
          </div>
          {/* The roles they may give first; the denials, each with every failing check, folded below. */}
          {allowedOf(result.roles).length === 0 ? (
            <p class="muted" data-no-allowed-roles>
              No system role: every one is denied (reasons below).
            </p>
          ) : (
            <RoleRows caption="System roles this user may assign" roles={allowedOf(result.roles)} />
          )}
          {deniedOf(result.roles).length > 0 && (
            <details class="denied-roles" data-denied-count={deniedOf(result.roles).length}>
              <summary>Denied: {countOf(deniedOf(result.roles).length, 'role')}, with the reasons</summary>
              <RoleRows caption="System roles this user may not assign" roles={deniedOf(result.roles)} />
            </details>
          )}
        </>
      )}
    </QueryState>
  );
}

function Queue(props: { userId: string; onPage: readonly string[]; targetId: string | null; onPick: (id: string) => void }) {
  const { userId } = props;
  const { source } = usePanel();
  const query = useQuery(() => source.verifyQueue({ userId }).then((r) => r.queue), [source, userId]);
  const queue: VerifyQueue | null = query.data;
  // Only Quote Managers have a queue; say nothing for everyone else unless the page lists registrants.
  if (queue === null || (queue.pending.length === 0 && props.onPage.length === 0)) return null;
  const onPage = new Set(props.onPage);
  return (
    <>
      <h3>Verification queue</h3>
      {queue.pending.length === 0 ? (
        <p class="muted">No pending registrant is in this user's scope (only active Quote Managers verify registrants).</p>
      ) : (
        <ul class="queue">
          {queue.pending.map((p) => (
            <li key={p.userId} data-registrant-id={p.userId}>
              <strong>{p.name}</strong> <span class="muted">{p.email}</span>
              {onPage.has(p.userId) ? <span class="muted"> (on this page)</span> : null}
              <div>
                Organization: {p.organizationName ?? p.organizationId}
                {p.createdAt ? ` · registered ${whenText(p.createdAt)}` : ''}
              </div>
              <div>
                Suggested role: {p.suggestedRole ? p.suggestedRole.name : 'none this user may give'}
                {p.allowedRoles.length > 0 ? ` · may give: ${p.allowedRoles.map((r) => r.name).join(', ')}` : ''}
              </div>
              {props.targetId !== p.userId && (
                <button type="button" onClick={() => props.onPick(p.userId)}>
                  Check roles for {p.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

type RoleDecision = NonNullable<ResponseOf<'assignableRoles'>['result']>['roles'][number];
const allowedOf = (roles: readonly RoleDecision[]) => roles.filter((r) => r.allowed);
const deniedOf = (roles: readonly RoleDecision[]) => roles.filter((r) => !r.allowed);

function RoleRows(props: { caption: string; roles: readonly RoleDecision[] }) {
  return (
    <table class="roles">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Level</th>
          <th scope="col">Decision</th>
          <th scope="col">Reasons</th>
        </tr>
      </thead>
      <tbody>
        {props.roles.map((r) => (
          <tr key={r.roleId} data-role-id={r.roleId}>
            <th scope="row">{r.roleName}</th>
            <td>{r.level}</td>
            <td class={r.allowed ? 'ok' : 'no'}>{r.allowed ? 'Allowed' : 'Denied'}</td>
            <td>
              {r.reasons.length === 0 ? (
                '—'
              ) : (
                <ul class="reasons">
                  {r.reasons.map((x) => (
                    <li key={x.code} data-code={x.code}>
                      {x.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const rolesView = defineView({
  id: 'roles',
  label: 'Assignable roles',
  defaultOn: ['user'],
  needsUser: true,
  component: AssignableRolesView,
});
