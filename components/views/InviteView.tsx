// The invitation helper (R7): pick an organization, see the role a new user there gets by default (the inviter's
// own, when it is meant for that organization's type), the other roles the inspected user may give instead, and
// for every remaining role why not.
import { useEffect, useState } from 'preact/hooks';
import type { InvitationFacts } from '../../core/source/data-source';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';

export function InviteView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const { idPrefix } = usePanel();
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [orgId, setOrgId] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setQuery(input.trim()), 150);
    return () => clearTimeout(t);
  }, [input]);
  const orgs = useQuery(() => source.searchOrganizations({ userId, query, limit: 100 }), [source, userId, query]);
  const facts = useQuery(
    () => (orgId === null ? Promise.resolve(null) : source.invitation({ userId, organizationId: orgId }).then((r) => r.result)),
    [source, userId, orgId],
  );
  const list = orgs.data?.organizations ?? [];

  return (
    <section class="invite">
      <h3>Invite a user</h3>
      <div class="row">
        <label for={`${idPrefix}-invite-filter`}>Find organization</label>
        <input
          id={`${idPrefix}-invite-filter`}
          type="search"
          placeholder="Name or id"
          value={input}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <div class="row">
        <label for={`${idPrefix}-invite-org`}>Organization</label>
        <select
          id={`${idPrefix}-invite-org`}
          value={orgId ?? ''}
          onChange={(e) => setOrgId((e.currentTarget as HTMLSelectElement).value || null)}
        >
          <option value="">{orgs.data ? `choose one of ${orgs.data.total.toLocaleString('en')}…` : 'Loading…'}</option>
          {list.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({o.type}){o.inScope === false ? ' · outside their scope' : ''}
            </option>
          ))}
          {orgId !== null && !list.some((o) => o.id === orgId) && <option value={orgId}>{orgId}</option>}
        </select>
      </div>
      {orgs.data && orgs.data.total > list.length && (
        <p class="muted">
          Showing {list.length} of {orgs.data.total}: type to narrow the list.
        </p>
      )}
      {orgId === null ? (
        <p class="muted">Choose the organization of the person to invite.</p>
      ) : (
        <QueryState query={facts} empty="The inviter or the organization is not in the cached data.">
          {(f) => <Facts facts={f} />}
        </QueryState>
      )}
    </section>
  );
}

function Facts({ facts: f }: { facts: InvitationFacts }) {
  return (
    <div class="invitation" data-invitation={f.organizationId}>
      {f.blocking.length > 0 ? (
        <>
          <p class="no">
            <strong>No invitation into {f.organizationName} is possible.</strong>
          </p>
          <ul class="reasons">
            {f.blocking.map((r) => (
              <li key={r.code} data-code={r.code}>
                {r.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>
            Default role: <strong data-default-role={f.defaultRole?.id ?? ''}>{f.defaultRole ? f.defaultRole.name : 'none'}</strong>
          </p>
          {f.note && (
            <p class="muted" data-code={f.note.code}>
              {f.note.message}
            </p>
          )}
          <h4>
            {f.defaultRole ? 'May give instead' : 'May give'} ({f.allowedRoles.filter((r) => r.id !== f.defaultRole?.id).length})
          </h4>
          {f.allowedRoles.length === 0 ? (
            <p class="muted">No role at all.</p>
          ) : (
            <ul data-allowed-roles>
              {f.allowedRoles.map((r) => (
                <li key={r.id} data-role-id={r.id} class="ok">
                  {r.name}
                  {r.id === f.defaultRole?.id ? ' (default)' : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {f.blocking.length === 0 && f.deniedRoles.length > 0 && (
        <details>
          <summary>Why not the other roles ({f.deniedRoles.length})</summary>
          <ul class="reasons" data-denied-roles>
            {f.deniedRoles.map((r) => (
              <li key={r.id} data-role-id={r.id}>
                <strong>{r.name}</strong>: {r.reasons.map((x) => x.message).join(' ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export const inviteView = defineView({
  id: 'invite',
  label: 'Invite',
  shownOn: ['users', 'user'],
  defaultOn: ['users'],
  needsUser: true,
  component: InviteView,
});
