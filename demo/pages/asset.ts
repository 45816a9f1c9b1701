// One asset: its facts and its tickets as the signed-in user may see them. A hidden asset gets a 404-style page that
// still names the asset id (ids are not secret) so the inspector can explain why.
import { html } from 'hono/html';
import type { Asset } from '../../core/model/snapshot';
import type { UserView, Views } from '../view';
import { userNameOrPlaceholder, type Html } from './layout';

export function assetContent(views: Views, view: UserView, assetId: string, asset: Asset | undefined): Html {
  const effect = asset ? view.assetEffect(asset.id) : 'hidden';
  if (!asset || effect === 'hidden') {
    return html`<section class="asset-detail" data-ai-asset-detail-id="${assetId}" data-ai-asset-access="hidden">
      <h1>Asset not available</h1>
      <p>The asset <code>${assetId}</code> does not exist or you have no access to it.</p>
      <p><a href="/fleet">Back to the fleet</a></p>
    </section>`;
  }
  const look = views.look();
  const site = look.sites.get(asset.siteId);
  const org = look.orgOfAsset(asset);
  const tickets = view.tickets().filter((t) => t.ticket.assetId === asset.id);
  return html`<section class="asset-detail" data-ai-asset-id="${asset.id}" data-ai-asset-detail-id="${asset.id}" data-ai-asset-access="${effect}">
    <p class="crumbs"><a href="/fleet">Assets</a> /</p>
    <h1 data-ai-asset-name-of="${asset.id}">${asset.name}</h1>
    <dl class="facts">
      <dt>Asset id</dt><dd><code>${asset.id}</code></dd>
      <dt>Site</dt><dd>${site?.name ?? asset.siteId}</dd>
      <dt>Organization</dt><dd>${org?.name ?? '—'}</dd>
      <dt>Project</dt><dd>${look.projects.get(asset.projectId)?.name ?? asset.projectId}</dd>
      <dt>Tags</dt><dd>${asset.tags.length === 0 ? html`<span class="muted">none</span>` : asset.tags.map((t) => html`<span class="tag">${t}</span>`)}</dd>
      <dt>Your access</dt><dd data-ai-access-of="${asset.id}">${effect === 'full' ? 'View and edit' : 'View only'}</dd>
    </dl>
    <div class="actions">
      <button type="button" data-ai-edit-of="${asset.id}" ${effect === 'full' ? '' : 'disabled'} title="${effect === 'full' ? 'Edit this asset' : 'You may view this asset but not change it'}">Edit asset</button>
    </div>
    <h2>Tickets</h2>
    ${
      tickets.length === 0
        ? html`<p class="muted">No tickets for this asset.</p>`
        : html`<table class="grid">
          <thead><tr><th>Ticket</th><th>Assignee</th></tr></thead>
          <tbody>
            ${tickets.map(
              (t) =>
                html`<tr data-ai-ticket-id="${t.ticket.id}"><td>${t.ticket.title}</td><td>${userNameOrPlaceholder(t.ticket.assigneeId, t.assigneeName, t.assigneeHidden)}</td></tr>`,
            )}
          </tbody>
        </table>`
    }
  </section>`;
}
