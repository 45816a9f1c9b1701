// CSV for spreadsheets, safe against formula injection: platform data is untrusted, and a cell that starts with
// =, +, -, @, a tab or a carriage return is a formula (or becomes one) in Excel, LibreOffice and Sheets. Such a cell
// gets a leading apostrophe; every cell is quoted with inner quotes doubled (RFC 4180); rows end in CRLF.
import type { AssetRow } from '../../core/source/data-source';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const ACCESS_REPORT_HEADER = ['Asset id', 'Asset name', 'Effect', 'Reason code', 'First reason'] as const;

/**
 * One report line per asset: id, name, effect and the deciding reason. A hidden asset's name is left empty: the
 * report is about what this user may see, and R4 keeps the names of assets they cannot see (e.g. behind a redacted
 * ticket) out of every export. Reasons never name the asset itself (core/wording says "this asset").
 */
export function accessReportLine(row: AssetRow): string {
  return csvLine([row.assetId, row.effect === 'hidden' ? '' : row.name, row.effect, row.firstReason?.code ?? '', row.firstReason?.message ?? '']);
}
