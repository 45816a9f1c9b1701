// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { matchUrlPattern, pickAdapter, PAGE_ADAPTERS, PAGE_KINDS, samePageContext } from '../../core/adapters';
import { readPageContext } from '../../components/adapters/read-page';
import { PAGES } from './page-fixtures';

function load(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('page adapters', () => {
  it('there is one adapter per page kind, declared as data', () => {
    expect(PAGE_ADAPTERS.map((a) => a.id).sort()).toEqual([...PAGE_KINDS].sort());
    for (const a of PAGE_ADAPTERS) expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('fleet: the signed-in user, the project and every asset row once, in page order', () => {
    const ctx = readPageContext(load(PAGES.fleet.html), { pathname: PAGES.fleet.path });
    expect(ctx).toMatchObject({
      adapterId: 'fleet',
      userId: 'u-tech',
      projectId: 'p1',
      assetIds: ['a-pump', 'a-hostile'],
      assetDetailId: null,
    });
  });

  it('asset: the asset the page is about and its tickets', () => {
    const ctx = readPageContext(load(PAGES.asset.html), { pathname: PAGES.asset.path });
    expect(ctx).toMatchObject({ adapterId: 'asset', assetDetailId: 'a-pump', assetIds: ['a-pump'], ticketIds: ['t-pump'] });
  });

  it('asset: a hidden asset’s page still names the asset', () => {
    const ctx = readPageContext(load(PAGES.hiddenAsset.html), { pathname: PAGES.hiddenAsset.path });
    expect(ctx).toMatchObject({ adapterId: 'asset', assetDetailId: 'a-valve', assetIds: [] });
  });

  it('asset: without the attribute the id comes from the URL', () => {
    const doc = load('<body data-ai-page="asset" data-ai-user-id="u-tech"></body>');
    expect(readPageContext(doc, { pathname: '/assets/a%20b' }).assetDetailId).toBe('a b');
  });

  it('tickets: ticket rows and the assets they name (redacted ones by id only)', () => {
    const ctx = readPageContext(load(PAGES.tickets.html), { pathname: PAGES.tickets.path });
    expect(ctx).toMatchObject({ adapterId: 'tickets', ticketIds: ['t-pump', 't-valve'], assetIds: ['a-pump', 'a-valve'] });
  });

  it('users, user and registrations: the target user and the registrants', () => {
    expect(readPageContext(load(PAGES.users.html), { pathname: PAGES.users.path })).toMatchObject({
      adapterId: 'users',
      targetUserId: null,
    });
    expect(readPageContext(load(PAGES.user.html), { pathname: PAGES.user.path })).toMatchObject({
      adapterId: 'user',
      targetUserId: 'u-new',
    });
    expect(readPageContext(load(PAGES.registrations.html), { pathname: PAGES.registrations.path })).toMatchObject({
      adapterId: 'registrations',
      registrantIds: ['u-new', 'u-new2'],
    });
  });

  it('feature: the group and the project the page shows', () => {
    const ctx = readPageContext(load(PAGES.feature.html), { pathname: PAGES.feature.path });
    expect(ctx).toMatchObject({ adapterId: 'feature', featureGroupId: 'dashboards', projectId: 'p2' });
  });

  it('the page’s marker wins over the URL; without a marker the URL decides, also under a base path', () => {
    expect(pickAdapter('/fleet', 'tickets')!.id).toBe('tickets');
    expect(pickAdapter('/app/assets/a1', null)!.id).toBe('asset');
    expect(pickAdapter('/users/u1', null)!.id).toBe('user');
    expect(pickAdapter('/users', null)!.id).toBe('users');
    expect(pickAdapter('/somewhere/else', null)).toBeNull();
    expect(matchUrlPattern('/assets/:assetId', '/assets/')).toBeNull();
    expect(matchUrlPattern('/assets/:assetId', '/assets/%E0%A4%A')).toBeNull();
  });

  it('an unknown page still gives the signed-in user', () => {
    const ctx = readPageContext(load('<body data-ai-page="settings" data-ai-user-id="u-qm" data-ai-project-id="p2"></body>'), {
      pathname: '/settings',
    });
    expect(ctx).toMatchObject({ adapterId: null, userId: 'u-qm', projectId: 'p2', assetIds: [] });
  });

  it('follows single-page navigation: reading again after the DOM changes gives the new context', () => {
    const doc = load(PAGES.fleet.html);
    const first = readPageContext(doc, { pathname: '/fleet' });
    expect(samePageContext(first, readPageContext(doc, { pathname: '/fleet' }))).toBe(true);
    const row = doc.createElement('tr');
    row.setAttribute('data-ai-asset-id', 'a-depot');
    doc.querySelector('tbody')!.append(row);
    const second = readPageContext(doc, { pathname: '/fleet' });
    expect(second.assetIds).toEqual(['a-pump', 'a-hostile', 'a-depot']);
    expect(samePageContext(first, second)).toBe(false);
  });
});
