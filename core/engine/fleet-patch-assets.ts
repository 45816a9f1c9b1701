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
): AssetColumns {
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
  const idParts: string[][] = [];
  const nameParts: string[][] = [];
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
      idParts.push([a.id]);
      nameParts.push([a.name]);
      d++;
      continue;
    }
    const { from, to } = piece;
    site.set(fleet.assetSite.subarray(from, to), d);
    siteKey.set(fleet.assetSiteKey.subarray(from, to), d);
    orgPos.set(fleet.assetOrgPos.subarray(from, to), d);
    project.set(fleet.assetProject.subarray(from, to), d);
    const s0 = fleet.assetTagStart[from];
    tagList.set(fleet.assetTagList.subarray(s0, fleet.assetTagStart[to]), l);
    const shift = l - s0;
    for (let i = from; i < to; i++) tagStart[d + i - from] = fleet.assetTagStart[i] + shift;
    l += fleet.assetTagStart[to] - s0;
    idParts.push(fleet.assetIds.slice(from, to));
    nameParts.push(fleet.assetNames.slice(from, to));
    d += to - from;
  }
  tagStart[A] = l;
  for (const [p, tags] of fleet.assetRawTags) {
    if (edits.replaced.has(p)) continue;
    const i = edits.removed.indexOf(p);
    if (i >= 0) continue;
    rawTags.set(shiftedRow(edits.removed, p), tags);
  }
  const assetIds = idParts.length === 1 ? idParts[0] : ([] as string[]).concat(...idParts);
  const assetNames = nameParts.length === 1 ? nameParts[0] : ([] as string[]).concat(...nameParts);
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
