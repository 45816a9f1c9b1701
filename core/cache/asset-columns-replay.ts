// The assets' segments replayed into columns (core/engine/compile-columns.ts) instead of a record per asset: a cold
// read of a 1M cache otherwise held every asset as an object (~280 MB) beside the compiled fleet while the first
// image was built. Segments are taken one at a time, so only one segment's text is held, not all of them. The
// result is what replaySegments gives, by column: the same records in the same first-put order.
import type { AssetColumns } from '../engine/compile-columns';
import type { Segment } from './db';

const FIELDS = ['id', 'name', 'siteId', 'projectId', 'tags'] as const;

export class AssetColumnsReplay {
  /** recordKey (an asset's id) → its slot; Map order is replay order (a key deleted and put again goes last). */
  private readonly slots = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly names: string[] = [];
  private readonly siteIds: string[] = [];
  private readonly projectIds: string[] = [];
  /** Slot s's tags: tagList[tagStart[s]] onwards, tagCount[s] of them (a put over a slot appends its own). */
  private readonly tagStart: number[] = [];
  private readonly tagCount: number[] = [];
  private readonly tagList: string[] = [];
  /** Site ids, project ids and tags repeat across assets: each value is kept once. */
  private readonly same = new Map<string, string>();
  /** Set when a segment held something other than valid asset records: the caller replays records instead. */
  unreadable = false;

  /** Replays one segment (segments in `id` order). */
  add(segment: Segment): void {
    if (this.unreadable) return;
    for (const key of segment.deletes) this.slots.delete(key);
    const columns = columnsOf(JSON.parse(segment.puts) as unknown);
    if (!columns) {
      this.unreadable = true;
      return;
    }
    const [ids, names, siteIds, projectIds, tagLists] = columns;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const name = names[i];
      const siteId = siteIds[i];
      const projectId = projectIds[i];
      const tags = tagLists[i];
      if (
        typeof id !== 'string' ||
        typeof name !== 'string' ||
        typeof siteId !== 'string' ||
        typeof projectId !== 'string' ||
        !Array.isArray(tags)
      ) {
        this.unreadable = true;
        return;
      }
      let slot = this.slots.get(id);
      if (slot === undefined) {
        slot = this.ids.length;
        this.slots.set(id, slot);
      }
      this.ids[slot] = id;
      this.names[slot] = name;
      this.siteIds[slot] = this.once(siteId);
      this.projectIds[slot] = this.once(projectId);
      this.tagStart[slot] = this.tagList.length;
      this.tagCount[slot] = tags.length;
      for (let k = 0; k < tags.length; k++) {
        const tag: unknown = tags[k];
        if (typeof tag !== 'string') {
          this.unreadable = true;
          return;
        }
        this.tagList.push(this.once(tag));
      }
    }
  }

  /** The columns the segments replay to, or null when one of them could not be read as asset records. */
  finish(): AssetColumns | null {
    if (this.unreadable) return null;
    const { ids, names, siteIds, projectIds, tagStart, tagCount, tagList } = this;
    // Every slot still held and in slot order: the columns as they are, and the id → slot map is the id index.
    if (this.slots.size === ids.length)
      return { ids, names, siteIds, projectIds, tags: { list: tagList, start: tagStart, count: tagCount }, index: this.slots };
    // Else the rows still held, in Map order; the tags stay where they are in tagList.
    const n = this.slots.size;
    const out = {
      ids: new Array<string>(n),
      names: new Array<string>(n),
      siteIds: new Array<string>(n),
      projectIds: new Array<string>(n),
      tags: { list: tagList, start: new Array<number>(n), count: new Array<number>(n) },
      index: new Map<string, number>(),
    };
    let row = 0;
    for (const [id, slot] of this.slots) {
      out.ids[row] = id;
      out.names[row] = names[slot];
      out.siteIds[row] = siteIds[slot];
      out.projectIds[row] = projectIds[slot];
      out.tags.start[row] = tagStart[slot];
      out.tags.count[row] = tagCount[slot];
      out.index.set(id, row++);
    }
    return out;
  }

  private once(value: string): string {
    const kept = this.same.get(value);
    if (kept !== undefined) return kept;
    this.same.set(value, value);
    return value;
  }
}

/** A segment's puts as one array per field (FIELDS order), stored by column or as records; null: neither. */
function columnsOf(stored: unknown): unknown[][] | null {
  if (Array.isArray(stored)) {
    const field = (r: unknown, f: string): unknown =>
      r !== null && typeof r === 'object' && Object.hasOwn(r, f) ? (r as Record<string, unknown>)[f] : undefined;
    return FIELDS.map((f) => stored.map((r) => field(r, f)));
  }
  const { fields, columns } = (stored ?? {}) as { fields?: unknown; columns?: unknown };
  if (!Array.isArray(fields) || !Array.isArray(columns) || columns.length !== fields.length) return null;
  const at = FIELDS.map((f) => fields.indexOf(f));
  if (at.some((c) => c < 0) || !columns.every((c) => Array.isArray(c) && c.length === columns[0].length)) return null;
  return at.map((c) => columns[c] as unknown[]);
}
