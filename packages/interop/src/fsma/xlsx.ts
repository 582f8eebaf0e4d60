import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FSMA_COLUMNS, type FsmaRow } from './rows.js';

/**
 * The same rows as an XLSX workbook (one sheet, header row frozen and filterable), written
 * row by row to a stream by exceljs's streaming writer. Every cell is a text cell: lot codes
 * and quantities keep their exact spelling, and nothing is ever a formula.
 */
export async function writeFsma204Xlsx(rows: Iterable<FsmaRow> | AsyncIterable<FsmaRow>, stream: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('FSMA 204', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = FSMA_COLUMNS.map(([key, header]) => ({ key, header, width: Math.min(40, Math.max(12, header.length)) }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FSMA_COLUMNS.length } };
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const row of rows) ws.addRow(FSMA_COLUMNS.map(([k]) => row[k])).commit();
  ws.commit();
  await wb.commit();
}
