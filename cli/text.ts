// Small helpers for the readable (non-JSON) output: aligned columns, ✓/✗ marks, and neutralising control
// characters, since names and titles are platform data that must not drive the terminal.

export const mark = (ok: boolean): string => (ok ? '✓' : '✗');

/** Rows with every column but the last padded to its widest cell. */
export function columns(rows: readonly (readonly string[])[], indent = '  ', gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length)))
        .join(gap)
        .trimEnd(),
  );
}

/** `Alice Smith (u-1)`, or the id alone when there is no name. */
export const nameWithId = (name: string | null | undefined, id: string): string => (name && name !== id ? `${name} (${id})` : id);

// C0/C1 controls (but newline), DEL, and bidi overrides/isolates, which can make a line read differently than it is.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal: unsafe characters become visible `\u{…}` escapes. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
