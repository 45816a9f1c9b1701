// The access report CSV: formula injection neutralised, quotes doubled, every value read back exactly by an
// RFC 4180 reader, and hidden assets' names left out (R4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessReportLine, csvCell, csvLine } from '../../components/export/csv';
import { accessReportCsv } from '../../components/export/export-data';
import { createDirectSource } from '../../core/source/direct-source';
import { fixtureSnapshot, SECRET_ASSET_NAME } from '../components/fixture';

/** A plain RFC 4180 reader (quoted fields, doubled quotes, CRLF rows), to read back what was written. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let value = '';
    i++;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        break;
      } else value += text[i++];
    }
    row.push(value);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['say "hi"', `"say ""hi"""`],
    ['a,b', `"a,b"`],
    ['plain', `"plain"`],
    ['', `""`],
    ['x=1', `"x=1"`],
  ])('%j becomes %s', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('reads back every value (dangerous starts prefixed with an apostrophe) and never starts a cell with a formula character', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (table) => {
          const text = table.map((r) => csvLine(r)).join('');
          const back = readCsv(text);
          expect(back).toEqual(table.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))));
          for (const r of back) for (const v of r) expect(v).not.toMatch(/^[=+\-@\t\r]/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('access report', () => {
  it('lists every asset with effect and first reason; a hostile name is neutralised and hidden assets keep no name', async () => {
    const snapshot = fixtureSnapshot();
    snapshot.assets.push({ id: 'a-formula', name: '=cmd|"/c calc"!A1', projectId: 'p1', siteId: 's1', tags: ['pumps'] });
    const source = createDirectSource({ snapshot });
    const text = await accessReportCsv(source, 'u-tech');
    const rows = readCsv(text);
    expect(rows[0]).toEqual(['Asset id', 'Asset name', 'Effect', 'Reason code', 'First reason']);
    const page = await source.assetPage({ userId: 'u-tech', limit: 1000 });
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual(
      page.rows.map((r) => [r.assetId, r.effect, r.firstReason?.code ?? '', r.firstReason?.message ?? '']),
    );
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.get('a-formula')![1]).toBe(`'=cmd|"/c calc"!A1`);
    expect(byId.get('a-valve')![2]).toBe('hidden');
    expect(byId.get('a-valve')![1]).toBe('');
    expect(text).not.toContain(SECRET_ASSET_NAME);
    expect(byId.get('a-pump')![1]).toBe('Pump P-7');
  });

  it('pages through a fleet larger than one page', async () => {
    const snapshot = fixtureSnapshot();
    snapshot.assets = Array.from({ length: 2500 }, (_, i) => ({
      id: `a-${i}`,
      name: `Asset ${i}`,
      projectId: 'p1',
      siteId: 's1',
      tags: ['pumps'],
    }));
    const text = await accessReportCsv(createDirectSource({ snapshot }), 'u-tech');
    const rows = readCsv(text);
    expect(rows).toHaveLength(2501);
    expect(rows.at(-1)![0]).toBe('a-2499');
    expect(accessReportLine({ assetId: 'x', name: 'n', effect: 'read', firstReason: null })).toBe('"x","n","read","",""\r\n');
  });
});
