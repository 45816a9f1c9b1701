// The Quote Manager's verification queue (R8) with a Verify button: each registrant with organization, the
// suggested role, the roles the inspected user may give (R6) and, for every other role, why not. Verify asks the
// platform to assign the role as the person signed in to the page; the platform enforces the same rules, and the
// change comes back through sync.
import { whenText } from '../freshness';
import { statusWord } from '../labels';
import { useState } from 'preact/hooks';
import type { VerifyQueue } from '../../core/source/data-source';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';
import { VERIFY_CSS } from './verify-css';

type Pending = VerifyQueue['pending'][number];
type Outcome = { ok: true; message: string } | { ok: false; message: string; reasons: { code: string; message: string }[] };

export function VerifyView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const page = usePanel().context.value;
  // The person signed in to the page: only they can act, so Verify is offered only while inspecting them.
  const signedInUserId = page.userId;
  const query = useQuery(
    () =>
      Promise.all([source.verifyQueue({ userId }), source.who({ userId })]).then(([q, w]) =>
        q.queue ? { queue: q.queue, who: w.facts } : null,
      ),
    [source, userId],
  );
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const canAct = signedInUserId !== null && signedInUserId === userId;
  const onPage = new Set(page.registrantIds);

  return (
    <QueryState query={query} empty={`User ${userId} is not in the cached data.`}>
      {({ queue, who }) => (
        <section class="verify">
          <h3>Registrations waiting for {who?.user.name ?? userId}</h3>
          {!canAct && (
            <p class="muted" data-verify-readonly>
              Verifying acts as the person signed in to this page{signedInUserId ? '' : ' (none found)'}: while you inspect someone else,
              the queue is shown read-only.
            </p>
          )}
          {/* Answers about registrants who left the queue (verified, here or elsewhere) stay readable above it. */}
          {Object.entries(outcomes)
            .filter(([id]) => !queue.pending.some((p) => p.userId === id))
            .map(([id, o]) =>
              o.ok ? (
                <p key={id} class="ok" role="status">
                  {o.message}
                </p>
              ) : (
                <OutcomeError key={id} outcome={o} />
              ),
            )}
          {queue.pending.length === 0 ? (
            <p class="muted" data-verify-empty>
              {who?.systemRole?.id === 'internalAdminCC' && who.user.status === 'active'
                ? 'No pending registrant lies in this Quote Manager’s scope.'
                : `Only active Quote Managers (Internal Admin CC) verify registrations; ${who?.user.name ?? userId} is ${who?.systemRole ? who.systemRole.name : 'without a system role'}${who && who.user.status !== 'active' ? ` and ${statusWord(who.user.status)}` : ''}.`}
            </p>
          ) : (
            <ol class="queue">
              {queue.pending.map((p) => (
                <Registrant
                  key={p.userId}
                  p={p}
                  onPage={onPage.has(p.userId)}
                  canAct={canAct}
                  outcome={outcomes[p.userId] ?? null}
                  onOutcome={(o) => setOutcomes((all) => ({ ...all, [p.userId]: o }))}
                  userId={userId}
                />
              ))}
            </ol>
          )}
        </section>
      )}
    </QueryState>
  );
}

function Registrant(props: {
  p: Pending;
  onPage: boolean;
  canAct: boolean;
  outcome: Outcome | null;
  onOutcome: (o: Outcome) => void;
  userId: string;
}) {
  const { p, userId } = props;
  const { actions, idPrefix } = usePanel();
  const { source } = usePanel();
  const [roleId, setRoleId] = useState(p.suggestedRole?.id ?? p.allowedRoles[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const others = useQuery(() => source.assignableRoles({ userId, targetId: p.userId }).then((r) => r.result), [source, userId, p.userId]);
  const selectId = `${idPrefix}-verify-${p.userId}`;

  const verify = async () => {
    setBusy(true);
    const role = p.allowedRoles.find((r) => r.id === roleId);
    const result = await actions.assignRole({ userId: p.userId, roleId, ifCurrentRoleId: null });
    if (result.ok) props.onOutcome({ ok: true, message: `${result.userName} is verified as ${role?.name ?? result.roleId}.` });
    else props.onOutcome({ ok: false, message: result.message, reasons: result.reasons });
    setBusy(false);
    // Every answer says something about the platform's state: a success changed it, a refusal (403) or a conflict
    // (409) shows the cache is behind it, a failure may have changed it anyway. Sync brings the rows up to date.
    await source.refresh({}).catch(() => undefined);
  };

  return (
    <li class="registrant" data-registrant-id={p.userId}>
      <div>
        <strong>{p.name}</strong> <span class="muted">{p.email}</span>
        {props.onPage ? <span class="muted"> · on this page</span> : null}
      </div>
      <div>
        Organization: {p.organizationName ?? p.organizationId}
        {p.createdAt ? ` · registered ${whenText(p.createdAt)}` : ''}
        {p.requestedRoleId
          ? ` · asked for ${others.data?.roles.find((r) => r.roleId === p.requestedRoleId)?.roleName ?? p.requestedRoleId}`
          : ''}
      </div>
      <div>
        Suggested role:{' '}
        <strong data-suggested-role={p.suggestedRole?.id ?? ''}>
          {p.suggestedRole ? p.suggestedRole.name : 'none this user may give'}
        </strong>
      </div>
      {p.allowedRoles.length > 0 && (
        <div class="row">
          <label for={selectId}>Role</label>
          <select id={selectId} value={roleId} onChange={(e) => setRoleId((e.currentTarget as HTMLSelectElement).value)}>
            {p.allowedRoles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
                {r.id === p.suggestedRole?.id ? ' (suggested)' : ''}
              </option>
            ))}
          </select>
          <button type="button" data-verify={p.userId} disabled={!props.canAct || busy || roleId === ''} onClick={verify}>
            {busy ? 'Verifying…' : 'Verify'}
          </button>
        </div>
      )}
      {props.outcome && !props.outcome.ok && <OutcomeError outcome={props.outcome} />}
      {others.data && (
        <details>
          <summary>Why not the other roles ({others.data.roles.filter((r) => !r.allowed).length})</summary>
          <ul class="reasons">
            {others.data.roles
              .filter((r) => !r.allowed)
              .map((r) => (
                <li key={r.roleId} data-role-id={r.roleId}>
                  <strong>{r.roleName}</strong>: {r.reasons.map((x) => x.message).join(' ')}
                </li>
              ))}
          </ul>
        </details>
      )}
    </li>
  );
}

function OutcomeError({ outcome }: { outcome: Extract<Outcome, { ok: false }> }) {
  return (
    <div class="error" role="alert" data-verify-error>
      {outcome.message}
      {outcome.reasons.length > 0 && (
        <ul>
          {outcome.reasons.map((r) => (
            <li key={r.code} data-code={r.code}>
              {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const verifyView = defineView({
  id: 'verify',
  label: 'Verify',
  shownOn: ['registrations'],
  defaultOn: ['registrations'],
  needsUser: true,
  component: VerifyView,
  css: VERIFY_CSS,
});
