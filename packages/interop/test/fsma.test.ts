import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, FSMA_COLUMNS, fsma204Csv, fsma204Rows, isInteropError, type ExportRecord, type FsmaOptions, type FsmaRow } from '../src/index.js';
import { writeFsma204Xlsx } from '../src/fsma/xlsx.js';
import { FARM, MARKET, sampleLog } from './samples.js';

async function rows(records: ExportRecord[], opts: FsmaOptions = {}): Promise<FsmaRow[]> {
  const out: FsmaRow[] = [];
  for await (const r of fsma204Rows(records, opts)) out.push(r);
  return out;
}
/** The farm's sample log and the market's receipt of the shipment. */
function chain(): ExportRecord[] {
  const farm = sampleLog();
  const receive = farm.find((r) => r.kind === 'food.receive')!;
  return [...farm.filter((r) => r.kind !== 'food.receive'), { ...receive, enterprise: MARKET, body: { ...(receive.body as object), eventTime: '2025-11-27T07:00:00+08:00' } }];
}

describe('FSMA 204 sortable spreadsheet', () => {
  it('one row per critical tracking event and lot, with its KDEs', async () => {
    const got = await rows(chain(), { names: { [FARM]: '闽侯某合作社', [MARKET]: '海峡农批' } });
    expect(got.map((r) => [r.cte, r.tlc])).toEqual([
      ['Harvesting', 'QK-01'], ['Initial packing', 'QK-01'], ['Initial packing', 'R-9'], ['Transformation', 'JC-1'],
      ['Shipping', 'QK-01'], ['Shipping', ''], ['Receiving', 'QK-01'],
    ]);
    const harvest = got[0]!;
    expect(harvest).toMatchObject({ product: '青菜', productId: 'category 0101', quantity: '1200', unit: 'KGM', date: '2025-11-26', time: '08:30:00+08:00', harvestArea: '福建省福州市, A-3', business: FARM });
    expect(harvest.location).toBe('闽侯某合作社, 福州市闽侯县, GLN 6901234000009');
    expect(got[3]).toMatchObject({ inputTlcs: 'QK-01', referenceType: 'Production order', referenceNumber: 'MO-17' });
    const ship = got[4]!;
    expect(ship).toMatchObject({ tlcSource: harvest.location, shipTo: '海峡农批, 17号摊', referenceType: 'Despatch advice', referenceNumber: 'ASN-1' });
    const receive = got[6]!;
    expect(receive).toMatchObject({ shipFrom: '闽侯某合作社, GLN 6901234000009', business: MARKET, quantity: '790' });
    expect(receive.tlcSource).toBe(harvest.location); // the lot code was assigned at the farm's harvest
    expect(receive.record).toMatch(/^(ab){32}\/\d+$/);
  });
  it('filters by lot (as TLC or transformation input), product and date range', async () => {
    expect((await rows(chain(), { lot: 'R-9' })).map((r) => r.cte)).toEqual(['Initial packing']);
    expect((await rows(chain(), { lot: 'QK-01' })).map((r) => r.cte)).toEqual(['Harvesting', 'Initial packing', 'Transformation', 'Shipping', 'Receiving']);
    expect((await rows(chain(), { product: '06901234567892' })).map((r) => r.tlc)).toEqual(['R-9']);
    expect((await rows(chain(), { product: '0102' })).map((r) => r.tlc)).toEqual(['JC-1']);
    expect((await rows(chain(), { from: '2025-11-27' })).map((r) => r.cte)).toEqual(['Receiving']);
    expect((await rows(chain(), { to: '2025-11-26' })).map((r) => r.cte)).not.toContain('Receiving');
    let err: unknown;
    try { await rows(chain(), { from: 'yesterday' }); } catch (e) { err = e; }
    expect(isInteropError(err, 'FSMA_ARGUMENT')).toBe(true);
  });
  it('CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting, no formula injection', async () => {
    let text = '';
    for await (const piece of fsma204Csv(await rows(chain()))) text += piece;
    expect(text.startsWith('\uFEFFCritical tracking event,')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines[1]!.split(',')[0]).toBe('Harvesting');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+cmd')).toBe("'+cmd");
  });
  it('XLSX: the same rows, as text cells, read back by a spreadsheet library', async () => {
    const data = await rows(chain());
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeFsma204Xlsx(data, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('FSMA 204')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...FSMA_COLUMNS.map(([, t]) => t)]);
    expect(ws.rowCount).toBe(1 + data.length);
    expect(ws.getRow(2).getCell(4).value).toBe('青菜');
    expect(ws.getRow(2).getCell(6).value).toBe('1200');
  });
});
