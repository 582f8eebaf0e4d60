import { createWriteStream, openSync, writeSync, closeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { nodeCrypto } from '@suyuan/core/node';
import { exportEpcis, fsma204Csv, fsma204Rows, hashEpcisDocument, type ExportIssue, type FsmaOptions } from '@suyuan/interop';
import { optional, say, type CommandSpec, type Flags } from './args.js';
import { Output, createdTime } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';
import { LogSources, interop, textSource } from './interop-records.js';

const FORMATS = ['bundle', 'epcis', 'fsma204-csv', 'fsma204-xlsx'] as const;
const BUNDLE_ONLY = ['authority', 'trace-code', 'trace-lot', 'description'];
const FSMA_ONLY = ['lot', 'product', 'from', 'to'];

/** `export [--format F]`: a bundle (the default, by `bundle`), or the logs as EPCIS 2.0 or the FSMA 204 spreadsheet. */
export const exportCommand = (bundle: CommandSpec['run']) => async (pos: string[], f: Flags, io: Io): Promise<number> => {
  const format = optional(f, 'format') ?? 'bundle';
  if (!(FORMATS as readonly string[]).includes(format)) throw new CliError('CLI_BAD_VALUE', `--format ${format}: say ${FORMATS.join(', ')}`, { option: 'format', value: format });
  const misplaced = (names: string[]) => names.find((n) => f[n] !== undefined);
  const fsmaOnly = format.startsWith('fsma204') ? undefined : misplaced(FSMA_ONLY);
  if (fsmaOnly !== undefined) throw new CliError('CLI_BAD_VALUE', `--${fsmaOnly} selects rows of the FSMA 204 spreadsheet (--format fsma204-csv or fsma204-xlsx)`, { option: fsmaOnly });
  if (format === 'bundle') return bundle(pos, f, io);
  const bundleOnly = misplaced(BUNDLE_ONLY);
  if (bundleOnly !== undefined) throw new CliError('CLI_BAD_VALUE', `--${bundleOnly} is for --format bundle`, { option: bundleOnly });
  const outPath = optional(f, 'out') ?? '-';
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--out - writes to standard output, which --json would share: give --out FILE', { option: 'out' });
  const output = Output.plan(outPath, { force: f.force === true, inputs: { dirs: pos } });
  const sources = await LogSources.open(pos);
  try {
    const select = { lot: optional(f, 'lot'), product: optional(f, 'product'), from: optional(f, 'from'), to: optional(f, 'to') };
    const fsma: FsmaOptions = { ...Object.fromEntries(Object.entries(select).filter(([, v]) => v !== undefined)), names: sources.names };
    const issues: ExportIssue[] = [];
    let events = 0;
    let rows = 0;
    const fsmaRows = async function* () { for await (const r of fsma204Rows(sources.records(), fsma)) { rows++; yield r; } };
    const count = await interop(`--format ${format}`, () => output.run(async (o) => {
      if (format === 'fsma204-xlsx') {
        // exceljs takes a second to load: only the command that writes a workbook pays for it
        const { writeFsma204Xlsx } = await import('@suyuan/interop/xlsx');
        const stream = o.toStdout ? toIo(io) : createWriteStream(o.tmp!, { flags: 'wx' });
        const done = finished(stream);
        await writeFsma204Xlsx(fsmaRows(), stream);
        await done;
        return rows;
      }
      const pieces = format === 'epcis'
        ? exportEpcis(sources.records(), { lookup: (r) => sources.lookup(r), onIssue: (i) => issues.push(i), onEvent: () => { events++; }, sha256: nodeCrypto.sha256, creationDate: new Date(createdTime()).toISOString() })
        : fsma204Csv(fsmaRows());
      await writePieces(pieces, o, io);
      return format === 'epcis' ? events : rows;
    }));
    const what = format === 'epcis' ? 'events' : 'rows';
    if (f.json) io.out(toJson({ out: outPath, format, [what]: count, issues }));
    else if (outPath !== '-') say(f, io, `wrote ${outPath}: ${format}, ${count} ${what}`);
    if (!f.json) for (const i of issues) io.err(`not exported: ${i.logId ? `${i.logId.slice(0, 12)}…#${i.seq}` : ''} ${i.code}${i.path ? ` at ${i.path}` : ''}: ${i.message}`);
    return issues.length > 0 ? EXIT.INVALID : EXIT.OK;
  } finally {
    await sources.close();
  }
};

/** Writes text pieces to the temporary file (or standard output). */
async function writePieces(pieces: AsyncIterable<string>, o: Output, io: Io): Promise<void> {
  const fd = o.toStdout ? undefined : openSync(o.tmp!, 'wx');
  try {
    for await (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      if (fd === undefined) writeBytes(io, bytes);
      else writeSync(fd, bytes);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Standard output as a stream (for the XLSX writer). */
function toIo(io: Io): Writable {
  return new Writable({ write(chunk: Buffer, _enc, cb) { writeBytes(io, chunk); cb(); } });
}

/** `epcis hash FILE|-`: each event's CBV 2.0 Event Hash ID, one line per event in document order. */
export async function epcis(pos: string[], f: Flags, io: Io): Promise<number> {
  const [sub, path] = pos as [string, string];
  if (sub !== 'hash') throw new CliError('CLI_BAD_VALUE', `epcis ${sub}: the subcommand is hash`, { argument: sub });
  const source = await textSource(path, io);
  const ids: string[] = [];
  await interop(path, async () => {
    for await (const h of hashEpcisDocument(source, { sha256: nodeCrypto.sha256 })) {
      if (f.json) ids.push(h.hashId);
      else if (!f.quiet) io.out(h.hashId);
    }
  });
  if (f.json) io.out(toJson({ file: path, events: ids.map((hashId, index) => ({ index, hashId })) }));
  return EXIT.OK;
}
