import { describe, expect, it } from 'vitest';
import { builtItems, lazyItems, roleAt, userAt } from '../../core/engine/compiled-items';
import { compileFleet } from '../../core/engine';
import { fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { generateFleet } from '../../core/generate/fleet';
import { viaBytes } from './image-bytes';

describe('compiled users and roles built one by one', () => {
  it('builds an item when it is read, once, and all of them (the same objects) when the whole array is asked for', () => {
    const log: number[] = [];
    const items = lazyItems(1000, (i) => (log.push(i), { i, square: i * i }));
    expect(items.built()).toBe(0);
    const seven = items.at(7);
    expect(seven).toEqual({ i: 7, square: 49 });
    expect(items.at(7)).toBe(seven);
    expect(items.at(1000)).toBeUndefined();
    expect(items.at(-1)).toBeUndefined();
    expect(log).toEqual([7]);
    const all = items.all();
    expect(Array.isArray(all) && all.length).toBe(1000);
    expect(all[7]).toBe(seven);
    expect(all[999].square).toBe(998_001);
    expect(log).toHaveLength(1000);
    expect(items.all()).toBe(all);
    expect(items.built()).toBe(1000);
  });

  it('userAt and roleAt of a loaded fleet are the objects its arrays hold; of any other fleet, the arrays’ items', () => {
    const s = generateFleet({ assets: 200, seed: 8 });
    const compiled = compileFleet(s);
    const loaded = fleetFromImage(viaBytes(fleetToImage(compiled)));
    expect(builtItems(compiled)).toBeNull();
    expect(userAt(compiled, 3)).toBe(compiled.users[3]);
    expect(roleAt(compiled, 1)).toBe(compiled.roles[1]);
    const u = userAt(loaded, 3);
    const r = roleAt(loaded, 1);
    expect(builtItems(loaded)).toEqual({ users: 1, roles: 1 });
    expect(u).toEqual(compiled.users[3]);
    expect(r).toEqual(compiled.roles[1]);
    expect(loaded.users[3]).toBe(u);
    expect(loaded.roles[1]).toBe(r);
    expect(loaded.users).toEqual(compiled.users);
    expect(loaded.roles).toEqual(compiled.roles);
    expect(userAt(loaded, loaded.users.length)).toBeUndefined();
  });
});
