import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LAUNCHER_MARGIN, LAUNCHER_SIZE, dockAt, nudge, placeOf } from '../../components/host/dock';

const viewport = { width: 1280, height: 800 };

describe('launcher docking', () => {
  it('docks to the nearer side where it was dropped', () => {
    expect(dockAt(100, 400, viewport).side).toBe('left');
    expect(dockAt(1000, 400, viewport).side).toBe('right');
  });

  it('keeps the drop height, clamped to the viewport', () => {
    expect(dockAt(0, -500, viewport).top).toBe(0);
    expect(dockAt(0, 5000, viewport).top).toBe(1);
    const mid = dockAt(0, 400, viewport);
    expect(placeOf(mid, viewport).top + LAUNCHER_SIZE / 2).toBeCloseTo(400, 5);
  });

  it('always places the docked launcher fully on screen', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2000, max: 4000, noNaN: true }),
        fc.double({ min: -2000, max: 4000, noNaN: true }),
        fc.integer({ min: 200, max: 3000 }),
        fc.integer({ min: 200, max: 3000 }),
        (x, y, width, height) => {
          const vp = { width, height };
          const place = placeOf(dockAt(x, y, vp), vp);
          expect(place.left).toBeGreaterThanOrEqual(LAUNCHER_MARGIN);
          expect(place.left + LAUNCHER_SIZE).toBeLessThanOrEqual(width - LAUNCHER_MARGIN + 1e-9);
          expect(place.top).toBeGreaterThanOrEqual(LAUNCHER_MARGIN);
          expect(place.top + LAUNCHER_SIZE).toBeLessThanOrEqual(height - LAUNCHER_MARGIN + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('moves with the arrow keys and ignores other keys', () => {
    const start = { side: 'right' as const, top: 0.5 };
    expect(nudge(start, 'ArrowLeft')).toEqual({ side: 'left', top: 0.5 });
    expect(nudge(start, 'ArrowUp')?.top).toBeCloseTo(0.45);
    expect(nudge({ side: 'left', top: 1 }, 'ArrowDown')?.top).toBe(1);
    expect(nudge(start, 'a')).toBeNull();
  });
});
