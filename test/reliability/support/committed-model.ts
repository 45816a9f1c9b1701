// What the cache must hold if every page commits whole or not at all: the fold of the pages that committed, in
// commit order, compared with what the collection's stored segments replay to. The harness logs each page the client received and, when the sync reports it committed (its 'page'
// progress event, fired after the transaction), appends it here. A partially applied page, a lost change or a
// cursor that moved without its page shows up as a difference between this model and IndexedDB.
import { recordKey, type SyncPage } from '../../../core/api/contract';
import type { CacheDb } from '../../../core/cache/db';
import { loadCollection } from '../../../core/cache/read';
import { COLLECTION_NAMES, type CollectionName } from '../../../core/model/snapshot';
import { parseRecord } from '../../../core/model/validate';

export class CommittedModel {
  private readonly tables = new Map<CollectionName, Map<string, unknown>>(COLLECTION_NAMES.map((c) => [c, new Map()]));
  private readonly cursors = new Map<CollectionName, string | null>(COLLECTION_NAMES.map((c) => [c, null]));
  /** Pages applied, all collections. */
  pages = 0;

  apply(collection: CollectionName, page: SyncPage): void {
    const table = this.tables.get(collection)!;
    for (const change of page.changes) {
      if (change.op === 'delete') table.delete(change.key);
      else {
        const parsed = parseRecord(collection, change.record);
        // An invalid record is quarantined and the last good version stays: nothing changes in the table.
        if (parsed.ok) table.set(change.key, parsed.value);
      }
    }
    this.cursors.set(collection, page.cursor);
    this.pages++;
  }

  /** The cursor of the last page applied to `collection` (where its next committed page was asked from). */
  cursorOf(collection: CollectionName): string | null {
    return this.cursors.get(collection)!;
  }

  /** After a 410 the sync empties the collection and starts again. */
  restart(collection: CollectionName): void {
    this.tables.get(collection)!.clear();
    this.cursors.set(collection, null);
  }

  /** Differences between IndexedDB and the model, one line each (empty when they agree). */
  async differences(db: CacheDb): Promise<string[]> {
    const out: string[] = [];
    for (const c of COLLECTION_NAMES) {
      // What the collection's segments replay to (core/cache/segments.ts), keyed as the feed keys them.
      const stored = await loadCollection(db, c);
      const model = this.tables.get(c)!;
      for (const [key, value] of model) {
        if (!stored.has(key)) out.push(`${c} ${key}: committed but missing`);
        else if (JSON.stringify(stored.get(key)) !== JSON.stringify(value)) out.push(`${c} ${key}: differs from the committed version`);
      }
      for (const key of stored.keys()) if (!model.has(key)) out.push(`${c} ${key}: stored but never committed`);
      for (const [key, value] of stored)
        if (recordKey(c, value as { id?: unknown }) !== key) out.push(`${c} ${key}: stored under another record's key`);
      const state = await db.syncState.get(c);
      if ((state?.cursor ?? null) !== this.cursors.get(c)) out.push(`${c}: stored cursor is not the last committed page's`);
      // The count the panel shows is kept with every write: it must be what the segments hold.
      if (state?.stored && state.stored.records !== stored.size)
        out.push(`${c}: stored count ${state.stored.records}, segments hold ${stored.size}`);
    }
    return out;
  }
}
