import { describe, expect, it } from 'vitest';
import { builtItems, lazyArray } from '../../core/engine/lazy-array';

const squares = (n: number, log: number[] = []) =>
  lazyArray(n, (i) => {
    log.push(i);
    return { i, square: i * i };
  });

describe('an array built item by item on first read', () => {
  it('builds an item when it is read, once, and no other', () => {
    const log: number[] = [];
    const a = squares(1000, log);
    expect(a.length).toBe(1000);
    expect(builtItems(a)).toBe(0);
    expect(a[7]).toEqual({ i: 7, square: 49 });
    expect(a[7]).toBe(a[7]);
    expect(a[999].square).toBe(998_001);
    expect(a[1000]).toBeUndefined();
    expect(log).toEqual([7, 999]);
    expect(builtItems(a)).toBe(2);
    expect(builtItems([1, 2])).toBeNull();
  });

  it('behaves as the built array for every array reader: methods, iteration, equality, copies, JSON', () => {
    const plain = Array.from({ length: 5 }, (_, i) => ({ i, square: i * i }));
    const a = squares(5);
    expect(Array.isArray(a)).toBe(true);
    expect(a.map((x) => x.square)).toEqual([0, 1, 4, 9, 16]);
    expect([...squares(5)]).toEqual(plain);
    expect(squares(5).slice(1, 3)).toEqual(plain.slice(1, 3));
    expect(Array.isArray(squares(5).slice())).toBe(true);
    expect(squares(5)).toEqual(plain);
    expect(Object.keys(squares(5))).toEqual(['0', '1', '2', '3', '4']);
    expect(JSON.stringify(squares(5))).toBe(JSON.stringify(plain));
    expect(2 in squares(5)).toBe(true);
    expect(5 in squares(5)).toBe(false);
    expect(squares(5).findIndex((x) => x.square === 9)).toBe(3);
  });

  it('keeps a written item instead of building it', () => {
    const log: number[] = [];
    const a = squares(3, log);
    a[1] = { i: 1, square: -1 };
    expect(a[1].square).toBe(-1);
    expect(a.map((x) => x.square)).toEqual([0, -1, 4]);
    expect(log).toEqual([0, 2]);
  });
});
