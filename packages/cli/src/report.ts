import { writeFileSync } from 'node:fs';
import { toHex } from '@suyuan/core';
import { LotQueries, type LotGraph, type TraceStart } from '@suyuan/food';
import { openVerifiedBundle, type BundleReport } from '@suyuan/verify';
import { list, optional, required, say, type Flags } from './args.js';
import { Output, openBundle } from './files.js';
import { CliError, toJson, writeBytes, type Io } from './io.js';
import { loadPublicKey } from './keys.js';
import { whyNotFound } from './answer-limits.js';
import { describeStart, parseLotSpec } from './lots.js';
import { exitFor, verifiedLotStart } from './verdict.js';
import type { Lang } from './messages/findings.js';
import { startWords } from './messages/labels.js';
import { TimeFormat } from './report/format.js';
import { renderPage } from './report/page.js';

/**
 * `suyuan report BUNDLE --trust KEY [--code CODE | --lot LOGID:LOT] [--lang zh|en] [--tz ZONE] [--unverified] --out FILE`:
 * one HTML file that needs nothing else to open: the verdict and each finding explained, the
 * journey of a lot, its timeline, and every record behind each step in words. The bundle is
 * verified first; only its signed, verified records are shown. An invalid bundle gets its
 * verdict and findings only (exit 1), unless --unverified, which shows the rest marked unverified.
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
  const unverified = f.unverified === true;
  const opened = await openVerifiedBundle(await openBundle(path, io), { trust, unverified });
  const { report: verdict, graph } = opened;
  const start = graph === undefined ? undefined : pickStart(code, lots[0], graph, verdict);
  if (graph !== undefined && start !== undefined && new LotQueries(graph).resolve(start).length === 0) throw whyNotFound(start, code !== undefined ? '--code' : '--lot', { report: verdict, graph, records: opened.records });
  const html = renderPage({ path, verdict, ...(graph ? { graph } : {}), records: opened.records, verified: opened.verified, start, startText: start && startWords(start, lang), lang, time });
  await output.run((o) => {
    if (o.toStdout) writeBytes(io, Buffer.from(html));
    else writeFileSync(o.tmp!, html, { flag: 'wx' });
  });
  const journey = start === undefined ? null : 'traceCode' in start ? { traceCode: start.traceCode } : 'lot' in start ? { logId: typeof start.logId === 'string' ? start.logId : toHex(start.logId), lot: start.lot } : null;
  if (f.json) io.out(toJson({ out: outPath, verdict: verdict.verdict, verified: opened.verified, journey }));
  else if (graph === undefined) {
    const errors = verdict.findings.filter((x) => x.severity === 'error');
    io.err(`${path} is invalid: ${errors.length} error finding(s); the report${outPath === '-' ? '' : ` ${outPath}`} shows the verdict and its findings only, nothing of the bundle as fact (--unverified shows the journey anyway, marked)`);
    for (const x of errors.slice(0, 20)) io.err(`  ${x.code} [${x.layer}] ${x.message}`);
  } else {
    if (!opened.verified && !f.quiet) io.err(`UNVERIFIED: ${path} is ${verdict.verdict}; every part of the report is marked unverified`);
    const chosen = code === undefined && lots.length === 0 ? ' (the bundle\'s first trace code, as none was given: --code or --lot chooses the journey)' : '';
    if (outPath !== '-') say(f, io, `wrote ${outPath}: ${verdict.verdict}, journey of ${start ? `${describeStart(start)}${chosen}` : 'no lot (none chosen or found)'}`);
    else if (chosen !== '' && start !== undefined && !f.quiet) io.err(`journey of ${describeStart(start)}${chosen}`);
  }
  return exitFor(verdict);
}

function pickStart(code: string | undefined, lot: string | undefined, graph: LotGraph, verdict: BundleReport): TraceStart | undefined {
  if (code !== undefined) return { traceCode: code };
  if (lot !== undefined) return verifiedLotStart(lot, graph.logs, verdict, '--lot');
  const first = graph.traceCodes.keys().next();
  return first.done ? undefined : { traceCode: first.value };
}

