// Tickets (R4): title, the asset's name (or "hidden by expert mode" when redacted), the assignee's name (or a
// placeholder when R5 hides it). Paged with plain links.
import { html } from 'hono/html';
import type { TicketView, UserView, Views } from '../view';
import { pager, userNameOrPlaceholder, type Html } from './layout';

export const TICKETS_PAGE_SIZE = 50;

function assetCell(t: TicketView): Html {
  const assetId = t.ticket.assetId;
  if (assetId === null) return html`<span class="muted">No asset</span>`;
  if (t.effect === 'redacted' || t.assetName === null) {
    // The id is not secret; the name is, and appears nowhere on the page.
    return html`<span class="redacted" data-ai-asset-id="${assetId}" data-ai-asset-redacted="true" title="Shown through expert mode: you may not see this asset">Asset hidden</span>`;
  }
  return html`<a href="/assets/${encodeURIComponent(assetId)}" data-ai-asset-id="${assetId}" data-ai-asset-name-of="${assetId}">${t.assetName}</a>`;
}

export function ticketsContent(views: Views, view: UserView, pageNo: number): Html {
  const all = view.tickets();
  const pages = Math.max(1, Math.ceil(all.length / TICKETS_PAGE_SIZE));
  const n = Math.min(Math.max(1, pageNo), pages);
  const rows = all.slice((n - 1) * TICKETS_PAGE_SIZE, n * TICKETS_PAGE_SIZE);
  const look = views.look();
  return html`<section class="tickets">
    <h1>Tickets</h1>
    <table class="grid">
      <thead><tr><th>Ticket</th><th>Asset</th><th>Project</th><th>Assignee</th></tr></thead>
      <tbody>
        ${rows.map(
          (t) => html`<tr data-ai-ticket-id="${t.ticket.id}" data-ai-ticket-access="${t.effect}">
            <td>${t.ticket.title}</td>
            <td>${assetCell(t)}</td>
            <td>${look.projects.get(t.ticket.projectId)?.name ?? t.ticket.projectId}</td>
            <td>${userNameOrPlaceholder(t.ticket.assigneeId, t.assigneeName, t.assigneeHidden)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p class="empty">No tickets to show.</p>` : ''}
    ${pager('/tickets', {}, n, pages, all.length, 'tickets')}
  </section>`;
}
