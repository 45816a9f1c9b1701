// A property computed on first read. It stays an own, enumerable accessor (never reconfigured, so the object keeps
// its shape and a spread `{ ...fleet }` still copies every value); a write replaces the value, as on a plain object.
// Returns whether the value exists yet (read or written), for a reader that can answer one item without it.
export function defineLazy<T extends object, K extends keyof T>(obj: T, key: K, make: () => T[K]): () => boolean {
  let value: T[K];
  let made = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!made) {
        value = make();
        made = true;
      }
      return value;
    },
    set: (v: T[K]) => {
      value = v;
      made = true;
    },
  });
  return () => made;
}
