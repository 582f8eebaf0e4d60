import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { decodeRecord, toHex, type LogRecord } from '@suyuan/core';
import { LotQueries, UNITS, fromMicro, normalise, type GraphLog, type Quantity, type RecordId, type TraceStart } from '@suyuan/food';
import { FileLogStore } from '@suyuan/store';
import { BundleWriter, exportTrace, formatReport, openVerifiedBundle, readBundleLogs, verifyBundle, type BundleReport } from '@suyuan/verify';
import { integer, list, optional, required, say, type Flags } from './args.js';
import { exportFromHub } from './commands-hub.js';
import { Output, createdTime, openBundle } from './files.js';
import { CliError, EXIT, toJson, writeBytes, type Io } from './io.js';
import { loadPublicKey } from './keys.js';
import { gapReasonWords, labelGaps, notVerifiedLogs, notVerifiedWords, whyNotFound, type AnswerBasis, type NotVerifiedLog } from './answer-limits.js';
import { lotStart, notFound, parseLotSpec, type NamedLog } from './lots.js';
import { progress } from './progress.js';
import { exitFor, unsignedCount, unsignedLine, verifiedLotStart, type UnsignedCount } from './verdict.js';

/** Logs from store directories, read whole, in pieces (with progress for big logs). */
async function readStores(dirs: string[], onProgress: (text: string) => void) {
  const out = [];
  for (const dir of dirs) {
    const store = await FileLogStore.open(dir, { readOnly: true });
    try {
      // A damaged store serves its intact prefix read-only; exporting that as the whole log would hide the damage.
      await store.checkIntact();
      const records: Uint8Array[] = [];
      for (let from = 0; from < store.size; from += 10_000) {
        records.push(...(await store.readRange(from, Math.min(store.size, from + 10_000))));
        onProgress(`reading ${dir}: ${records.length}/${store.size} records`);
      }
      const leaves = await store.leafHashes(0, 1);
      out.push({ dir, logId: leaves[0]!, records, checkpoints: await store.checkpoints() });
    } finally {
      await store.close();
    }
  }
  return out;
}

const byLogId = <T extends { logId: Uint8Array }>(logs: T[]): T[] => logs.map((l) => ({ l, hex: toHex(l.logId) })).sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0)).map((x) => x.l);

function genesisEnterprise(bytes: Uint8Array): string {
  const enterprise = decodeRecord(bytes).body.enterprise;
  return typeof enterprise === 'string' ? enterprise : '';
}

/** `export --out FILE LOGDIR…`: whole logs; with --trace-code or --trace-lot, just what that trace needs. */
export async function exportBundle(pos: string[], f: Flags, io: Io): Promise<number> {
  if (f.hub !== undefined) return exportFromHub(pos, f, io);
  if (pos.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', 'export needs one or more LOGDIRs (or --hub URL)', { command: 'export' });
  const outPath = required(f, 'out', 'FILE (or - for standard output)');
  if (outPath === '-' && f.json) throw new CliError('CLI_BAD_VALUE', '--out - writes the bundle to standard output, which --json would share', { option: 'out' });
  const traceCode = optional(f, 'trace-code');
  const traceLot = optional(f, 'trace-lot');
  if (traceCode !== undefined && traceLot !== undefined) throw new CliError('CLI_BAD_VALUE', 'give --trace-code or --trace-lot, not both', { option: 'trace-lot' });
  if (traceLot !== undefined) parseLotSpec(traceLot, '--trace-lot');
  const authorityDirs = list(f, 'authority');
  const output = Output.plan(outPath, { force: f.force === true, inputs: { dirs: [...authorityDirs, ...pos] } });
  const p = progress(f, io);
  // Sections in one order whatever the order of the arguments (authority logs first, then by log id), so the same logs give the same bytes.
  const authorities = byLogId(await readStores(authorityDirs, (t) => p.update(t)));
  const logs = byLogId(await readStores(pos, (t) => p.update(t)));
  p.done();
  const header = { created: createdTime(), ...(typeof f.description === 'string' ? { description: f.description } : {}) };
  type Written = { logs: number; records: number } | { included: number; omitted: RecordId[]; missing: MissingLog[] };
  const result = await output.run((o): Written => {
    const writer = o.toStdout ? BundleWriter.toMemory(header) : BundleWriter.toFile(o.tmp!, header);
    for (const a of authorities) writer.addLog(a);
    if (traceCode === undefined && traceLot === undefined) {
      for (const l of logs) writer.addLog(l);
      const bytes = writer.finish();
      if (bytes !== undefined) writeBytes(io, bytes);
      return { logs: authorities.length + logs.length, records: [...authorities, ...logs].reduce((n, l) => n + l.records.length, 0) };
    }
    const inputs = logs.map((l) => ({ ...l, enterprise: genesisEnterprise(l.records[0]!) }));
    const start: TraceStart = traceCode !== undefined ? { traceCode } : lotStart(traceLot!, inputs, '--trace-lot');
    const missing = watchMissing(writer, [...authorities, ...logs]);
    const r = exportTrace(writer, { logs: inputs, start });
    if (r.included === 0 && r.omitted.length === 0) throw notFound(start, traceCode !== undefined ? '--trace-code' : '--trace-lot');
    const bytes = writer.finish();
    if (bytes !== undefined) writeBytes(io, bytes);
    return { ...r, missing: [...missing.values()] };
  });
  if ('logs' in result) {
    if (f.json) io.out(toJson({ bundle: outPath, logs: result.logs, records: result.records }));
    else if (outPath !== '-') say(f, io, `wrote ${outPath}: ${count(result.logs, 'log')}, ${count(result.records, 'record')}`);
    return EXIT.OK;
  }
  const trace = traceCode ?? traceLot;
  const complete = result.missing.length === 0;
  if (f.json) io.out(toJson({ bundle: outPath, trace, included: result.included, omitted: result.omitted, complete, missing: result.missing }));
  else if (outPath !== '-') say(f, io, `wrote ${outPath}: the upstream of ${trace}, ${count(result.included, 'record')} with proofs${complete ? '' : `; incomplete: ${count(result.missing.length, 'referenced log')} not given`}`);
  // Not a refusal (what was asked is written, and verifies with REF_LOG_ABSENT warnings), but never silent.
  if (!f.json) for (const m of result.missing) io.err(`warning: incomplete: ${m.enterprise ?? 'a business'} (log ${m.logId}) is referenced by ${m.by.join(', ')} but its LOGDIR was not given; add it for the whole upstream`);
  if (!f.quiet && !f.json) for (const o of result.omitted) io.err(`left out ${o.logId.slice(0, 12)}…#${o.seq}: no checkpoint covers it yet`);
  return EXIT.OK;
}

interface MissingLog { logId: string; enterprise?: string; by: string[] }

/**
 * The logs that records written into the excerpt reference but that were not given: the
 * excerpt stops there. Watches what `writer` is given (exportTrace decides what goes in).
 */
function watchMissing(writer: BundleWriter, given: readonly { logId: Uint8Array }[]): Map<string, MissingLog> {
  const known = new Set(given.map((l) => toHex(l.logId)));
  const missing = new Map<string, MissingLog>();
  const add = writer.addExcerpt.bind(writer);
  writer.addExcerpt = (x) => {
    for (const { seq, record } of x.records) {
      const r = decodeRecord(record);
      for (const ref of r.refs) {
        const hex = toHex(ref.logId);
        if (known.has(hex)) continue;
        const m = missing.get(hex) ?? missing.set(hex, { logId: hex, by: [] }).get(hex)!;
        const source = (r.body as { source?: { enterprise?: unknown } }).source?.enterprise;
        if (m.enterprise === undefined && r.kind === 'food.receive' && typeof source === 'string') m.enterprise = source;
        if (m.by.length < 5) m.by.push(`${toHex(x.logId).slice(0, 12)}…#${seq} (${r.kind})`);
      }
    }
    add(x);
  };
  return missing;
}

/** Findings as people read them: the field of a body is named, as it is in the JSON. */
function withFieldNames(r: BundleReport): BundleReport {
  return { ...r, findings: r.findings.map((x) => { const path = (x as { path?: string }).path; return path ? { ...x, message: `${x.message} (field ${path})` } : x; }) };
}

export async function verify(pos: string[], f: Flags, io: Io): Promise<number> {
  const trust = list(f, 'trust').map((k) => loadPublicKey(k, '--trust'));
  if (trust.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', '--trust AUTHORITY.pub is required: the authority public key(s) you trust', { option: 'trust' });
  const threads = integer(f, 'workers', 1, availableParallelism());
  const input = await openBundle(pos[0]!, io);
  const p = progress(f, io);
  const started = Date.now();
  let logs = 'reading';
  const tick = () => p.update(`verifying ${pos[0]}: ${logs}, ${Math.round((Date.now() - started) / 1000)} s`);
  const timer = setInterval(tick, 1000); // a big log is one step of many seconds: show that it is alive
  timer.unref();
  let report: BundleReport;
  try {
    report = await verifyBundle(input, {
      trust, food: f['no-food'] !== true,
      ...(threads !== undefined ? { workers: threads === 1 ? 0 : threads } : {}),
      onProgress: (done, total) => { logs = `verified ${done}/${total} logs`; p.update(logs, done === total); },
    });
  } finally {
    clearInterval(timer);
    p.done();
  }
  // The header is the exporter's claim, signed by no one (FORMAT.md): said so wherever it is shown.
  if (f.json) io.out(toJson(report.header === undefined ? report : { ...report, headerSigned: false }));
  else say(f, io, withHeaderLine(formatReport(withFieldNames(report)), report));
  return exitFor(report);
}

/** The report's text with one line for the bundle's header, labelled as not signed, after the layers line. */
function withHeaderLine(text: string, r: BundleReport): string {
  if (r.header === undefined) return text;
  const parts = [`created ${Math.abs(r.header.created) <= 8.64e15 ? new Date(r.header.created).toISOString() : String(r.header.created)}`, ...(r.header.description !== undefined ? [`description ${JSON.stringify(r.header.description)}`] : [])];
  const line = `header (not signed, the exporter's claim): ${parts.join(', ')}`;
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('layers:'));
  lines.splice(at < 0 ? 1 : at + 1, 0, line);
  return lines.join('\n');
}

/**
 * What trace and recall stand on: the bundle verified first against --trust (food rules on),
 * then the lot graph of its signed records only. An invalid bundle is refused with its findings
 * (exit 1) unless --unverified, which answers anyway and marks every line of output.
 */
async function openVerified(path: string, f: Flags, io: Io): Promise<AnswerBasis & { queries: LotQueries; logs: NamedLog[]; mark: string; verdict: string; unsigned: UnsignedCount; failed: NotVerifiedLog[] }> {
  const trust = list(f, 'trust').map((k) => loadPublicKey(k, '--trust'));
  const unverified = f.unverified === true;
  if (trust.length === 0 && !unverified) throw new CliError('CLI_MISSING_ARGUMENT', '--trust AUTHORITY.pub is required: answers come only from a bundle verified against the authority keys you trust (or pass --unverified, and every line is marked so)', { option: 'trust' });
  const opened = await openVerifiedBundle(await openBundle(path, io), { trust, unverified });
  if (opened.queries === undefined || opened.graph === undefined) {
    const errors = opened.report.findings.filter((x) => x.severity === 'error');
    throw new CliError('CLI_INVALID_BUNDLE', `${path} is invalid: ${errors.length} error finding(s); nothing in it is shown as fact. suyuan verify ${path} --trust … says what is wrong; --unverified answers anyway, marked`, { verdict: opened.report.verdict, findings: errors.slice(0, 20).map((x) => ({ code: x.code, layer: x.layer, ...(x.logId ? { logId: x.logId } : {}), ...(x.seq !== undefined ? { seq: x.seq } : {}), message: x.message })) }, errors.slice(0, 20).map((x) => `  ${x.code} [${x.layer}] ${x.message}`));
  }
  const logs = opened.graph.logs.map((l) => ({ logId: l.logId, enterprise: l.enterprise }));
  const mark = opened.verified ? '' : 'UNVERIFIED: ';
  if (!opened.verified && !f.json && !f.quiet) io.err(`UNVERIFIED: ${path} is ${opened.report.verdict}; the answers below come from records that did not verify`);
  const failed = notVerifiedLogs({ report: opened.report, graph: opened.graph });
  const unsigned = unsignedCount(opened.report, new Set(failed.map((l) => l.logId)));
  if (unsigned.records > 0 && !f.json && !f.quiet) io.err(unsignedLine(path, unsigned));
  return { queries: opened.queries, graph: opened.graph, records: opened.records, logs, mark, verdict: opened.report.verdict, report: opened.report, unsigned, failed };
}

/** What --json adds to every answer: whether it verified, the verdict, and what was left out unsigned. */
function verdictFields(v: { mark: string; verdict: string; unsigned: UnsignedCount; failed: NotVerifiedLog[] }) {
  return { verified: v.mark === '', verdict: v.verdict, unsignedRecords: v.unsigned.records, unsignedByBusiness: v.unsigned.byBusiness, notVerified: v.failed };
}

/** The line naming logs of the bundle that did not verify: nothing of them is in the answer (so never "absent"). */
function notVerifiedLine(failed: readonly NotVerifiedLog[]): string[] {
  return failed.length === 0 ? [] : [`  did not verify, so not used: ${failed.map(notVerifiedWords).join('; ')}`];
}

/** Why the trail went dark, in words: to logs not in the bundle, to logs that did not verify, or both. */
function gapWhere(gaps: readonly { reason: string }[], gapCount: number): string {
  const failed = gaps.filter((g) => g.reason === 'log-not-verified').length;
  return failed === 0 ? 'businesses whose logs are not in this bundle' : failed === gapCount ? 'businesses whose logs did not verify' : 'businesses whose logs are not in this bundle or did not verify';
}

export async function trace(pos: string[], f: Flags, io: Io): Promise<number> {
  const [direction, path] = pos as [string, string];
  if (direction !== 'back' && direction !== 'forward') throw new CliError('CLI_BAD_VALUE', `trace ${direction}: say back or forward`, { argument: direction });
  const code = optional(f, 'code');
  const lots = list(f, 'lot');
  if ((code === undefined) === (lots.length === 0) || lots.length > 1) throw new CliError('CLI_MISSING_ARGUMENT', 'give one --code TRACECODE or one --lot ENTERPRISE:LOT', { option: 'code' });
  if (code === undefined) parseLotSpec(lots[0]!, '--lot');
  const opened = await openVerified(path, f, io);
  const { queries: q, logs, mark } = opened;
  const start = code !== undefined ? { traceCode: code } : verifiedLotStart(lots[0]!, logs, opened.report, '--lot');
  if (q.resolve(start).length === 0) throw whyNotFound(start, code !== undefined ? '--code' : '--lot', opened);
  const traced = direction === 'back' ? q.traceBack(start) : q.traceForward(start);
  const result = 'endpoints' in traced ? { ...traced, gaps: labelGaps(traced.gaps, opened.failed) } : traced;
  if (f.json) { io.out(toJson({ ...verdictFields(opened), ...result })); return exitFor(opened.report); }
  if (f.quiet) return exitFor(opened.report);
  const out = (line: string) => io.out(`${mark}${line}`);
  if ('origins' in result) {
    out(`${count(result.lots.length, 'lot')} upstream of ${result.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}${result.incomplete ? ' (incomplete: see the gaps)' : ''}`);
    for (const o of result.origins) out(`  origin ${o.lot.enterprise}/${o.lot.lot}: created by ${o.created.map((r) => `#${r.seq}`).join(',') || '(no record)'}; inputs ${o.inputs.length}; tests ${o.tests.map((t) => t.result).join(',') || 'none'}; certificates ${o.certificates.length}`);
    const failedIds = new Set(opened.failed.map((l) => l.logId));
    for (const g of result.gaps) out(`  gap: ${g.logId.slice(0, 12)}…#${g.seq} ${failedIds.has(g.logId) ? 'is in a log that did not verify' : 'is not in the bundle'}`);
  } else {
    out(`${count(result.lots.length, 'lot')} downstream of ${result.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}${result.incomplete ? ` (incomplete: ${count(result.gapCount, 'shipment')} went to ${gapWhere(result.gaps, result.gapCount)})` : ''}`);
    for (const e of result.endpoints) out(`  end ${e.lot.enterprise}/${e.lot.lot}: in ${fmt(e.in)}, sold ${fmt(e.sold)}, served ${fmt(e.catered)}, on hand ${fmt(e.onHand)}`);
    for (const g of result.gaps) out(`  gap: ${quantity(g.quantity)} of ${g.lot.lot} shipped to ${g.destination} (${gapReasonWords(g.reason)})`);
  }
  for (const line of notVerifiedLine(opened.failed)) out(line);
  return exitFor(opened.report);
}

const fmt = (a: Record<string, string>) => Object.entries(a).map(([d, v]) => `${v} ${d === 'mass' ? 'kg' : d === 'volume' ? 'l' : d}`).join(' + ') || '0';

/** One quantity in the words the totals use (1000 KGM → 1000 kg, 500 GRM → 0.5 kg); an unknown unit as given. */
const quantity = (q: Quantity) => (UNITS[q.unit] === undefined ? `${q.value} ${q.unit}` : ((n) => fmt({ [n.dimension]: fromMicro(n.micro) }))(normalise(q)));

/** "1 lot", "2 lots": the English messages say the count in its right number. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function recall(pos: string[], f: Flags, io: Io): Promise<number> {
  const lots = list(f, 'lot');
  if (lots.length === 0) throw new CliError('CLI_MISSING_ARGUMENT', '--lot ENTERPRISE:LOT is required (repeat it for several lots)', { option: 'lot' });
  for (const l of lots) parseLotSpec(l, '--lot');
  const opened = await openVerified(pos[0]!, f, io);
  const { queries: q, logs, mark } = opened;
  const starts = lots.map((l) => verifiedLotStart(l, logs, opened.report, '--lot'));
  for (const s of starts) if (q.resolve(s).length === 0) throw whyNotFound(s, '--lot', opened);
  const recalled = q.recall(starts);
  const r = { ...recalled, gaps: labelGaps(recalled.gaps, opened.failed) };
  if (f.json) { io.out(toJson({ ...verdictFields(opened), ...r })); return exitFor(opened.report); }
  if (f.quiet) return exitFor(opened.report);
  const out = (line: string) => io.out(`${mark}${line}`);
  out(`recall of ${r.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}: ${count(r.affected.length, 'lot')} at ${count(r.businesses.length, 'business', 'businesses')}${r.incomplete ? ` — INCOMPLETE: ${count(r.gapCount, 'shipment')} went to ${gapWhere(r.gaps, r.gapCount)}` : ''}`);
  for (const b of r.businesses) out(`  ${b.enterprise}: ${count(b.lots, 'lot')}, sold ${fmt(b.sold)}, served ${fmt(b.catered)}, on hand ${fmt(b.onHand)}`);
  for (const g of r.gaps) out(`  gap: ${quantity(g.quantity)} of ${g.lot.lot} shipped from ${g.lot.enterprise} to ${g.destination} (${gapReasonWords(g.reason)}): not followed`);
  out(`  total: sold ${fmt(r.totals.sold)}, served ${fmt(r.totals.catered)}, still on hand ${fmt(r.totals.onHand)}${r.incomplete ? `, and ${fmt(r.totals.inGaps)} shipped where this answer does not follow` : ''}`);
  for (const line of notVerifiedLine(opened.failed)) out(line);
  return exitFor(opened.report);
}

/** A bundle's or a log directory's contents, without verifying. */
export async function inspect(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0]!;
  if (path !== '-' && statSync(path).isDirectory()) {
    const store = await FileLogStore.open(path, { readOnly: true });
    try {
      const [genesis] = await store.readRange(0, Math.min(1, store.size));
      const info = { dir: path, records: store.size, checkpoints: (await store.checkpoints()).map((c) => ({ size: c.size, time: new Date(c.time).toISOString() })), recovery: store.recovery, enterprise: genesis ? genesisEnterprise(genesis) : undefined, logId: store.size > 0 ? toHex((await store.leafHashes(0, 1))[0]!) : undefined };
      const r = store.recovery;
      if (f.json) io.out(toJson(info));
      else {
        say(f, io, `${path}: log ${info.logId} of ${info.enterprise}, ${info.records} records, checkpoints at ${info.checkpoints.map((c) => c.size).join(', ') || 'none'}`);
        // Damage is shown in text too, never only in --json.
        if (r.corruption !== undefined) io.err(`${path}: DAMAGED at ${r.corruption.file} byte ${r.corruption.offset}: ${r.corruption.detail}; only the first ${store.size} records are intact [STORE_CORRUPT]`);
        for (const t of [r.tornTail, r.checkpointsTornTail]) {
          if (t !== undefined) io.err(`${path}: an unfinished write of ${t.bytesDropped} bytes at ${t.file} byte ${t.offset} will be cut (and kept in a torn-*.bin file) by the next writable open`);
        }
      }
      return r.corruption !== undefined ? EXIT.INVALID : EXIT.OK;
    } finally {
      await store.close();
    }
  }
  const input = await openBundle(path, io);
  const { logs, findings } = readBundleLogs(input);
  const info = { bytes: typeof input === 'string' ? statSync(input).size : input.length, logs: logs.map((l: GraphLog) => ({ logId: toHex(l.logId), enterprise: l.enterprise, records: l.records.length, kinds: countKinds(l.records) })), findings };
  if (f.json) io.out(toJson(info));
  else if (!f.quiet) {
    io.out(`${path}: ${info.logs.length} logs, ${info.bytes} bytes (read, not verified)`);
    for (const l of info.logs) io.out(`  ${l.logId.slice(0, 16)}… ${l.enterprise}: ${l.records} records (${Object.entries(l.kinds).map(([k, n]) => `${n} ${k}`).join(', ')})`);
    for (const x of findings) io.out(`  ${x.code}: ${x.message}`);
  }
  return findings.length > 0 ? EXIT.INVALID : EXIT.OK;
}

function countKinds(records: readonly LogRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}
