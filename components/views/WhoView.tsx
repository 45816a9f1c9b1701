// Who the inspected user is: system role, its level and audience, the 14 permissions, scope and project roles.
import { RegistrationFacts } from './RegistrationFacts';
import { AUDIENCE_WORDS, orgTypeWord, statusWord } from '../labels';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';
import { WHO_CSS } from './who-css';

export function WhoView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const query = useQuery(() => source.who({ userId }).then((r) => r.facts), [source, userId]);
  return (
    <QueryState query={query} empty={`User ${userId} is not in the cached data.`}>
      {(facts) => (
        <section>
          <h2>{facts.user.name}</h2>
          <dl class="facts">
            <dt>User id</dt>
            <dd>{facts.user.id}</dd>
            <dt>E-mail</dt>
            <dd>{facts.user.email}</dd>
            <dt>Status</dt>
            <dd>{statusWord(facts.user.status)}</dd>
            <dt>Organization</dt>
            <dd>
              {facts.user.organizationName ?? facts.user.organizationId}
              {facts.user.organizationType ? ` (${orgTypeWord(facts.user.organizationType)})` : ''}
            </dd>
            <dt>System role</dt>
            <dd>{facts.systemRole ? facts.systemRole.name : 'None'}</dd>
            {facts.systemRole && (
              <>
                <dt>Level</dt>
                <dd>{facts.systemRole.level}</dd>
                <dt>Audience</dt>
                <dd>{AUDIENCE_WORDS[facts.systemRole.audience]}</dd>
              </>
            )}
            <dt>Scope</dt>
            <dd>
              {facts.scope === null
                ? 'Default (own organization subtree)'
                : [
                    facts.scope.organizationIds !== null ? `organizations: ${facts.scope.organizationIds.join(', ') || 'none'}` : '',
                    facts.scope.siteIds !== null ? `sites: ${facts.scope.siteIds.join(', ') || 'none'}` : '',
                  ]
                    .filter(Boolean)
                    .join('; ')}
            </dd>
          </dl>
          {facts.user.status === 'pendingVerification' && <RegistrationFacts userId={facts.user.id} />}
          <h3>Permissions</h3>
          <ul class="permissions">
            {facts.permissions.map((p) => (
              <li key={p.id} data-permission={p.id} class={p.granted ? 'ok' : 'no'}>
                <span class="mark" aria-hidden="true">
                  {p.granted ? '✓' : '✗'}
                </span>{' '}
                {p.label}
                <span class="sr-only">{p.granted ? ': granted' : ': not granted'}</span>
              </li>
            ))}
          </ul>
          <h3>Project roles</h3>
          {facts.memberships.length === 0 ? (
            <p class="muted">No project role in any project.</p>
          ) : (
            <ul>
              {facts.memberships.map((m) => (
                <li key={m.projectId}>
                  {m.projectName ?? m.projectId}: {m.projectRoleName ?? `${m.projectRoleId} (unknown role)`}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </QueryState>
  );
}

export const whoView = defineView({ id: 'who', label: 'Who', needsUser: true, component: WhoView, css: WHO_CSS });
