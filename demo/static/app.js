// The demo platform's only script. The fleet page is a small single-page app: filtering and paging fetch
// /fleet/data and rebuild the rows with DOM calls (textContent, never HTML strings), and history.pushState keeps
// the address bar and Back button right. The rows carry the same data attributes as the server-rendered ones.

const onFleet = document.body.dataset.aiPage === 'fleet';

// Project picker: switch on change.
for (const select of document.querySelectorAll('select[data-ai-project-select]')) {
  const form = select.closest('form');
  form?.querySelector('button')?.setAttribute('hidden', '');
  select.addEventListener('change', () => form?.submit());
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function rowOf(r) {
  const tags = el('td');
  for (const t of r.tags) tags.append(el('span', { class: 'tag' }, t), ' ');
  return el(
    'tr',
    { 'data-ai-asset-id': r.id },
    el('td', null, el('a', { href: `/assets/${encodeURIComponent(r.id)}`, 'data-ai-asset-name-of': r.id }, r.name)),
    el('td', null, r.site),
    el('td', null, r.organization),
    el('td', null, r.project),
    tags,
    el('td', { 'data-ai-access-of': r.id }, r.effect === 'full' ? 'Edit' : 'View only'),
  );
}

function pagerOf(data) {
  const { query, pages, total } = data;
  const link = (n) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.project) p.set('project', query.project);
    p.set('page', String(n));
    return `/fleet?${p}`;
  };
  const nav = el('nav', { class: 'pager', 'data-ai-pager': '' },
    el('span', null, `${total.toLocaleString('en')} assets · page ${query.page} of ${Math.max(1, pages)}`));
  if (query.page > 1) nav.append(' ', el('a', { href: link(query.page - 1), 'data-page': String(query.page - 1), rel: 'prev' }, 'Previous'));
  if (query.page < pages) nav.append(' ', el('a', { href: link(query.page + 1), 'data-page': String(query.page + 1), rel: 'next' }, 'Next'));
  return nav;
}

let loading = 0;

async function loadFleet(search, push) {
  const ticket = ++loading;
  document.body.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`/fleet/data${search}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) throw new Error(`HTTP ${res.status}`);
    const data = await res.json();
    if (ticket !== loading) return; // a later request won
    document.querySelector('[data-ai-fleet-rows]').replaceChildren(...data.rows.map(rowOf));
    document.querySelector('[data-ai-fleet-pager]').replaceChildren(pagerOf(data));
    document.querySelector('[data-ai-fleet-empty]').toggleAttribute('hidden', data.rows.length > 0);
    const form = document.querySelector('form[data-ai-fleet-filter]');
    form.elements.q.value = data.query.q;
    form.elements.project.value = data.query.project;
    if (push) history.pushState({ fleet: true }, '', `/fleet${search}`);
    document.dispatchEvent(new CustomEvent('ai:fleet-rows', { detail: { count: data.rows.length } }));
  } catch {
    location.assign(`/fleet${search}`); // the server-rendered page always works
  } finally {
    if (ticket === loading) document.body.removeAttribute('aria-busy');
  }
}

if (onFleet) {
  const form = document.querySelector('form[data-ai-fleet-filter]');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (form.elements.q.value.trim()) p.set('q', form.elements.q.value.trim());
    if (form.elements.project.value) p.set('project', form.elements.project.value);
    loadFleet(p.size ? `?${p}` : '', true);
  });
  document.querySelector('[data-ai-fleet-pager]').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-page]');
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    loadFleet(new URL(a.href).search, true);
  });
  window.addEventListener('popstate', () => loadFleet(location.search, false));
}
