// The fleet: every asset the signed-in user sees, filterable and paged. The first page is rendered here; later
// pages and filters are fetched as JSON from /fleet/data by /static/app.js (history.pushState), so the rows change
// without a reload — the way the real platform's single-page app behaves.
import { html } from 'hono/html';
import type { Asset } from '../../core/model/snapshot';
import type { UserView, Views } from '../view';
import { pager, type Html } from './layout';

export const FLEET_PAGE_SIZE = 50;

export interface FleetQuery {
  q: string;
  project: string;
  page: number;
}

export interface FleetRow {
  id: string;
  name: string;
  site: string;
  organization: string;
  project: string;
  tags: string[];
  effect: 'read' | 'full';
}

export interface FleetData {
  query: FleetQuery;
  rows: FleetRow[];
  total: number;
  pages: number;
}

export function readFleetQuery(get: (name: string) => string | undefined): FleetQuery {
  const page = Number.parseInt(get('page') ?? '1', 10);
  return { q: (get('q') ?? '').trim().slice(0, 200), project: get('project') ?? '', page: Number.isFinite(page) && page > 0 ? page : 1 };
}

export function fleetData(views: Views, view: UserView, query: FleetQuery): FleetData {
  const look = views.look();
  const needle = query.q.toLowerCase();
  const matches = views.memo(`fleet ${view.user.id} ${query.project} ${needle}`, () =>
    view.visibleAssets().filter((a) => {
      if (query.project && a.projectId !== query.project) return false;
      if (!needle) return true;
      return (
        a.name.toLowerCase().includes(needle) ||
        a.id.toLowerCase().includes(needle) ||
        a.tags.some((t) => t.toLowerCase().includes(needle)) ||
        (look.sites.get(a.siteId)?.name.toLowerCase().includes(needle) ?? false)
      );
    }),
  );
  const pages = Math.max(1, Math.ceil(matches.length / FLEET_PAGE_SIZE));
  const pageNo = Math.min(query.page, pages);
  const slice: Asset[] = matches.slice((pageNo - 1) * FLEET_PAGE_SIZE, pageNo * FLEET_PAGE_SIZE);
  return {
    query: { ...query, page: pageNo },
    total: matches.length,
    pages,
    rows: slice.map((a) => ({
      id: a.id,
      name: a.name,
      site: look.sites.get(a.siteId)?.name ?? a.siteId,
      organization: look.orgOfAsset(a)?.name ?? '',
      project: look.projects.get(a.projectId)?.name ?? a.projectId,
      tags: a.tags,
      effect: view.assetEffect(a.id) === 'full' ? 'full' : 'read',
    })),
  };
}

/** One row; /static/app.js builds the same markup with DOM calls for fetched pages (keep them in step). */
function row(r: FleetRow): Html {
  return html`<tr data-ai-asset-id="${r.id}">
    <td><a href="/assets/${encodeURIComponent(r.id)}" data-ai-asset-name-of="${r.id}">${r.name}</a></td>
    <td>${r.site}</td>
    <td>${r.organization}</td>
    <td>${r.project}</td>
    <td>${r.tags.map((t) => html`<span class="tag">${t}</span>`)}</td>
    <td data-ai-access-of="${r.id}">${r.effect === 'full' ? 'Edit' : 'View only'}</td>
  </tr>`;
}

export function fleetContent(view: UserView, data: FleetData): Html {
  const { query } = data;
  const params: Record<string, string> = {};
  if (query.q) params.q = query.q;
  if (query.project) params.project = query.project;
  return html`<section class="fleet">
    <h1>Assets</h1>
    <form class="filters" method="get" action="/fleet" data-ai-fleet-filter>
      <input type="search" name="q" value="${query.q}" placeholder="Filter by name, id, tag or site" aria-label="Filter">
      <select name="project" aria-label="Project">
        <option value="">All projects</option>
        ${view.projects().map((p) => html`<option value="${p.id}" ${p.id === query.project ? 'selected' : ''}>${p.name}</option>`)}
      </select>
      <button type="submit">Filter</button>
    </form>
    <table class="grid">
      <thead><tr><th>Asset</th><th>Site</th><th>Organization</th><th>Project</th><th>Tags</th><th>Access</th></tr></thead>
      <tbody data-ai-fleet-rows>
        ${data.rows.map(row)}
      </tbody>
    </table>
    <p class="empty" data-ai-fleet-empty ${data.rows.length > 0 ? 'hidden' : ''}>No assets to show.</p>
    <div data-ai-fleet-pager>${pager('/fleet', params, query.page, data.pages, data.total, 'assets')}</div>
  </section>`;
}
