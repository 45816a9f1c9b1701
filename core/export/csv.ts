// CSV for spreadsheets, safe against formula injection: platform data is untrusted, and a cell that starts with
// =, +, -, @, a tab or a carriage return is a formula (or becomes one) in Excel, LibreOffice and Sheets. Such a cell
// gets a leading apostrophe; every cell is quoted with inner quotes doubled (RFC 4180); rows end in CRLF.
// Here in core so the panel's exports and core's (the history timeline) share one rule.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
