// HTML of each page kind, shaped like the demo platform's templates (demo/pages/*): the attributes the adapters read.
const frame = (page: string, content: string, project = 'p1') =>
  `<!doctype html><html><head><title>t</title></head>
<body data-ai-page="${page}" data-ai-user-id="u-tech" data-ai-project-id="${project}">
<header class="topbar"><span class="user-name" data-ai-user-name-of="u-tech">Tom Tech</span></header>
<nav><ul><li><a href="/fleet" data-ai-menu-group="assets">Assets</a></li><li><a href="/tickets" data-ai-menu-group="tickets">Tickets</a></li></ul></nav>
<main>${content}</main></body></html>`;

export const PAGES = {
  fleet: {
    path: '/fleet',
    html: frame(
      'fleet',
      `<table class="grid"><tbody data-ai-fleet-rows>
        <tr data-ai-asset-id="a-pump"><td><a href="/assets/a-pump" data-ai-asset-name-of="a-pump">Pump P-7</a></td></tr>
        <tr data-ai-asset-id="a-hostile"><td><a href="/assets/a-hostile" data-ai-asset-name-of="a-hostile">&lt;img&gt;</a></td></tr>
        <tr data-ai-asset-id="a-pump"><td>duplicate row of the same asset</td></tr>
      </tbody></table>`,
    ),
  },
  asset: {
    path: '/assets/a-pump',
    html: frame(
      'asset',
      `<section class="asset-detail" data-ai-asset-id="a-pump" data-ai-asset-detail-id="a-pump" data-ai-asset-access="read">
        <h1 data-ai-asset-name-of="a-pump">Pump P-7</h1>
        <table><tbody><tr data-ai-ticket-id="t-pump"><td>Pump vibrates</td></tr></tbody></table>
      </section>`,
    ),
  },
  hiddenAsset: {
    path: '/assets/a-valve',
    html: frame(
      'asset',
      `<section class="asset-detail" data-ai-asset-detail-id="a-valve" data-ai-asset-access="hidden"><h1>Asset not available</h1></section>`,
    ),
  },
  tickets: {
    path: '/tickets',
    html: frame(
      'tickets',
      `<table><tbody>
        <tr data-ai-ticket-id="t-pump" data-ai-ticket-access="visible"><td>Pump vibrates</td>
          <td><a href="/assets/a-pump" data-ai-asset-id="a-pump" data-ai-asset-name-of="a-pump">Pump P-7</a></td></tr>
        <tr data-ai-ticket-id="t-valve" data-ai-ticket-access="redacted"><td>Valve leaks</td>
          <td><span class="redacted" data-ai-asset-id="a-valve" data-ai-asset-redacted="true">Asset hidden</span></td></tr>
      </tbody></table>`,
    ),
  },
  users: {
    path: '/users',
    html: frame('users', `<table><tbody><tr data-ai-user-row="u-qm"><td>Quinn</td></tr></tbody></table>`),
  },
  user: {
    path: '/users/u-new',
    html: frame('user', `<section class="user-detail" data-ai-target-user-id="u-new"><h1>User</h1></section>`),
  },
  registrations: {
    path: '/registrations',
    html: frame(
      'registrations',
      `<table><tbody><tr data-ai-registrant-id="u-new"><td>Nina</td></tr><tr data-ai-registrant-id="u-new2"><td>Ned</td></tr></tbody></table>`,
    ),
  },
  feature: {
    path: '/features/dashboards',
    html: frame('feature', `<section class="feature" data-ai-feature-group="dashboards"><h1>Dashboards</h1></section>`, 'p2'),
  },
} as const;
