// @vitest-environment happy-dom
// The Role impact view on the demo platform's real role editor markup (demo/pages/roles.ts): it follows the form's
// unsaved state on every change, says the totals first (the engine's numbers), explains what Save would be refused
// for, lints the draft, confirms a save from synced data and shows what someone else changed.
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileFleet } from '../../core/engine/fleet';
import { roleVersion } from '../../core/engine/role-edit';
import { roleImpact } from '../../core/engine/role-impact';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import type { DataSource } from '../../core/source/data-source';
import { createDirectSource } from '../../core/source/direct-source';
import { RoleImpactView } from '../../components/views/RoleImpactView';
import { roleEditorContent } from '../../demo/pages/roles';
import { fixtureSnapshot } from './fixture';
import { inPanel, panelModel, setStatus, syncedStatus } from './in-panel';

afterEach(() => {
  cleanup();
  document.body.replaceChildren();
});

async function mountEditor(role: ProjectRole): Promise<HTMLFormElement> {
  const markup = String(await roleEditorContent({ role, projects: [{ id: 'p1', name: 'Plant One' }], csrf: 'token' }));
  const parsed = new DOMParser().parseFromString(`<main>${markup}</main>`, 'text/html');
  document.body.setAttribute('data-ai-page', 'role');
  parsed.querySelector('script')?.remove(); // the editor script is the browser test's (e2e); here the form is plain
  document.body.append(document.importNode(parsed.querySelector('main')!, true));
  return document.querySelector('form[data-ai-role-form]') as HTMLFormElement;
}

function toggle(form: HTMLFormElement, selector: string, checked: boolean): void {
  const box = form.querySelector(selector) as HTMLInputElement;
  box.checked = checked;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.dispatchEvent(new Event('change', { bubbles: true }));
}

const q = (sel: string) => document.querySelector(sel);

/** The view in a panel on the role editor's page, for that role. */
function renderImpact(source: DataSource, role: ProjectRole): void {
  render(inPanel(<RoleImpactView />, { source, context: { projectRoleId: role.id }, pageDocument: document, idPrefix: 't' }));
}

describe('RoleImpactView', () => {
  it("switching the Assets universal switch off shows the engine's totals, the lost menu item and the holders within the same update", async () => {
    const snapshot = fixtureSnapshot();
    const role = snapshot.projectRoles[0];
    const form = await mountEditor(role);
    const source = createDirectSource({ snapshot });
    renderImpact(source, role);
    await waitFor(() => expect(q('[data-role-impact-unsaved]')?.textContent).toBe('No unsaved change.'));

    toggle(form, 'input[data-ai-role-group="assets"]', false);
    const want = roleImpact(compileFleet(snapshot), role.id, {
      ...role,
      features: { ...role.features, assets: { ...role.features.assets, enabled: false } },
    });
    expect(want.totals.assets.hiddenAssets).toBe(2);
    await waitFor(() =>
      expect(q('[data-role-impact-headline]')?.textContent).toContain(
        'This change hides 2 assets from 2 users in 1 project; hides the Assets menu item from 2 users',
      ),
    );
    expect(q('[data-role-menu-change="assets"]')?.textContent).toBe('The «Assets» menu item disappears for 2 users.');
    expect(q('[data-role-impact-assets-lost]')?.getAttribute('data-role-impact-assets-lost')).toBe(String(want.totals.assets.lost));
    expect(q('[data-role-impact-unsaved]')?.textContent).toBe('Unsaved: Universal switch «Assets».');
    expect([...document.querySelectorAll('[data-holder]')].map((r) => r.getAttribute('data-holder'))).toEqual(['u-tech p1', 'u-cust p1']);
  });

  it('explains what Save would be refused for (write without read from a page without the editor script) and lints a tag no asset carries', async () => {
    const snapshot = fixtureSnapshot();
    const role = snapshot.projectRoles[0];
    const form = await mountEditor(role);
    renderImpact(createDirectSource({ snapshot }), role);
    await waitFor(() => expect(q('[data-role-impact-headline]')).not.toBeNull());
    toggle(form, 'input[data-ai-role-function="alarms.alarms"][data-ai-role-access="write"]', true);
    await waitFor(() =>
      expect(q('[data-refusal-code="ROLE_WRITE_WITHOUT_READ"]')?.textContent).toContain('features.alarms.functions.alarms.write'),
    );
    // The preview still reads the draft as the editor would normalise it (write turns read on).
    expect(q('[data-role-impact-headline]')).not.toBeNull();

    const tag = form.querySelector('[data-ai-role-tag-row="new"] [data-ai-role-tag-name]') as HTMLInputElement;
    tag.value = 'no-asset-has-this';
    tag.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => expect(q('[data-role-impact-lint] [data-lint-code="TAG_UNUSED"]')?.textContent).toContain('no-asset-has-this'));
  });

  it("shows a holder's changed assets on demand and exports the holders as CSV with formulas neutralised", async () => {
    const snapshot = fixtureSnapshot();
    snapshot.users = snapshot.users.map((u) => (u.id === 'u-cust' ? { ...u, name: '=HYPERLINK("http://evil")' } : u));
    const role = snapshot.projectRoles[0];
    const form = await mountEditor(role);
    renderImpact(createDirectSource({ snapshot }), role);
    toggle(form, 'input[data-ai-role-group="assets"]', false);
    await waitFor(() => expect(document.querySelector('[data-holder="u-tech p1"] button')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-holder="u-tech p1"] button')!);
    await waitFor(() =>
      expect([...document.querySelectorAll('[data-asset-change]')].map((e) => e.getAttribute('data-asset-change'))).toEqual([
        'a-pump',
        'a-hostile',
      ]),
    );
    expect(document.querySelector('[data-asset-change="a-pump"]')!.textContent).toContain('read → hidden');
    expect(document.querySelector('[data-holder="u-tech p1"] [data-holder-assets]')!.textContent).toBe(
      '0 gained, 2 lost (2 read → hidden)',
    );

    let blob: Blob | null = null;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    fireEvent.click(document.querySelector('[data-role-impact-export]')!);
    await waitFor(() => expect(blob).not.toBeNull());
    const text = await blob!.text();
    create.mockRestore();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('"User id","User","Project id"');
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('"u-cust"'))).toContain('"\'=HYPERLINK(""http://evil"")"');
  });

  it('after Save the numbers are confirmed from the synced data; a change by someone else is listed', async () => {
    const snapshot = fixtureSnapshot();
    const role = snapshot.projectRoles[0];
    const form = await mountEditor(role);
    const source = createDirectSource({ snapshot });
    const model = panelModel({ source, context: { projectRoleId: role.id }, pageDocument: document, idPrefix: 't' });
    render(inPanel(<RoleImpactView />, model));
    toggle(form, 'input[data-ai-role-group="assets"]', false);
    await waitFor(() => expect(q('[data-role-impact-headline]')?.textContent).toContain('hides 2 assets from 2 users'));
    const before = q('[data-role-impact-headline]')!.textContent;

    // What roles.js does after a 200: the saved state becomes the form's baseline, then it says so.
    const saved: ProjectRole = { ...role, features: { ...role.features, assets: { ...role.features.assets, enabled: false } } };
    for (const el of form.querySelectorAll('input')) if (el.type === 'checkbox') el.defaultChecked = el.checked;
    form.setAttribute('data-ai-role-version', roleVersion(saved));
    form.dispatchEvent(new CustomEvent('ai:role-saved', { bubbles: true, detail: { roleId: role.id, version: roleVersion(saved) } }));
    await waitFor(() => expect(q('[data-role-impact-saved]')?.getAttribute('data-role-impact-saved')).toBe('pending'));
    const synced: Snapshot = { ...snapshot, projectRoles: [saved, snapshot.projectRoles[1]] };
    source.setSnapshot(synced);
    setStatus(model, syncedStatus(2));
    await waitFor(() => expect(q('[data-role-impact-saved]')?.getAttribute('data-role-impact-saved')).toBe('confirmed'));
    expect(q('[data-role-impact-headline]')!.textContent).toBe(before);
    expect(q('[data-role-impact-conflict]')).toBeNull();

    // Someone else turns expert mode off: the synced role is no longer the one the editor has.
    source.setSnapshot({ ...synced, projectRoles: [{ ...saved, expertMode: false }, snapshot.projectRoles[1]] });
    setStatus(model, syncedStatus(3));
    toggle(form, 'input[data-ai-role-group="dashboards"]', false);
    await waitFor(() => expect(q('[data-role-impact-conflict]')?.textContent).toContain('Expert Mode'));
  });
});
