// Indexes grouped by a small integer key (a project key, say) in two linear passes — a counting sort into
// compressed sparse rows — instead of a Map of arrays: the engine's per-project walks read them as typed arrays.

/** The indexes i (not skipped) with keys[i] === k are list[start[k] .. start[k+1]), ascending. Keys lie in [0, K). */
export function groupByKey(keys: ArrayLike<number>, K: number, skip?: Uint8Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(K + 1);
  for (let i = 0; i < keys.length; i++) if (!skip?.[i]) start[keys[i] + 1]++;
  for (let k = 0; k < K; k++) start[k + 1] += start[k];
  const fill = start.slice(0, K);
  const list = new Int32Array(start[K]);
  for (let i = 0; i < keys.length; i++) if (!skip?.[i]) list[fill[keys[i]]++] = i;
  return { start, list };
}
