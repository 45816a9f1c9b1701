import { describe, expect, it } from 'vitest';
import { compileFleet } from '../../core/engine';
import { projectFeatures } from './worded';
import { FEATURE_GROUP_IDS, FUNCTION_IDS } from '../../core/model/catalog';
import { baseSnapshot, member, role, user } from './fixtures';

const fn = (d: ReturnType<typeof projectFeatures>, id: string) => d.functions.find((f) => f.id === id)!;
const menu = (d: ReturnType<typeof projectFeatures>, g: string) => d.menu.find((m) => m.groupId === g)!.visible;

describe('features (R1, R10, §6 menu)', () => {
  const s = baseSnapshot({
    projectRoles: [
      {
        ...role('pr-main', {
          name: 'Service EU',
          assets: 'rw',
          extraFeatures: {
            dashboards: { enabled: true, functions: { dashboards: { read: true, write: false }, widgets: { read: true, write: true } } },
            alarms: { enabled: false, functions: { alarms: { read: true, write: true } } },
            analyticsReports: { enabled: true, functions: {} },
            tickets: { enabled: true, functions: {} },
          },
        }),
        location: { lat: 51.2, lng: 4.4, zoom: 9 },
      },
    ],
    users: [
      user('u-tech'),
      user('u-admin', { systemRoleId: 'globalAdmin', organizationId: 'org-global' }),
      user('u-off', { status: 'disabled' }),
    ],
    memberships: [member('u-tech', 'pr-main'), member('u-off', 'pr-main'), member('u-admin', 'pr-main', 'prj-other')],
  });
  const f = compileFleet(s);

  it('read = switch on and read; write = read and write; every catalog function in catalog order', () => {
    const d = projectFeatures(f, 'u-tech', 'prj-food');
    expect(d.functions.map((x) => x.id)).toEqual(FUNCTION_IDS);
    expect(fn(d, 'dashboards.dashboards')).toMatchObject({ read: true, write: false, code: 'READ_ONLY' });
    expect(fn(d, 'dashboards.widgets')).toMatchObject({ read: true, write: true, code: 'READ_WRITE' });
    expect(fn(d, 'alarms.alarms')).toMatchObject({ read: false, write: false, code: 'SWITCH_OFF' });
    expect(fn(d, 'alarms.alarms').message).toContain('«Alarms» switch off');
    expect(fn(d, 'bim.bim')).toMatchObject({ read: false, code: 'SWITCH_OFF' });
    expect(fn(d, 'analyticsReports.reports')).toMatchObject({ read: false, code: 'NO_READ' });
  });

  it('menu: a group shows iff on with a readable function; Tickets iff its switch is on', () => {
    const d = projectFeatures(f, 'u-tech', 'prj-food');
    expect(d.menu.map((m) => m.groupId)).toEqual(FEATURE_GROUP_IDS);
    expect(menu(d, 'dashboards')).toBe(true);
    expect(menu(d, 'alarms')).toBe(false);
    expect(menu(d, 'analyticsReports')).toBe(false); // on, but nothing readable
    expect(menu(d, 'tickets')).toBe(true); // on, and its J1 function is not readable
    expect(fn(d, 'tickets.augmentedReality').read).toBe(false);
  });

  it("reports the role's location and the projects it is used in (R10)", () => {
    const d = projectFeatures(f, 'u-tech', 'prj-food');
    expect(d).toMatchObject({
      projectRoleId: 'pr-main',
      location: { lat: 51.2, lng: 4.4, zoom: 9 },
      usedInProjects: ['prj-food', 'prj-other'],
    });
  });

  it('globalAdmin has every function with read and write in every project', () => {
    const d = projectFeatures(f, 'u-admin', 'prj-food');
    expect(d.code).toBe('SYSTEM_FULL_ACCESS');
    expect(d.functions.every((x) => x.read && x.write)).toBe(true);
    expect(d.menu.every((m) => m.visible)).toBe(true);
  });

  it('a non-active user has nothing; no project role means nothing', () => {
    const off = projectFeatures(f, 'u-off', 'prj-food');
    expect(off.code).toBe('USER_NOT_ACTIVE');
    expect(off.functions.some((x) => x.read)).toBe(false);
    expect(off.menu.some((m) => m.visible)).toBe(false);
    const none = projectFeatures(f, 'u-tech', 'prj-other');
    expect(none).toMatchObject({ code: 'NO_PROJECT_ROLE', projectRoleId: null, location: null, usedInProjects: [] });
    expect(none.functions.some((x) => x.read)).toBe(false);
  });

  it('unknown project is an UnknownIdError', () => {
    expect(() => projectFeatures(f, 'u-tech', 'prj-x')).toThrow(/unknown project id/);
  });
});
