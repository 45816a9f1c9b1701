// Test helpers for access over time: replaying a history forward, effects of a state by the plain engine.
import { recordKey } from '../../core/api/contract';
import { compileFleet } from '../../core/engine/fleet';
import { userAssetsPacked } from '../../core/engine/visibility';
import type { HistoryEntry } from '../../core/model/history';
import { COLLECTION_NAMES, type Snapshot } from '../../core/model/snapshot';

/** Each collection as key → record (JSON), order ignored: what "the same state" means. */
export function stateMap(s: Snapshot): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const c of COLLECTION_NAMES) {
    const m: Record<string, string> = {};
    for (const r of (s[c] ?? []) as Record<string, unknown>[]) {
      const k = recordKey(c, r);
      if (!(k in m)) m[k] = JSON.stringify(r);
    }
    out[c] = m;
  }
  return out;
}

/** The snapshot with the entries applied forward (each record set to `after`, removed when null). */
export function replay(s: Snapshot, entries: readonly HistoryEntry[]): Snapshot {
  const out = { ...s } as Record<string, unknown>;
  for (const e of entries) {
    const list = ((out[e.collection] as unknown[] | undefined) ?? []).filter(
      (r) => recordKey(e.collection, r as Record<string, unknown>) !== e.key,
    );
    if (e.after !== null) list.push(e.after);
    out[e.collection] = list;
  }
  return out as Snapshot;
}

/** Effect (0 hidden, 1 read, 2 full) of every asset id for the user in a state, by the engine itself. */
export function effectsOf(s: Snapshot, userId: string): Map<string, number> {
  const f = compileFleet(s);
  const u = f.userIndex.get(userId);
  const out = new Map<string, number>();
  const packed = u === undefined ? null : userAssetsPacked(f, u);
  s.assets.forEach((a, i) => {
    if (!out.has(a.id)) out.set(a.id, packed ? packed[i] & 3 : 0);
  });
  return out;
}
