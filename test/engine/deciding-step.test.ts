// The deciding-step rule lives in the engine (core/engine/deciding-step.ts): the first failing step, else the last.
// The explain path's deciding step must be the code the fast path packs as "last" for every pair, so a list row,
// a badge and the explanation can never name different reasons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assetEffect, compileFleet, decidingAccessStep, decidingStep } from '../../core/engine';
import { snapshotArb } from './arbitraries';

describe('the deciding step', () => {
  it('is the first failing step, else the last one', () => {
    expect(
      decidingStep([
        { ok: true, n: 1 },
        { ok: false, n: 2 },
        { ok: false, n: 3 },
      ]),
    ).toEqual({ ok: false, n: 2 });
    expect(
      decidingStep([
        { ok: true, n: 1 },
        { ok: true, n: 2 },
      ]),
    ).toEqual({ ok: true, n: 2 });
    expect(decidingStep([])).toBeUndefined();
  });

  it("is the fast path's deciding code for every user and asset (random snapshots with SPEC §7 data)", () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (let u = 0; u < s.users.length; u++) {
          if (f.userIndex.get(s.users[u].id) !== u) continue;
          for (let a = 0; a < s.assets.length; a++) {
            if (f.assetIndex.get(s.assets[a].id) !== a) continue;
            expect(decidingAccessStep(f, u, a).step!.code).toBe(assetEffect(f, u, a).code);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
