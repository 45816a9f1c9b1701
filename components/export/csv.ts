// CSV exports of the panel. The cell rule (quoting, formula-injection guard) lives in core/export/csv.ts, shared
// with core's exports.
import type { AssetRow } from '../../core/source/data-source';
import { csvLine } from '../../core/export/csv';

export { csvCell, csvLine } from '../../core/export/csv';

export const ACCESS_REPORT_HEADER = ['Asset id', 'Asset name', 'Effect', 'Reason code', 'First reason'] as const;

/**
 * One report line per asset: id, name, effect and the deciding reason. A hidden asset's name is left empty: the
 * report is about what this user may see, and R4 keeps the names of assets they cannot see (e.g. behind a redacted
 * ticket) out of every export. Reasons never name the asset itself (core/wording says "this asset").
 */
export function accessReportLine(row: AssetRow): string {
  return csvLine([
    row.assetId,
    row.effect === 'hidden' ? '' : row.name,
    row.effect,
    row.firstReason?.code ?? '',
    row.firstReason?.message ?? '',
  ]);
}
