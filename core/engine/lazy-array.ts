// An array whose items are built on first read (issue 13: a loaded fleet's first answer reads one user and the
// roles of that user's projects, not the 50k users and every role's tag words). It is a real array behind a Proxy:
// indexing, length, iteration, the array methods, Array.isArray and deep equality behave as on the built array; an
// item is built once, and listing the keys (Object.keys, a spread of entries) builds them all. A write replaces an item.

/** The array index `key` names, or -1 (a property such as `length` or `map`). */
function indexOf(key: string | symbol, length: number): number {
  if (typeof key !== 'string' || key.length === 0 || key.length > 10) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && key.length > 1)) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < length ? i : -1;
}

/** Per lazy array: how many of its items were built so far. */
const builtCounts = new WeakMap<object, () => number>();

/** How many items of a lazyArray were built (null: `a` is not one). */
export function builtItems(a: readonly unknown[]): number | null {
  return builtCounts.get(a)?.() ?? null;
}

export function lazyArray<T>(length: number, build: (i: number) => T): T[] {
  const items = new Array<T>(length);
  const built = new Uint8Array(length);
  let count = 0;
  const at = (i: number): T => {
    if (built[i] === 0) {
      items[i] = build(i);
      built[i] = 1;
      count++;
    }
    return items[i];
  };
  const all = () => {
    for (let i = 0; i < length; i++) at(i);
  };
  const array = new Proxy(items, {
    get(target, key, receiver) {
      const i = indexOf(key, length);
      return i >= 0 ? at(i) : Reflect.get(target, key, receiver);
    },
    set(target, key, value, receiver) {
      const i = indexOf(key, length);
      if (i >= 0 && built[i] === 0) {
        built[i] = 1;
        count++;
      }
      return Reflect.set(target, key, value, receiver);
    },
    has(target, key) {
      return indexOf(key, length) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key, length);
      if (i >= 0) at(i);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      all();
      return Reflect.ownKeys(target);
    },
  });
  builtCounts.set(array, () => count);
  return array;
}
