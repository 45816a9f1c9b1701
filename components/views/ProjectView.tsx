// The inspected user's project role in one project: location, expert mode, untagged access, tags, feature switches
// and functions, which menu items show, and the other projects that use the same role.
import { useState } from 'preact/hooks';
import type { ProjectFacts } from '../../core/source/data-source';
import { QueryState } from '../panel/QueryState';
import { useQuery } from '../panel/use-query';
import { useInspectedUser, usePanel } from '../panel/use-panel';
import { defineView } from './view';

const access = (read: boolean, write: boolean) => (write ? 'read and write' : read ? 'read' : 'none');

export function ProjectView() {
  const { source } = usePanel();
  const userId = useInspectedUser();
  const { idPrefix, context } = usePanel();
  const pageProjectId = context.value.projectId;
  const choices = useQuery(async () => {
    const [projects, who] = await Promise.all([source.listProjects({}), source.who({ userId })]);
    const mine = new Set(who.facts?.memberships.map((m) => m.projectId) ?? []);
    // The user's own projects first: those are the ones with something to show.
    return [...projects.projects.filter((p) => mine.has(p.id)), ...projects.projects.filter((p) => !mine.has(p.id))];
  }, [source, userId]);
  const [picked, setPicked] = useState<string | null>(null);
  const projects = choices.data ?? [];
  // The user's pick, else the project the page shows, else the user's first project.
  const known = (id: string | null | undefined): id is string => !!id && projects.some((p) => p.id === id);
  const projectId = known(picked) ? picked : known(pageProjectId) ? pageProjectId : (projects[0]?.id ?? null);
  const selectId = `${idPrefix}-project-select`;

  return (
    <section>
      <QueryState query={choices} empty="No projects in the cached data.">
        {(list) =>
          list.length === 0 ? (
            <p class="muted">No projects in the cached data.</p>
          ) : (
            <div class="row">
              <label for={selectId}>Project</label>
              <select id={selectId} value={projectId ?? ''} onChange={(e) => setPicked((e.currentTarget as HTMLSelectElement).value)}>
                {list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )
        }
      </QueryState>
      {projectId !== null && <ProjectFactsPanel userId={userId} projectId={projectId} />}
    </section>
  );
}

function ProjectFactsPanel(props: { userId: string; projectId: string }) {
  const { userId, projectId } = props;
  const { source } = usePanel();
  const query = useQuery(() => source.projectFacts({ userId, projectId }).then((r) => r.facts), [source, userId, projectId]);
  return <QueryState query={query}>{(facts) => <Facts facts={facts} />}</QueryState>;
}

function Facts({ facts }: { facts: ProjectFacts }) {
  const summary = (
    <p
      class={facts.summary.code === 'PROJECT_ROLE' || facts.summary.code === 'SYSTEM_FULL_ACCESS' ? '' : 'no'}
      data-code={facts.summary.code}
    >
      {facts.summary.message}
    </p>
  );
  if (facts.projectRoleId === null && facts.summary.code !== 'SYSTEM_FULL_ACCESS') return summary;
  return (
    <>
      {summary}
      <dl class="facts">
        {/* Each fact once: the summary above already names the role when the user holds one. */}
        {facts.summary.code !== 'PROJECT_ROLE' && (
          <>
            <dt>Project role</dt>
            <dd>{facts.projectRoleName ?? facts.projectRoleId ?? 'None'}</dd>
          </>
        )}
        <dt>Location</dt>
        <dd>{facts.location ? `${facts.location.lat}, ${facts.location.lng} (zoom ${facts.location.zoom})` : 'Not set'}</dd>
        <dt>Expert mode</dt>
        <dd>{facts.expertMode ? 'On' : 'Off'}</dd>
        <dt>Full access to untagged assets</dt>
        <dd>{facts.fullAccessUntagged ? 'On' : 'Off'}</dd>
      </dl>
      <h3>Tags</h3>
      {facts.tags.length === 0 ? (
        <p class="muted">No tag entries: tags do not restrict this role.</p>
      ) : (
        <ul class="tags">
          {facts.tags.map((t) => (
            <li key={t.tag} data-tag={t.tag}>
              {t.tag}: {access(t.read, t.write)}
            </li>
          ))}
        </ul>
      )}
      <h3>Switches and functions</h3>
      <ul class="groups">
        {facts.groups.map((g) => (
          <li key={g.groupId} data-group={g.groupId}>
            <span class={g.enabled ? 'ok' : 'no'}>
              [{g.letter}] {g.label}: {g.enabled ? 'on' : 'off'}
            </span>
            {' — menu item '}
            <span data-menu={g.groupId}>{g.menuVisible ? 'shown' : 'hidden'}</span>
            <ul>
              {g.functions.map((f) => (
                <li key={f.id} data-function={f.id} data-code={f.code}>
                  [{f.letter}] {f.label}: {access(f.read, f.write)}
                  {f.message ? <span class="muted"> — {f.message}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <h3>Used in projects</h3>
      <ul>
        {facts.usedInProjects.map((p) => (
          <li key={p.id}>{p.name}</li>
        ))}
      </ul>
    </>
  );
}

export const projectView = defineView({ id: 'project', label: 'Project', defaultOn: ['feature'], needsUser: true, component: ProjectView });
