// A feature group without a demo page of its own (Dashboards, Alarms, …): what the project role grants in it.
import { html } from 'hono/html';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import type { UserView } from '../view';
import type { Html } from './layout';

export function featureContent(view: UserView, groupId: string, projectId: string | null): Html {
  const group = FEATURE_GROUPS.find((g) => g.id === groupId);
  if (!group) return html`<h1>Unknown feature</h1><p>There is no feature group <code>${groupId}</code>.</p>`;
  const fns = view.functions(projectId).filter((f) => f.id.startsWith(`${groupId}.`));
  return html`<section class="feature" data-ai-feature-group="${group.id}">
    <h1>${group.label}</h1>
    <p class="muted">The demo platform has no ${group.label} screens; this is what your project role allows here.</p>
    <table class="grid"><thead><tr><th>Function</th><th>Read</th><th>Write</th></tr></thead><tbody>
      ${fns.map((f) => html`<tr data-ai-function="${f.id}"><td>${f.label}</td><td>${f.read ? 'yes' : 'no'}</td><td>${f.write ? 'yes' : 'no'}</td></tr>`)}
    </tbody></table>
  </section>`;
}
