import { writeFileSync } from 'node:fs';
import { toHex } from '@suyuan/core';
import { LotQueries, type GraphLog, type LotGraph, type TraceStart } from '@suyuan/food';
import { list, optional, required, say, type Flags } from './args.js';
import { Output, openBundle } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';
import { loadPublicKey } from './keys.js';
import { describeStart, lotStart, notFound, parseLotSpec } from './lots.js';
import type { Lang } from './messages/findings.js';
import { TimeFormat } from './report/format.js';
import { openForReport } from './report/open.js';
import { renderPage } from './report/page.js';

/**
 * `suyuan report BUNDLE --trust KEY [--code CODE | --lot LOGID:LOT] [--lang zh|en] [--tz ZONE] --out FILE`:
 * one HTML file that needs nothing else to open: the verdict and each finding explained, the
 * journey of a lot, its timeline, and every record behind each step in words.
 */
export async function report(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0]!;
  const outPath = required(f, 'out', 'FILE (or - for standard output)');
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--out - writes the report to standard output, which --json would share', { option: 'out' });
  const trustFiles = list(f, 'trust');
  const trust = trustFiles.map((k) => loadPublicKey(k, '--trust'));
  if (trust.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', '--trust AUTHORITY.pub is required: the authority public key(s) you trust', { option: 'trust' });
  const code = optional(f, 'code');
  const lots = list(f, 'lot');
  if (code !== undefined && lots.length > 0) throw new CliError('CLI_BAD_VALUE', 'give --code or --lot, not both', { option: 'lot' });
  if (lots.length > 1) throw new CliError('CLI_BAD_VALUE', 'one --lot: the report shows one journey', { option: 'lot' });
  if (lots[0] !== undefined) parseLotSpec(lots[0], '--lot');
  const langFlag = optional(f, 'lang') ?? 'zh';
  if (langFlag !== 'zh' && langFlag !== 'en') throw new CliError('CLI_BAD_VALUE', `--lang ${langFlag}: zh or en`, { option: 'lang' });
  const lang: Lang = langFlag;
  const time = new TimeFormat(lang, optional(f, 'tz'));
  const output = Output.plan(outPath, { force: f.force === true, inputs: { files: [path, ...trustFiles] } });
  const input = await openBundle(path, io);
  const { verdict, logs, graph } = await openForReport(input, trust);
  const q = new LotQueries(graph);
  const start = pickStart(code, lots[0], logs, graph);
  if (start !== undefined && q.resolve(start).length === 0) throw notFound(start, code !== undefined ? '--code' : '--lot');
  const html = renderPage({ path, verdict, logs, graph, start, startText: code ?? (start && describeStart(start)), lang, time });
  await output.run((o) => {
    if (o.toStdout) writeBytes(io, Buffer.from(html));
    else writeFileSync(o.tmp!, html, { flag: 'wx' });
  });
  const journey = start === undefined ? null : 'traceCode' in start ? { traceCode: start.traceCode } : 'lot' in start ? { logId: typeof start.logId === 'string' ? start.logId : toHex(start.logId), lot: start.lot } : null;
  if (f.json) io.out(toJson({ out: outPath, verdict: verdict.verdict, journey }));
  else if (outPath !== '-') say(f, io, `wrote ${outPath}: ${verdict.verdict}, journey of ${start ? describeStart(start) : 'no lot (none chosen or found)'}`);
  const v: string = verdict.verdict;
  return v === 'invalid' ? EXIT.INVALID : v === 'unsigned' ? EXIT.UNSIGNED : EXIT.OK;
}

function pickStart(code: string | undefined, lot: string | undefined, logs: GraphLog[], graph: LotGraph): TraceStart | undefined {
  if (code !== undefined) return { traceCode: code };
  if (lot !== undefined) return lotStart(lot, logs, '--lot');
  const first = graph.traceCodes.keys().next();
  return first.done ? undefined : { traceCode: first.value };
}

