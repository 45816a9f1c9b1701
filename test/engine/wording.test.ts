import { describe, expect, it } from 'vitest';
import { compileFleet } from '../../core/engine';
import { explainAsset } from './worded';
import { listOf } from '../../core/wording';
import { asset, baseSnapshot, member, role, user } from './fixtures';

describe('access wording', () => {
  it('names roles, tags, switches and scope by name', () => {
    const s = baseSnapshot({
      users: [user('u-tech', { name: 'Tina Tech', scope: { organizationIds: ['org-dairy'], siteIds: ['site-ghent'] } })],
      projectRoles: [role('pr-main', { name: 'Service EU' })],
    });
    const d = explainAsset(compileFleet(s), 'u-tech', 'a-1');
    expect(d.steps[1].message).toBe(
      "«Tina Tech»'s scope (organization «CC Benelux», narrowed to organization «Dairy BV» or site «Ghent Warehouse») does not include site «Antwerp Plant 2» (organization «Brewery NV»).",
    );
  });

  it('falls back to ids when a record is missing or unnamed', () => {
    const s = baseSnapshot({
      projectRoles: [{ ...role('pr-main'), name: '  ' }],
      memberships: [member('u-tech', 'pr-main')],
      assets: [asset('a-1', { tags: ['x'] })],
    });
    s.projectRoles[0].tags = [{ tag: 'y', read: true, write: false }];
    const d = explainAsset(compileFleet(s), 'u-tech', 'a-1');
    expect(d.steps.at(-1)!.message).toBe("Role «pr-main» has read on none of this asset's tags («x»).");
  });

  it('lists several items with commas and a conjunction', () => {
    expect(listOf(['a'])).toBe('«a»');
    expect(listOf(['a', 'b', 'c'])).toBe('«a», «b» and «c»');
    expect(listOf(['a', 'b'], 'or')).toBe('«a» or «b»');
  });
});
