// @vitest-environment happy-dom
// Badges follow the data by themselves (both hosts relied on copies of this): a new snapshot in the source (a
// sync, another tab's commit) makes every badge ask again, and a destroyed badge set stops listening.
import { afterEach, describe, expect, it } from 'vitest';
import { createBadges, type BadgeController } from '../../components/badges';
import { BADGE_ATTR } from '../../components/overlay/selectors';
import { createDirectSource } from '../../core/source/direct-source';
import { fixtureSnapshot } from '../components/fixture';

let badges: BadgeController | null = null;
afterEach(() => {
  badges?.destroy();
  badges = null;
  document.body.replaceChildren();
});

const labelOf = (row: Element) => row.querySelector(`[${BADGE_ATTR}]`)?.shadowRoot?.querySelector('button')?.textContent ?? null;

describe('badges and new data', () => {
  it('ask again when the source publishes a new data version, and not after destroy', async () => {
    const snapshot = fixtureSnapshot();
    const row = document.createElement('div');
    row.setAttribute('data-ai-asset-id', 'a-valve');
    document.body.append(row);
    const source = createDirectSource({ snapshot });
    badges = createBadges(document, source, 'u-tech');
    await badges.settled();
    expect(labelOf(row)).toBe('hidden');
    // The asset left the platform: the next snapshot does not have it.
    source.setSnapshot({ ...snapshot, assets: snapshot.assets.filter((a) => a.id !== 'a-valve') });
    await badges.settled();
    expect(labelOf(row)).toBe('?');
    badges.destroy();
    source.setSnapshot(snapshot);
    await new Promise((r) => setTimeout(r, 20));
    expect(row.querySelector(`[${BADGE_ATTR}]`)).toBeNull();
  });
});
