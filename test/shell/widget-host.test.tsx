// @vitest-environment happy-dom
// The widget's panel writes where the widget reads: Verify posts to the element's api-base (another origin than the
// page's) with the page's session cookie; without api-base it posts to the page's origin.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { API_PREFIX, AssignRoleResponseSchema } from '../../core/api/contract';
import { EMPTY_PAGE_CONTEXT } from '../../core/adapters/types';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import { mount, type PanelHandle } from '../../components/panel/mount';
import { widgetHost } from '../../widget/widget-host';
import { fixtureSnapshot } from '../components/fixture';

const API_BASE = 'https://api.platform.test/tenant';

let handle: PanelHandle | null = null;
afterEach(() => {
  handle?.unmount();
  handle = null;
  document.body.replaceChildren();
});

/** The platform's role endpoint as a fake fetch: it keeps every URL and request the panel sent, and answers as the
 * platform does (the user as stored now, checked by AssignRoleResponseSchema). */
function platform() {
  const snapshot = fixtureSnapshot();
  const fetched: { url: string; method: string; credentials: string | undefined; body: unknown }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input), location.href).href;
    const body = JSON.parse(String(init?.body));
    fetched.push({ url, method: init?.method ?? 'GET', credentials: init?.credentials, body });
    const index = snapshot.users.findIndex((u) => url.endsWith(`/users/${u.id}/role`));
    const user = { ...snapshot.users[index], systemRoleId: body.roleId, status: 'active' as const };
    platformUsers[index] = user;
    const answer = AssignRoleResponseSchema.parse({ user, assignedBy: 'u-qm', verified: true });
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  const platformUsers = [...snapshot.users];
  // "Sync": the source takes the platform's users as they are now.
  const source: EngineSource = createDirectSource({
    snapshot,
    onRefresh: async () => (source.setSnapshot({ ...snapshot, users: [...platformUsers] }), true),
  });
  return { fetched, fetchImpl, source };
}

async function verifyNina(apiBase: string | null) {
  const p = platform();
  const el = document.createElement('div');
  document.body.append(el);
  handle = mount(el, {
    host: widgetHost(p.source, apiBase, p.fetchImpl),
    context: { ...EMPTY_PAGE_CONTEXT, adapterId: 'registrations', userId: 'u-qm', registrantIds: ['u-new'] },
  });
  const panel = el.shadowRoot!.querySelector('.ai-panel') as HTMLElement;
  const item = await waitFor(() => {
    const found = panel.querySelector<HTMLElement>('[data-registrant-id="u-new"]');
    if (!found) throw new Error('no registrant yet');
    return found;
  });
  fireEvent.click(within(item).getByRole('button', { name: 'Verify' }));
  await waitFor(() => expect(p.fetched).toHaveLength(1));
  await waitFor(() => expect(panel.textContent).toContain('Nina New is verified as Customer.'));
  return p;
}

describe('the widget host', () => {
  it("posts Verify to the widget's api-base, not to the page's origin", async () => {
    const { fetched } = await verifyNina(API_BASE);
    expect(new URL(fetched[0].url).origin).not.toBe(location.origin);
    expect(fetched).toEqual([
      {
        url: `${API_BASE}${API_PREFIX}/users/u-new/role`,
        method: 'POST',
        credentials: 'include',
        body: { roleId: 'customer', ifCurrentRoleId: null },
      },
    ]);
  });

  it("posts Verify to the page's own origin when the widget names no api-base", async () => {
    const { fetched } = await verifyNina(null);
    expect(fetched.map((f) => f.url)).toEqual([`${location.origin}${API_PREFIX}/users/u-new/role`]);
  });
});
