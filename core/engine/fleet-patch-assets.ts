// The asset columns of a patched fleet: runs of unchanged rows are copied as typed-array slices, replaced and added
// rows are computed from their records. Nothing here touches an asset object of the rows it keeps.
import type { Asset } from '../model/snapshot';
import type { Fleet, IntColumn } from './fleet-types';
import { assetIdAt, stringsAfter } from './asset-columns';
import { PatchedLookup } from './patched-lookup';
import { countBelow, shiftedRow, type RowEdits } from './record-replay';

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
  list: IntColumn,
  from: number,
  to: number,
  outStart: Int32Array,
  outList: IntColumn,
  d: number,
  l: number,
): number {
  const s0 = start[from];
  outList.set(list.subarray(s0, start[to]), l);
  const shift = l - s0;
  const at = d - from;
  // (an unshifted run, e.g. rows only appended: one native copy instead of a loop over up to a million rows)
  if (shift === 0) outStart.set(start.subarray(from, to), d);
  else for (let i = from; i < to; i++) outStart[at + i] = start[i] + shift;
  return l + start[to] - s0;
}

/** The largest value an integer column's array holds. */
const maxOf = (column: IntColumn) => (column instanceof Uint8Array ? 0xff : column instanceof Uint16Array ? 0xffff : 0x7fffffff);

/** `values` all fit `column`'s array (a loaded image keeps keys in the narrowest array they fit). */
function fits(column: IntColumn, values: ArrayLike<number>): boolean {
  const max = maxOf(column);
  for (let i = 0; i < values.length; i++) if (values[i] < 0 || values[i] > max) return false;
  return true;
}

/**
 * A copy of `column` that can hold `values` as well: its own array type when they fit, else widened to an Int32Array
 * (e.g. site key 65,536 — the 65,537th — written into a column a loaded image kept as Uint16).
 */
function copyToHold<T extends IntColumn>(column: T, values: ArrayLike<number>): T | Int32Array {
  return column instanceof Int32Array || fits(column, values) ? (column.slice() as T) : new Int32Array(column);
}

/**
 * A new column of `length` for rows copied from `old` and written from `values`: `old`'s array type when every value
 * fits it (runs copy natively between arrays of one type), else an Int32Array.
 */
function columnLike(old: IntColumn, length: number, values: ArrayLike<number>): IntColumn {
  if (old instanceof Uint8Array && fits(old, values)) return new Uint8Array(length);
  if (old instanceof Uint16Array && fits(old, values)) return new Uint16Array(length);
  return new Int32Array(length);
}

/** What patchAssetColumns gives: the columns it wrote, and what lays the asset ids and names over the patched fleet. */
export interface AssetPatch {
  columns: Partial<AssetColumns>;
  /** Called with the patched fleet when its ids and names stay the input's columns with the edits laid over them. */
  defineStrings: ((patched: Fleet) => void) | null;
}

/** Replaced and added records in final row order: replaced rows by old position (recordRow), then added (-1). */
function recordsInOrder(edits: RowEdits<Asset>): { records: Asset[]; recordRow: Int32Array } {
  // (filled by a loop: Int32Array.from over a Map iterator takes the slow generic path)
  const positions = new Int32Array(edits.replaced.size);
  let n = 0;
  for (const p of edits.replaced.keys()) positions[n++] = p;
  positions.sort();
  const records: Asset[] = [];
  const recordRow = new Int32Array(positions.length + edits.added.length).fill(-1);
  for (const p of positions) {
    recordRow[records.length] = p;
    records.push(edits.replaced.get(p)!);
  }
  for (const a of edits.added) records.push(a);
  return { records, recordRow };
}

/**
 * An asset's assetOrgPos from its known site; null: assetOrgPos is not written (the fleet derives it when read:
 * core/engine/derived-org-pos.ts).
 */
type OrgPosOfSite = ((site: number) => number) | null;

/** Edits this few next to the rows are copied as runs between them (typed-array copies) instead of row by row. */
const RUNS_BELOW = 1 / 64;

/**
 * The asset columns after `edits`; keys of new ids are added through `keys`. Rows added or removed: few edits copy
 * the runs of rows between them (copyRuns); many write every column row by row from the old row it comes from or its
 * record (one integer loop per column; measured at 100k assets with 24k rows touched, runs copied as typed-array
 * slices cost more in views and garbage).
 */
export function patchAssetColumns(fleet: Fleet, edits: RowEdits<Asset>, keys: AssetKeys, orgPosOfSite: OrgPosOfSite): AssetPatch {
  const strings = stringsAfter(fleet, edits);
  if (edits.removed.length === 0 && edits.added.length === 0) {
    const columns = patchInPlace(fleet, edits.replaced, keys, orgPosOfSite, strings === null);
    return { columns, defineStrings: strings ? strings.define : null };
  }
  const events = edits.removed.length + edits.replaced.size + edits.added.length;
  const runs = events < edits.before * RUNS_BELOW;
  const rows = runs ? null : rowsOf(edits);
  const { records, recordRow } = rows ?? recordsInOrder(edits);
  const A = edits.before - edits.removed.length + edits.added.length;
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
  const recs: RecordKeys = { records, recordRow, rSite, rKey, rProject, rTags, tagCount };
  const ints = rows ? rowByRow(fleet, rows, recs, A, orgPosOfSite) : copyRuns(fleet, edits, recs, A, orgPosOfSite);
  // rows whose tag list differs from their record's (a repeated tag): kept rows move down, records land at their row
  const rawTags = new Map<number, string[]>();
  const kept = edits.before - edits.removed.length;
  for (let k = 0; k < R; k++) {
    if (tagCount(k) === records[k].tags.length) continue;
    const d = recordRow[k] >= 0 ? shiftedRow(edits.removed, recordRow[k]) : kept + (k - edits.replaced.size);
    rawTags.set(d, [...records[k].tags]);
  }
  for (const [p, tags] of fleet.assetRawTags) {
    const r = countBelow(edits.removed, p);
    if (edits.removed[r] !== p && !edits.replaced.has(p)) rawTags.set(p - r, tags);
  }
  // ids and names: laid over the input's columns (few edits on a loaded fleet), else written as arrays
  const byRow = strings ? null : (rows ?? rowsOf(edits));
  const assetIds = byRow ? patchStrings(fleet.assetIds, byRow, (a) => a.id, true) : null;
  const assetNames = byRow ? patchStrings(fleet.assetNames, byRow, (a) => a.name) : null;
  const columns: Partial<AssetColumns> = {
    assetIndex: PatchedLookup.after(
      fleet.assetIndex,
      edits.before,
      (i) => assetIdAt(fleet, i),
      edits.removed,
      edits.added.map((a) => a.id),
      () => assetIds ?? strings!.ids(),
    ),
    ...ints,
    assetRawTags: rawTags,
    assetDuplicate: fleet.assetDuplicate.length === A ? fleet.assetDuplicate : new Uint8Array(A),
  };
  if (assetIds && assetNames) Object.assign(columns, { assetIds, assetNames });
  return { columns, defineStrings: strings ? strings.define : null };
}

/** The replaced and added records with their rows' keys (see patchAssetColumns). */
interface RecordKeys {
  records: Asset[];
  recordRow: Int32Array;
  rSite: Int32Array;
  rKey: Int32Array;
  rProject: Int32Array;
  rTags: (number[] | null)[];
  tagCount(k: number): number;
}

type IntColumns = Pick<Fleet, 'assetSite' | 'assetSiteKey' | 'assetProject' | 'assetTagStart' | 'assetTagList'> &
  Partial<Pick<Fleet, 'assetOrgPos'>>;

/** The patched integer columns; assetOrgPos only when it was written (null: the fleet derives it when read). */
function intColumns(
  site: IntColumn,
  siteKey: IntColumn,
  project: IntColumn,
  orgPos: Int32Array | null,
  tagStart: Int32Array,
  tagList: IntColumn,
): IntColumns {
  const out: IntColumns = { assetSite: site, assetSiteKey: siteKey, assetProject: project, assetTagStart: tagStart, assetTagList: tagList };
  if (orgPos) out.assetOrgPos = orgPos;
  return out;
}

/** The integer columns written row by row (many edits). */
function rowByRow(
  fleet: Fleet,
  rows: { oldOf: Int32Array; recordOf: Int32Array },
  recs: RecordKeys,
  A: number,
  orgPosOfSite: OrgPosOfSite,
): IntColumns {
  const { oldOf, recordOf } = rows;
  const { recordRow, rSite, rKey, rProject, rTags, tagCount } = recs;
  const site = new Int32Array(A);
  const siteKey = new Int32Array(A);
  const project = new Int32Array(A);
  const orgPos = orgPosOfSite ? new Int32Array(A) : null;
  const tagStart = new Int32Array(A + 1);
  const oSite = fleet.assetSite;
  const oKey = fleet.assetSiteKey;
  const oProject = fleet.assetProject;
  const oOrgPos = orgPosOfSite ? fleet.assetOrgPos : null;
  const oStart = fleet.assetTagStart;
  let l = 0;
  for (let d = 0; d < A; d++) {
    const k = recordOf[d];
    tagStart[d] = l;
    if (k >= 0) {
      site[d] = rSite[k];
      siteKey[d] = rKey[k];
      project[d] = rProject[k];
      if (orgPos) orgPos[d] = rSite[k] >= 0 ? orgPosOfSite!(rSite[k]) : -1;
      l += tagCount(k);
    } else {
      const o = oldOf[d];
      site[d] = oSite[o];
      siteKey[d] = oKey[o];
      project[d] = oProject[o];
      if (orgPos) orgPos[d] = oOrgPos![o];
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
  return intColumns(site, siteKey, project, orgPos, tagStart, tagList);
}

/**
 * The integer columns with the runs of kept rows between the edits copied whole (few edits): the removed rows
 * skipped, replaced rows written at their place, added rows after.
 */
function copyRuns(fleet: Fleet, edits: RowEdits<Asset>, recs: RecordKeys, A: number, orgPosOfSite: OrgPosOfSite): IntColumns {
  const { records, recordRow, rSite, rKey, rProject, rTags, tagCount } = recs;
  const oSite = fleet.assetSite;
  const oKey = fleet.assetSiteKey;
  const oProject = fleet.assetProject;
  const oOrgPos = orgPosOfSite ? fleet.assetOrgPos : null;
  const oStart = fleet.assetTagStart;
  const oList = fleet.assetTagList;
  let tags = oList.length;
  for (const p of edits.removed) tags -= oStart[p + 1] - oStart[p];
  for (let k = 0; k < records.length; k++)
    tags += recordRow[k] >= 0 ? tagCount(k) - (oStart[recordRow[k] + 1] - oStart[recordRow[k]]) : tagCount(k);
  // narrow columns stay narrow when the written values fit (a native copy per run instead of a widening one)
  const site = columnLike(oSite, A, rSite);
  const siteKey = columnLike(oKey, A, rKey);
  const project = columnLike(oProject, A, rProject);
  const orgPos = orgPosOfSite ? new Int32Array(A) : null;
  const tagStart = new Int32Array(A + 1);
  const tagList = columnLike(
    oList,
    tags,
    rTags.flatMap((row) => row ?? []),
  );
  let cur = 0; // next old row
  let d = 0; // next new row
  let l = 0; // next tag slot
  const copyTo = (to: number) => {
    if (to > cur) {
      site.set(oSite.subarray(cur, to), d);
      siteKey.set(oKey.subarray(cur, to), d);
      project.set(oProject.subarray(cur, to), d);
      if (orgPos) orgPos.set(oOrgPos!.subarray(cur, to), d);
      l = copyTagRun(oStart, oList, cur, to, tagStart, tagList, d, l);
      d += to - cur;
    }
    cur = to;
  };
  const write = (k: number) => {
    site[d] = rSite[k];
    siteKey[d] = rKey[k];
    project[d] = rProject[k];
    if (orgPos) orgPos[d] = rSite[k] >= 0 ? orgPosOfSite!(rSite[k]) : -1;
    tagStart[d] = l;
    const row = rTags[k];
    if (row) for (let j = 0; j < row.length; j++) tagList[l++] = row[j];
    else for (let j = oStart[recordRow[k]]; j < oStart[recordRow[k] + 1]; j++) tagList[l++] = oList[j];
    d++;
  };
  const removed = edits.removed;
  const replaced = edits.replaced.size;
  let r = 0;
  let k = 0;
  while (r < removed.length || k < replaced) {
    if (k >= replaced || (r < removed.length && removed[r] < recordRow[k])) {
      copyTo(removed[r]);
      cur = removed[r++] + 1;
    } else {
      copyTo(recordRow[k]);
      write(k);
      cur = recordRow[k++] + 1;
    }
  }
  copyTo(edits.before);
  for (; k < records.length; k++) write(k);
  tagStart[A] = l;
  return intColumns(site, siteKey, project, orgPos, tagStart, tagList);
}

/** A column with the rows' new values written in: the same column when no value differs, else `copy()` written. */
function writtenWith<T, C extends { [i: number]: T }>(column: C, rows: readonly number[], values: readonly T[], copy: () => C): C {
  let out: C | null = null;
  rows.forEach((p, k) => {
    if (column[p] === values[k]) return;
    out ??= copy();
    out[p] = values[k];
  });
  return out ?? column;
}

/** An integer column with the rows' new values written in (its copy widened when a value does not fit). */
const written = <C extends IntColumn>(column: C, rows: readonly number[], values: readonly number[]): C | Int32Array =>
  writtenWith<number, C | Int32Array>(column, rows, values, () => copyToHold(column, values));

/**
 * Edits that only replace rows (the common sync: records changed, none added or removed): each column is shared
 * unless a replaced row's value differs, and the tag rows are rewritten in place when their lengths stay.
 */
function patchInPlace(
  fleet: Fleet,
  replaced: ReadonlyMap<number, Asset>,
  keys: AssetKeys,
  orgPosOfSite: OrgPosOfSite,
  writeNames: boolean,
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
  };
  if (orgPosOfSite)
    out.assetOrgPos = written(
      fleet.assetOrgPos,
      rows,
      sites.map((x) => (x.site >= 0 ? orgPosOfSite(x.site) : -1)),
    );
  // a fleet still reading its names from the image's column gets them laid over it (stringsAfter): writing them
  // here would split the whole column first
  if (writeNames)
    out.assetNames = writtenWith(
      fleet.assetNames,
      rows,
      records.map((a) => a.name),
      () => fleet.assetNames.slice(),
    );
  const start = fleet.assetTagStart;
  if (rows.every((p, k) => start[p + 1] - start[p] === tags[k].length)) {
    let list: IntColumn | null = null;
    rows.forEach((p, k) => {
      for (let j = 0; j < tags[k].length; j++)
        if (fleet.assetTagList[start[p] + j] !== tags[k][j]) {
          list ??= copyToHold(fleet.assetTagList, tags.flat());
          list.set(tags[k], start[p]);
          break;
        }
    });
    if (list) out.assetTagList = list;
  } else {
    // lengths change: the CSR again, runs of untouched rows copied as slices
    const order = rows.map((p, k) => k).sort((x, y) => rows[x] - rows[y]);
    const A = fleet.assetProject.length;
    const tagStart = new Int32Array(A + 1);
    let total = fleet.assetTagList.length;
    rows.forEach((p, k) => (total += tags[k].length - (start[p + 1] - start[p])));
    const tagList = columnLike(fleet.assetTagList, total, tags.flat());
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
