// The pages the demo remembers for its replay and reorder faults: the recent ones, within a bound on their size, so
// a large fleet's first sync does not keep hundreds of megabytes of served bodies.
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { DemoState } from '../../demo/state';
import { FeedStore } from '../../demo/store';

describe('remembered pages', () => {
  it('keep the most recent pages and at most 16 M characters of them', () => {
    const state = new DemoState(new FeedStore(generateFleet({ seed: 1, assets: 20 }), { trusted: true }));
    const body = (i: number) => `${i}`.padEnd(1_000_000, 'x');
    for (let i = 0; i < 40; i++) state.rememberPage(`assets c${i}`, body(i));
    const kept = [...state.servedPages.keys()];
    expect(kept.length).toBe(16);
    expect(kept.at(-1)).toBe('assets c39');
    expect(kept[0]).toBe('assets c24');
    expect([...state.servedPages.values()].reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(16_000_000);
  });

  it('keep up to 256 small pages, the latest answer per cursor', () => {
    const state = new DemoState(new FeedStore(generateFleet({ seed: 1, assets: 20 }), { trusted: true }));
    for (let i = 0; i < 300; i++) state.rememberPage(`assets c${i}`, `{"page":${i}}`);
    state.rememberPage('assets c100', 'again');
    expect(state.servedPages.size).toBe(256);
    expect(state.servedPages.get('assets c299')).toBe('{"page":299}');
    expect(state.servedPages.get('assets c100')).toBe('again');
    expect(state.servedPages.has('assets c0')).toBe(false);
  });
});
