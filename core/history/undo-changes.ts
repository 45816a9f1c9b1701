// The state as of a past moment as a change list (issue 13 + 18): instead of rebuilding the whole snapshot and
// compiling it again, the current fleet is patched backwards — each record changed after the moment put back as it
// was then (or deleted when it did not exist yet). Same state as stateAsOf: a record changed in place keeps its
// place, one deleted since comes back at the end in the order undoAfter meets it.
import type { FleetChange } from '../engine/fleet-patch';
import type { History } from '../model/history';
import { undoAfter } from './state-as-of';

/** The changes that take the current state back to the state as of `atMs` (the caller checked the range). */
export function undoChanges(history: History, atMs: number): FleetChange[] {
  const out: FleetChange[] = [];
  for (const [collection, undo] of undoAfter(history, atMs)) {
    const puts: unknown[] = [];
    const deletes: string[] = [];
    for (const [key, then] of undo) {
      if (then === null || then === undefined) deletes.push(key);
      else puts.push(then);
    }
    out.push({ collection, puts, deletes });
  }
  return out;
}
