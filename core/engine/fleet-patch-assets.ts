// The asset columns of a patched fleet: runs of unchanged rows are copied as typed-array slices, replaced and added
// rows are computed from their records. Nothing here touches an asset object of the rows it keeps.
import type { Asset } from '../model/snapshot';
import type { Fleet } from './fleet-types';
import { PatchedLookup } from './patched-lookup';
import { shiftedRow, type RowEdits } from './record-replay';

/** Key look-ups that add the ids they have not seen (patchFleet's key spaces). */
export interface AssetKeys {
  project(id: string): number;
  /** Known site index (-1) and site key of a site id. */
  site(id: string): { site: number; key: number };
  tag(name: string): number;
}

type AssetColumns = Pick<
  Fleet,
  | 'assetIndex'
  | 'assetSite'
  | 'assetSiteKey'
  | 'assetProject'
  | 'assetOrgPos'
  | 'assetTagStart'
  | 'assetTagList'
  | 'assetIds'
  | 'assetNames'
  | 'assetRawTags'
  | 'assetDuplicate'
>;

/** Old rows kept in runs, or one new record each, in final order. */
type Piece = { from: number; to: number } | { record: Asset };

function piecesOf(edits: RowEdits<Asset>): Piece[] {
  const events = [...edits.removed, ...edits.replaced.keys()].sort((a, b) => a - b);
  const out: Piece[] = [];
  let cur = 0;
  for (const e of events) {
    if (cur < e) out.push({ from: cur, to: e });
    const r = edits.replaced.get(e);
    if (r !== undefined) out.push({ record: r });
    cur = e + 1;
  }
  if (cur < edits.before) out.push({ from: cur, to: edits.before });
  for (const record of edits.added) out.push({ record });
  return out;
}

/**
 * A string column after the edits: one native copy of the array, replaced rows written in, removed rows closed up
 * with copyWithin (measured at 100,000: slices joined by concat cost three times one copy).
 */
function patchStrings(old: readonly string[], edits: RowEdits<Asset>, valueOf: (a: Asset) => string): string[] {
  const removed = edits.removed;
  // appends without removals: one concat (a push onto a copy grows it by copying it again)
  const out = removed.length === 0 ? old.concat(edits.added.map(valueOf)) : old.slice();
  for (const [p, a] of edits.replaced) out[p] = valueOf(a);
  if (removed.length > 0) {
    let w = removed[0];
    for (let k = 0; k < removed.length; k++) {
      const from = removed[k] + 1;
      const to = k + 1 < removed.length ? removed[k + 1] : old.length;
      if (from < to) out.copyWithin(w, from, to);
      w += to - from;
    }
    out.length = w;
    for (const a of edits.added) out.push(valueOf(a));
  }
  return out;
}

/** Copies the tag rows of old assets [from, to) to row `d`, list offset `l`; returns the list offset after them. */
function copyTagRun(
  start: Int32Array,
  list: Int32Array,
  from: number,
  to: number,
  outStart: Int32Array,
  outList: Int32Array,
  d: number,
  l: number,
): number {
  const s0 = start[from];
  outList.set(list.subarray(s0, start[to]), l);
  const shift = l - s0;
  const at = d - from;
  for (let i = from; i < to; i++) outStart[at + i] = start[i] + shift;
  return l + start[to] - s0;
}

/** The asset's tags as sorted-out tag indexes: de-duplicated in its own order (as compileFleet does). */
function tagRow(a: Asset, keys: AssetKeys): number[] {
  const out: number[] = [];
  for (const t of a.tags) {
    const ti = keys.tag(t);
    if (!out.includes(ti)) out.push(ti);
  }
  return out;
}

/** The asset columns after `edits`; keys of new ids are added through `keys`. */
export function patchAssetColumns(
  fleet: Fleet,
  edits: RowEdits<Asset>,
  keys: AssetKeys,
  orgPosOfSite: (site: number) => number,
): Partial<AssetColumns> {
  if (edits.removed.length === 0 && edits.added.length === 0) return patchInPlace(fleet, edits.replaced, keys, orgPosOfSite);
  const pieces = piecesOf(edits);
  const A = edits.before - edits.removed.length + edits.added.length;
  const site = new Int32Array(A);
  const siteKey = new Int32Array(A);
  const project = new Int32Array(A);
  const orgPos = new Int32Array(A);
  const tagStart = new Int32Array(A + 1);
  const rows = new Map<Piece, number[]>();
  let listLength = 0;
  for (const piece of pieces) {
    if ('record' in piece) {
      const t = tagRow(piece.record, keys);
      rows.set(piece, t);
      listLength += t.length;
    } else listLength += fleet.assetTagStart[piece.to] - fleet.assetTagStart[piece.from];
  }
  const tagList = new Int32Array(listLength);
  const rawTags = new Map<number, string[]>();
  let d = 0;
  let l = 0;
  for (const piece of pieces) {
    if ('record' in piece) {
      const a = piece.record;
      const s = keys.site(a.siteId);
      site[d] = s.site;
      siteKey[d] = s.key;
      project[d] = keys.project(a.projectId);
      orgPos[d] = s.site >= 0 ? orgPosOfSite(s.site) : -1;
      const t = rows.get(piece)!;
      tagStart[d] = l;
      tagList.set(t, l);
      l += t.length;
      if (t.length !== a.tags.length) rawTags.set(d, [...a.tags]);
      d++;
      continue;
    }
    const { from, to } = piece;
    site.set(fleet.assetSite.subarray(from, to), d);
    siteKey.set(fleet.assetSiteKey.subarray(from, to), d);
    orgPos.set(fleet.assetOrgPos.subarray(from, to), d);
    project.set(fleet.assetProject.subarray(from, to), d);
    l = copyTagRun(fleet.assetTagStart, fleet.assetTagList, from, to, tagStart, tagList, d, l);
    d += to - from;
  }
  tagStart[A] = l;
  for (const [p, tags] of fleet.assetRawTags) {
    if (edits.replaced.has(p)) continue;
    const i = edits.removed.indexOf(p);
    if (i >= 0) continue;
    rawTags.set(shiftedRow(edits.removed, p), tags);
  }
  const assetIds = patchStrings(fleet.assetIds, edits, (a) => a.id);
  const assetNames = patchStrings(fleet.assetNames, edits, (a) => a.name);
  const oldIds = fleet.assetIds;
  return {
    assetIndex: PatchedLookup.after(
      fleet.assetIndex,
      edits.before,
      (i) => oldIds[i],
      edits.removed,
      edits.added.map((a) => a.id),
      () => assetIds,
    ),
    assetSite: site,
    assetSiteKey: siteKey,
    assetProject: project,
    assetOrgPos: orgPos,
    assetTagStart: tagStart,
    assetTagList: tagList,
    assetIds,
    assetNames,
    assetRawTags: rawTags,
    assetDuplicate: fleet.assetDuplicate.length === A ? fleet.assetDuplicate : new Uint8Array(A),
  };
}

/** A column with the rows' new values written in: the same array when no value differs, else one copy. */
function written<T extends Int32Array | string[]>(
  column: T,
  rows: readonly number[],
  values: readonly (T extends Int32Array ? number : string)[],
): T {
  let out: T | null = null;
  rows.forEach((p, k) => {
    if (column[p] === values[k]) return;
    out ??= column.slice() as T;
    out[p] = values[k];
  });
  return out ?? column;
}

/**
 * Edits that only replace rows (the common sync: records changed, none added or removed): each column is shared
 * unless a replaced row's value differs, and the tag rows are rewritten in place when their lengths stay.
 */
function patchInPlace(
  fleet: Fleet,
  replaced: ReadonlyMap<number, Asset>,
  keys: AssetKeys,
  orgPosOfSite: (site: number) => number,
): Partial<AssetColumns> {
  const rows = [...replaced.keys()];
  const records = [...replaced.values()];
  const sites = records.map((a) => keys.site(a.siteId));
  const tags = records.map((a) => tagRow(a, keys));
  const out: Partial<AssetColumns> = {
    assetSite: written(
      fleet.assetSite,
      rows,
      sites.map((x) => x.site),
    ),
    assetSiteKey: written(
      fleet.assetSiteKey,
      rows,
      sites.map((x) => x.key),
    ),
    assetProject: written(
      fleet.assetProject,
      rows,
      records.map((a) => keys.project(a.projectId)),
    ),
    assetOrgPos: written(
      fleet.assetOrgPos,
      rows,
      sites.map((x) => (x.site >= 0 ? orgPosOfSite(x.site) : -1)),
    ),
    assetNames: written(
      fleet.assetNames,
      rows,
      records.map((a) => a.name),
    ),
  };
  const start = fleet.assetTagStart;
  if (rows.every((p, k) => start[p + 1] - start[p] === tags[k].length)) {
    let list: Int32Array | null = null;
    rows.forEach((p, k) => {
      for (let j = 0; j < tags[k].length; j++)
        if (fleet.assetTagList[start[p] + j] !== tags[k][j]) {
          list ??= fleet.assetTagList.slice();
          list.set(tags[k], start[p]);
          break;
        }
    });
    if (list) out.assetTagList = list;
  } else {
    // lengths change: the CSR again, runs of untouched rows copied as slices
    const order = rows.map((p, k) => k).sort((x, y) => rows[x] - rows[y]);
    const A = fleet.assetIds.length;
    const tagStart = new Int32Array(A + 1);
    let total = fleet.assetTagList.length;
    rows.forEach((p, k) => (total += tags[k].length - (start[p + 1] - start[p])));
    const tagList = new Int32Array(total);
    let l = 0;
    let cur = 0;
    for (const k of order) {
      const p = rows[k];
      l = copyTagRun(start, fleet.assetTagList, cur, p, tagStart, tagList, cur, l);
      tagStart[p] = l;
      tagList.set(tags[k], l);
      l += tags[k].length;
      cur = p + 1;
    }
    l = copyTagRun(start, fleet.assetTagList, cur, A, tagStart, tagList, cur, l);
    tagStart[A] = l;
    out.assetTagStart = tagStart;
    out.assetTagList = tagList;
  }
  const raw = fleet.assetRawTags;
  const rawChanged = records.some((a, k) => raw.has(rows[k]) || tags[k].length !== a.tags.length);
  if (rawChanged) {
    const m = new Map(raw);
    records.forEach((a, k) => {
      if (tags[k].length !== a.tags.length) m.set(rows[k], [...a.tags]);
      else m.delete(rows[k]);
    });
    out.assetRawTags = m;
  }
  return out;
}
