// The project-role editor's progressive enhancement (demo/pages/roles.ts works as a plain form without it):
// - R2 as the seed says: turning write on turns read on, turning read off turns write off; a universal switch that
//   is off greys its functions (they keep their values, so switching it on again restores them).
// - Save goes through the platform API (PUT /api/v1/project-roles/{id} with If-Match, or POST to create) with the
//   session cookie; the answer updates the form (its defaults become the saved state) or says why it was refused.
// It listens in the capture phase, so R2 is applied before any other listener on the form (the panel) reads it.
// Every DOM change goes through properties and textContent, never HTML strings.

const form = document.querySelector('form[data-ai-role-form]');

function pairOf(box) {
  const fn = box.getAttribute('data-ai-role-function');
  if (fn) return [...form.querySelectorAll(`input[data-ai-role-function="${CSS.escape(fn)}"]`)];
  const row = box.closest('[data-ai-role-tag-row]');
  return row ? [...row.querySelectorAll('input[data-ai-role-tag-access]')] : [];
}
const accessOf = (box) => box.getAttribute('data-ai-role-access') ?? box.getAttribute('data-ai-role-tag-access');

function applyR2(box) {
  const access = accessOf(box);
  if (!access) return;
  const other = pairOf(box).find((b) => b !== box && accessOf(b) !== access);
  if (!other) return;
  if (access === 'write' && box.checked) other.checked = true;
  if (access === 'read' && !box.checked) other.checked = false;
}

function greySwitches() {
  for (const set of form.querySelectorAll('[data-ai-role-switch]')) {
    const on = set.querySelector('input[data-ai-role-group]')?.checked === true;
    set.classList.toggle('greyed', !on);
  }
}

/** The role as the API takes it, from the form's current state. */
function roleOfForm() {
  const field = (name) => form.querySelector(`[data-ai-role-field="${name}"]`);
  const num = (name) => {
    const v = field(name).value.trim();
    return v === '' || Number.isNaN(Number(v)) ? v : Number(v);
  };
  const hasLoc = ['location.lat', 'location.lng', 'location.zoom'].some((n) => field(n).value.trim() !== '');
  const tags = [];
  for (const row of form.querySelectorAll('[data-ai-role-tag-row]')) {
    const name = row.querySelector('[data-ai-role-tag-name]').value.trim();
    if (name === '' || row.querySelector('[data-ai-role-tag-remove]')?.checked) continue;
    const box = (a) => row.querySelector(`[data-ai-role-tag-access="${a}"]`).checked;
    tags.push({ tag: name, read: box('read'), write: box('write') });
  }
  const features = {};
  for (const group of form.querySelectorAll('input[data-ai-role-group]')) {
    features[group.getAttribute('data-ai-role-group')] = { enabled: group.checked, functions: {} };
  }
  for (const box of form.querySelectorAll('input[data-ai-role-function]')) {
    const [g, f] = box.getAttribute('data-ai-role-function').split('.');
    const pair = (features[g].functions[f] ??= { read: false, write: false });
    pair[box.getAttribute('data-ai-role-access')] = box.checked;
  }
  const id = document.querySelector('[data-ai-role-id]').getAttribute('data-ai-role-id');
  return {
    ...(id ? { id } : {}),
    name: field('name').value,
    location: hasLoc ? { lat: num('location.lat'), lng: num('location.lng'), zoom: num('location.zoom') } : null,
    expertMode: field('expertMode').checked,
    fullAccessUntagged: field('fullAccessUntagged').checked,
    tags,
    features,
  };
}

function say(text, error) {
  const status = form.querySelector('[data-ai-role-save-status]');
  const alert = document.querySelector('[data-ai-role-save-message]');
  status.textContent = error ? '' : text;
  alert.textContent = error ? text : '';
  alert.hidden = !error;
}

/** After a save the saved state is the form's new baseline (what "unsaved changes" compare against). */
function settleDefaults(version) {
  for (const el of form.querySelectorAll('input')) {
    if (el.type === 'checkbox') el.defaultChecked = el.checked;
    else if (el.type !== 'hidden') el.defaultValue = el.value;
  }
  form.setAttribute('data-ai-role-version', version);
  form.elements.version.value = version;
}

async function save(event) {
  event.preventDefault();
  const isNew = form.getAttribute('data-ai-role-new') === 'true';
  const role = roleOfForm();
  const url = isNew ? '/api/v1/project-roles' : `/api/v1/project-roles/${encodeURIComponent(role.id)}`;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (!isNew) headers['If-Match'] = `"${form.getAttribute('data-ai-role-version')}"`;
  say('Saving…', false);
  let res;
  let body = null;
  try {
    res = await fetch(url, { method: isNew ? 'POST' : 'PUT', credentials: 'same-origin', headers, body: JSON.stringify(role) });
    body = await res.json().catch(() => null);
  } catch (err) {
    say(`The platform could not be reached: ${err.message}`, true);
    return;
  }
  if (res.ok && body?.role) {
    if (isNew) {
      location.assign(`/engineering/roles/${encodeURIComponent(body.role.id)}`);
      return;
    }
    settleDefaults(body.version);
    say(`Saved (version ${body.version}).`, false);
    form.dispatchEvent(new CustomEvent('ai:role-saved', { bubbles: true, detail: { roleId: body.role.id, version: body.version } }));
    return;
  }
  const problems = Array.isArray(body?.error?.problems) ? body.error.problems.map((p) => p.message).join(' ') : '';
  say(`Not saved (HTTP ${res.status}): ${problems || body?.error?.message || 'the platform refused'}`, true);
  form.dispatchEvent(new CustomEvent('ai:role-save-refused', { bubbles: true, detail: { status: res.status } }));
}

if (form) {
  const onToggle = (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'checkbox') applyR2(e.target);
    greySwitches();
  };
  form.addEventListener('change', onToggle, true);
  form.addEventListener('input', onToggle, true);
  form.addEventListener('submit', save);
  greySwitches();
  form.setAttribute('data-ai-role-script', 'ready');
}
