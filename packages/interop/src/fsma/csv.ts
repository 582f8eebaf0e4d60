import { FSMA_COLUMNS, type FsmaRow } from './rows.js';

/**
 * RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted (quotes
 * doubled), UTF-8 with a byte-order mark so spreadsheet programs read Chinese text. A cell
 * that a spreadsheet would run as a formula (=, @, tab, CR, or + / - not starting a number)
 * gets a leading apostrophe (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[=@\t\r]/.test(v) || /^[+-](?![0-9.])/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function* fsma204Csv(rows: Iterable<FsmaRow> | AsyncIterable<FsmaRow>): AsyncGenerator<string> {
  yield `\uFEFF${FSMA_COLUMNS.map(([, title]) => csvField(title)).join(',')}\r\n`;
  let batch = '';
  for await (const row of rows) {
    batch += `${FSMA_COLUMNS.map(([k]) => csvField(row[k])).join(',')}\r\n`;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}
