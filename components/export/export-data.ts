// Assembling the two exports through the data source, page by page (no message carries the whole fleet):
// the snapshot (SPEC §1, what the CLI reads) and the access report CSV of one user.
import { COLLECTION_NAMES } from '../../core/model/collections';
import type { DataSource } from '../../core/source/data-source';
import { ACCESS_REPORT_HEADER, accessReportLine, csvLine } from './csv';

const PART = 5000;
const REPORT_PAGE = 1000;

export type Progress = (done: number, total: number | null) => void;

/**
 * The cached snapshot as SPEC §1 JSON text. Only the snapshot's collections go in (records as cached, which sync
 * validated field by field): no settings, no API key, no session. `systemRoles` is left out when the cache has
 * none (the default catalog applies), exactly as the platform serves it.
 */
export async function snapshotJson(source: DataSource, onProgress?: Progress): Promise<string> {
  const out: Record<string, unknown> = { version: 1 };
  let done = 0;
  for (const collection of COLLECTION_NAMES) {
    const records: unknown[] = [];
    let present = false;
    for (let offset = 0; ; offset += PART) {
      const part = await source.snapshotPart({ collection, offset, limit: PART });
      present = part.present;
      records.push(...part.records);
      done += part.records.length;
      onProgress?.(done, null);
      if (!part.present || part.records.length === 0 || offset + part.records.length >= part.total) break;
    }
    if (present) out[collection] = records;
  }
  return `${JSON.stringify(out)}\n`;
}

/** Every cached asset with its effect and first reason for `userId`, as CSV (see csv.ts). */
export async function accessReportCsv(source: DataSource, userId: string, onProgress?: Progress): Promise<string> {
  const parts = [csvLine(ACCESS_REPORT_HEADER)];
  for (let offset = 0; ; offset += REPORT_PAGE) {
    const page = await source.assetPage({ userId, offset, limit: REPORT_PAGE });
    for (const row of page.rows) parts.push(accessReportLine(row));
    onProgress?.(Math.min(page.total, offset + page.rows.length), page.total);
    if (page.rows.length === 0 || offset + page.rows.length >= page.total) break;
  }
  return parts.join('');
}

/** A file name part from an id: letters, digits, dot, dash and underscore only. */
export const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'x';
