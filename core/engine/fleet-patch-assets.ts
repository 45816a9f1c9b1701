// The asset columns of a patched fleet: runs of unchanged rows are copied as typed-array slices, replaced and added
// rows are computed from their records. Nothing here touches an asset object of the rows it keeps.
import type { Asset } from '../model/snapshot';
import type { Fleet } from './fleet-types';
import { namesInColumn } from './asset-columns';
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

/**
 * Rows after the edits: the old row each kept row comes from, and for replaced and added rows the position of their
 * record in `records` (-1: an old row kept as it was).
 */
function rowsOf(edits: RowEdits<Asset>): { oldOf: Int32Array; recordOf: Int32Array; records: Asset[]; recordRow: Int32Array } {
  const removed = edits.removed;
  const kept = edits.before - removed.length;
  const A = kept + edits.added.length;
  const oldOf = new Int32Array(A).fill(-1);
  let d = 0;
  let r = 0;
  for (let i = 0; i < edits.before; i++) {
    if (r < removed.length && removed[r] === i) r++;
    else oldOf[d++] = i;
  }
  // records in final row order (new keys and tags are added in that order): replaced rows by old position, then added
  const recordOf = new Int32Array(A).fill(-1);
  // (filled by a loop: Int32Array.from over a Map iterator takes the slow generic path)
  const positions = new Int32Array(edits.replaced.size);
  let n = 0;
  for (const p of edits.replaced.keys()) positions[n++] = p;
  positions.sort();
  const records: Asset[] = [];
  const recordRow = new Int32Array(positions.length + edits.added.length);
  r = 0;
  for (const p of positions) {
    while (r < removed.length && removed[r] < p) r++;
    recordOf[p - r] = records.length;
    recordRow[records.length] = p;
    records.push(edits.replaced.get(p)!);
  }
  for (let k = 0; k < edits.added.length; k++) {
    recordOf[kept + k] = records.length;
    recordRow[records.length] = -1;
    records.push(edits.added[k]);
  }
  return { oldOf, recordOf, records, recordRow };
}

/**
 * A string column after the edits: kept rows copied by position into an array of the final length. `sameWhenReplaced`:
 * a replaced row keeps its value (asset ids: the record key is the id).
 */
function patchStrings(
  old: readonly string[],
  rows: { oldOf: Int32Array; recordOf: Int32Array; records: readonly Asset[] },
  valueOf: (a: Asset) => string,
  sameWhenReplaced = false,
): string[] {
  const { oldOf, recordOf, records } = rows;
  const out = new Array<string>(oldOf.length);
  for (let d = 0; d < out.length; d++) {
    const k = recordOf[d];
    const o = oldOf[d];
    out[d] = k < 0 || (sameWhenReplaced && o >= 0) ? old[o] : valueOf(records[k]);
  }
  return out;
}

/** The old row `p` holds exactly these tags, each once, in this order (its tag row can be kept). */
function sameTags(fleet: Fleet, p: number, tags: readonly string[]): boolean {
  const from = fleet.assetTagStart[p];
  if (fleet.assetTagStart[p + 1] - from !== tags.length || fleet.assetRawTags.has(p)) return false;
  for (let j = 0; j < tags.length; j++) if (fleet.tags[fleet.assetTagList[from + j]] !== tags[j]) return false;
  return true;
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

/**
 * Copies the tag rows of old assets [from, to) to row `d`, list offset `l`; returns the list offset after them.
 * (Edits that only replace rows: runs of untouched rows between them.)
 */
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

/**
 * The asset columns after `edits`; keys of new ids are added through `keys`. Rows added or removed: every column is
 * written row by row from the old row it comes from or its record (one integer loop per column; measured at 100k
 * assets with 24k rows touched, runs copied as typed-array slices cost more in views and garbage).
 */
export function patchAssetColumns(
  fleet: Fleet,
  edits: RowEdits<Asset>,
  keys: AssetKeys,
  orgPosOfSite: (site: number) => number,
): Partial<AssetColumns> {
  if (edits.removed.length === 0 && edits.added.length === 0) return patchInPlace(fleet, edits.replaced, keys, orgPosOfSite);
  const rows = rowsOf(edits);
  const { oldOf, recordOf, records, recordRow } = rows;
  const A = oldOf.length;
  const R = records.length;
  const rSite = new Int32Array(R);
  const rKey = new Int32Array(R);
  const rProject = new Int32Array(R);
  const rTags: (number[] | null)[] = new Array<number[] | null>(R);
  for (let k = 0; k < R; k++) {
    const a = records[k];
    const p = recordRow[k];
    // a replaced record mostly repeats its row's site, project and tags: those keys are read from the row
    if (p >= 0 && a.siteId === fleet.siteKeyIds[fleet.assetSiteKey[p]]) {
      rSite[k] = fleet.assetSite[p];
      rKey[k] = fleet.assetSiteKey[p];
    } else {
      const s = keys.site(a.siteId);
      rSite[k] = s.site;
      rKey[k] = s.key;
    }
    rProject[k] = p >= 0 && a.projectId === fleet.projectKeyIds[fleet.assetProject[p]] ? fleet.assetProject[p] : keys.project(a.projectId);
    rTags[k] = p >= 0 && sameTags(fleet, p, a.tags) ? null : tagRow(a, keys);
  }
  const tagCount = (k: number) => rTags[k]?.length ?? fleet.assetTagStart[recordRow[k] + 1] - fleet.assetTagStart[recordRow[k]];
  const site = new Int32Array(A);
  const siteKey = new Int32Array(A);
  const project = new Int32Array(A);
  const orgPos = new Int32Array(A);
  const tagStart = new Int32Array(A + 1);
  const oSite = fleet.assetSite;
  const oKey = fleet.assetSiteKey;
  const oProject = fleet.assetProject;
  const oOrgPos = fleet.assetOrgPos;
  const oStart = fleet.assetTagStart;
  let l = 0;
  for (let d = 0; d < A; d++) {
    const k = recordOf[d];
    tagStart[d] = l;
    if (k >= 0) {
      site[d] = rSite[k];
      siteKey[d] = rKey[k];
      project[d] = rProject[k];
      orgPos[d] = rSite[k] >= 0 ? orgPosOfSite(rSite[k]) : -1;
      l += tagCount(k);
    } else {
      const o = oldOf[d];
      site[d] = oSite[o];
      siteKey[d] = oKey[o];
      project[d] = oProject[o];
      orgPos[d] = oOrgPos[o];
      l += oStart[o + 1] - oStart[o];
    }
  }
  tagStart[A] = l;
  const tagList = new Int32Array(l);
  const oList = fleet.assetTagList;
  for (let d = 0; d < A; d++) {
    const k = recordOf[d];
    let w = tagStart[d];
    const row = k >= 0 ? rTags[k] : null;
    if (row) {
      for (let j = 0; j < row.length; j++) tagList[w++] = row[j];
    } else {
      const o = k >= 0 ? recordRow[k] : oldOf[d];
      for (let j = oStart[o]; j < oStart[o + 1]; j++) tagList[w++] = oList[j];
    }
  }
  const rawTags = new Map<number, string[]>();
  for (let d = 0; d < A; d++) {
    const k = recordOf[d];
    if (k >= 0 && tagCount(k) !== records[k].tags.length) rawTags.set(d, [...records[k].tags]);
  }
  if (fleet.assetRawTags.size > 0) {
    const gone = new Uint8Array(edits.before);
    for (const p of edits.removed) gone[p] = 1;
    for (const [p, tags] of fleet.assetRawTags)
      if (gone[p] === 0 && !edits.replaced.has(p)) rawTags.set(shiftedRow(edits.removed, p), tags);
  }
  const assetIds = patchStrings(fleet.assetIds, rows, (a) => a.id, true);
  const assetNames = patchStrings(fleet.assetNames, rows, (a) => a.name);
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
  };
  // a fleet still reading its names from the image's column gets them laid over it by patchFleet (replaceAssetNames):
  // writing them here would split the whole column first
  if (!namesInColumn(fleet))
    out.assetNames = written(
      fleet.assetNames,
      rows,
      records.map((a) => a.name),
    );
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
