// The membership structures of a patched fleet when only memberships changed (users, roles and project keys kept
// their positions): the per-user CSR is walked once as typed arrays (no hashing per membership) and the
// (user, project) → role look-up becomes the old one plus an overlay of the keys that changed — a 95,000-entry Map
// is not copied for one changed membership.
import type { Membership } from '../model/snapshot';
import type { Fleet, NumberLookup } from './fleet-types';
import { shiftedRow, type RowEdits } from './record-replay';

/** Overlay entries beyond which the look-up is built again as one Map. */
const MIN_COMPACT = 4096;

export class OverlaidNumbers implements NumberLookup {
  private constructor(
    private readonly base: NumberLookup,
    /** key → value, or -1 where the key is gone. */
    private readonly over: ReadonlyMap<number, number>,
  ) {}

  get(key: number): number | undefined {
    const o = this.over.get(key);
    if (o !== undefined) return o < 0 ? undefined : o;
    return this.base.get(key);
  }

  /** `previous` with `changes` (value -1: the key is gone; values are never negative); `whole` builds it as one Map. */
  static after(previous: NumberLookup, changes: ReadonlyMap<number, number>, whole: () => Map<number, number>): NumberLookup {
    if (changes.size === 0) return previous;
    const prev = previous instanceof OverlaidNumbers ? previous : null;
    const over = new Map(prev ? prev.over : []);
    for (const [k, v] of changes) over.set(k, v);
    return over.size > MIN_COMPACT ? whole() : new OverlaidNumbers(prev ? prev.base : previous, over);
  }
}

type MemberParts = Pick<Fleet, 'membershipRole' | 'userMemberStart' | 'memberProject' | 'memberRole' | 'memberRecord'>;

const NO_EDITS: RowEdits<Membership> = { before: 0, removed: new Int32Array(0), replaced: new Map(), added: [] };

/**
 * The membership structures after `edits` to the memberships (`records`: the records after them, read whole only for
 * new users; `recordAt`: one of them, for added memberships — a loaded fleet parses just those) and users appended
 * after the old ones (`userIndex`: the users after the patch; no user moved). Project keys and role positions are the
 * fleet's.
 */
export function patchMemberships(
  fleet: Fleet,
  memberEdits: RowEdits<Membership> | null,
  records: () => readonly Membership[],
  recordAt: (p: number) => Membership,
  userIndex: ReadonlyMap<string, number>,
): MemberParts {
  const edits = memberEdits ?? { ...NO_EDITS, before: records().length };
  const oldU = fleet.userMemberStart.length - 1;
  const U = userIndex.size;
  const P = fleet.projectKeyIds.length;
  const roleOf = (m: Membership) => fleet.projectRoleIndex.get(m.projectRoleId) ?? -1;
  const changes = new Map<number, number>();
  const gone = new Set(edits.removed);
  // Added memberships of known users, by user, in record order (they follow every old record).
  const addedBy = new Map<number, number[]>();
  const kept = edits.before - edits.removed.length;
  edits.added.forEach((m, k) => {
    const u = userIndex.get(m.userId);
    if (u === undefined || u >= oldU) return;
    const list = addedBy.get(u) ?? [];
    list.push(kept + k);
    addedBy.set(u, list);
  });
  // Memberships of the new users: every record naming them (they held no slots before).
  if (U > oldU)
    records().forEach((m, rec) => {
      const u = userIndex.get(m.userId);
      if (u === undefined || u < oldU) return;
      const list = addedBy.get(u) ?? [];
      list.push(rec);
      addedBy.set(u, list);
    });
  let slots = fleet.memberRecord.length + edits.added.length;
  for (let u = oldU; u < U; u++) slots += addedBy.get(u)?.length ?? 0;
  const userMemberStart = new Int32Array(U + 1);
  const memberProject = new Int32Array(slots);
  const memberRole = new Int32Array(slots);
  const memberRecord = new Int32Array(slots);
  let w = 0;
  for (let u = 0; u < U; u++) {
    userMemberStart[u] = w;
    const end = u < oldU ? fleet.userMemberStart[u + 1] : 0;
    for (let i = u < oldU ? fleet.userMemberStart[u] : 0; i < end; i++) {
      const rec = fleet.memberRecord[i];
      const key = u * P + fleet.memberProject[i];
      if (gone.has(rec)) {
        changes.set(key, -1);
        continue;
      }
      const replaced = edits.replaced.get(rec);
      const r = replaced ? roleOf(replaced) : fleet.memberRole[i];
      if (replaced) changes.set(key, r >= 0 ? r : -1);
      memberProject[w] = fleet.memberProject[i];
      memberRole[w] = r;
      memberRecord[w] = edits.removed.length > 0 ? shiftedRow(edits.removed, rec) : rec;
      w++;
    }
    for (const rec of addedBy.get(u) ?? []) {
      const m = recordAt(rec);
      const p = fleet.projectKeyIndex.get(m.projectId)!;
      const r = roleOf(m);
      // after this user's removed keys: a key deleted and put again in one patch is the new record's
      if (r >= 0) changes.set(u * P + p, r);
      memberProject[w] = p;
      memberRole[w] = r;
      memberRecord[w] = rec;
      w++;
    }
  }
  userMemberStart[U] = w;
  const fit = (a: Int32Array) => (w === slots ? a : a.slice(0, w));
  const parts = { userMemberStart, memberProject: fit(memberProject), memberRole: fit(memberRole), memberRecord: fit(memberRecord) };
  const whole = () => {
    // as compileMemberships: every slot with a known role, keyed user * P + project
    const m = new Map<number, number>();
    for (let u = 0; u < U; u++)
      for (let i = userMemberStart[u]; i < userMemberStart[u + 1]; i++)
        if (parts.memberRole[i] >= 0) m.set(u * P + parts.memberProject[i], parts.memberRole[i]);
    return m;
  };
  return { ...parts, membershipRole: OverlaidNumbers.after(fleet.membershipRole, changes, whole) };
}
