import { readFileSync, statSync } from 'node:fs';
import { decodeRecord, toHex, type LogRecord } from '@suyuan/core';
import { LotGraph, LotQueries, type GraphLog, type TraceStart } from '@suyuan/food';
import { FileLogStore, readPublicKeyFile } from '@suyuan/store';
import { BundleWriter, exportTrace, formatReport, readBundleLogs, verifyBundle } from '@suyuan/verify';
import { EXIT, UsageError, toJson, type Io } from './io.js';

type Flags = Record<string, string | boolean | string[] | undefined>;

const list = (v: Flags[string]): string[] => (v === undefined || typeof v === 'boolean' ? [] : Array.isArray(v) ? v : [v]);

/** Logs from store directories, read whole. */
async function readStores(dirs: string[]) {
  const out = [];
  for (const dir of dirs) {
    const store = await FileLogStore.open(dir, { readOnly: true });
    try {
      const records = await store.readRange(0, store.size);
      const leaves = await store.leafHashes(0, 1);
      out.push({ dir, logId: leaves[0]!, records, checkpoints: await store.checkpoints() });
    } finally {
      await store.close();
    }
  }
  return out;
}

/** `export --out FILE LOGDIR…`: whole logs; with --trace-code or --trace-lot, just what that trace needs. */
export async function exportBundle(pos: string[], f: Flags, io: Io): Promise<number> {
  const outPath = typeof f.out === 'string' ? f.out : undefined;
  if (outPath === undefined || pos.length === 0) throw new UsageError('export --out FILE LOGDIR…');
  const writer = BundleWriter.toFile(outPath, { created: Date.now(), ...(typeof f.description === 'string' ? { description: f.description } : {}) });
  const authorities = await readStores(list(f.authority));
  for (const a of authorities) writer.addLog(a);
  const logs = await readStores(pos);
  const traceCode = typeof f['trace-code'] === 'string' ? f['trace-code'] : undefined;
  const traceLot = typeof f['trace-lot'] === 'string' ? f['trace-lot'] : undefined;
  if (traceCode === undefined && traceLot === undefined) {
    for (const l of logs) writer.addLog(l);
    writer.finish();
    const records = [...authorities, ...logs].reduce((n, l) => n + l.records.length, 0);
    io.out(f.json ? toJson({ bundle: outPath, logs: authorities.length + logs.length, records }) : `wrote ${outPath}: ${authorities.length + logs.length} logs, ${records} records`);
    return EXIT.OK;
  }
  const inputs = logs.map((l) => ({ ...l, enterprise: genesisEnterprise(l.records[0]!) }));
  const start: TraceStart = traceCode !== undefined ? { traceCode } : lotStart(traceLot!, inputs.map((l) => ({ logId: l.logId, enterprise: l.enterprise, records: [] })));
  const r = exportTrace(writer, { logs: inputs, start });
  writer.finish();
  io.out(f.json ? toJson({ bundle: outPath, trace: traceCode ?? traceLot, included: r.included, omitted: r.omitted }) : `wrote ${outPath}: the upstream of ${traceCode ?? traceLot}, ${r.included} records with proofs`);
  for (const o of r.omitted) io.err(`left out ${o.logId.slice(0, 12)}…#${o.seq}: no checkpoint covers it yet`);
  return EXIT.OK;
}

function genesisEnterprise(bytes: Uint8Array): string {
  const enterprise = decodeRecord(bytes).body.enterprise;
  return typeof enterprise === 'string' ? enterprise : '';
}

/** `LOGID:LOT` or `ENTERPRISE:LOT`. */
function lotStart(spec: string, logs: GraphLog[]): TraceStart {
  const i = spec.indexOf(':');
  if (i < 0) throw new UsageError(`${spec} is not LOGID:LOT or ENTERPRISE:LOT`);
  const who = spec.slice(0, i);
  const lot = spec.slice(i + 1);
  if (/^[0-9a-f]{64}$/.test(who)) return { logId: who, lot };
  const log = logs.find((l) => l.enterprise === who);
  if (log === undefined) throw new UsageError(`no log of enterprise ${who} in the bundle`);
  return { logId: log.logId, lot };
}

export async function verify(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0];
  if (path === undefined) throw new UsageError('verify BUNDLE --trust KEYFILE');
  const trust = list(f.trust).map((k) => readPublicKeyFile(k));
  if (trust.length === 0) throw new UsageError('--trust KEYFILE is required: the authority public key(s) to trust');
  statSync(path);
  const report = await verifyBundle(path, {
    trust, food: f['no-food'] !== true,
    ...(typeof f.workers === 'string' ? { workers: Number(f.workers) } : {}),
    onProgress: (done, total) => { if (total > 4) io.err(`verified ${done}/${total} logs`); },
  });
  io.out(f.json ? toJson(report) : formatReport(report));
  return report.verdict === 'invalid' ? EXIT.INVALID : EXIT.OK;
}

function loadGraph(path: string) {
  const { logs, findings } = readBundleLogs(path);
  if (findings.length > 0) throw new UsageError(`${path} is not a readable bundle: ${findings[0]!.message}; run verify`);
  return { graph: LotGraph.build(logs), logs };
}

export async function trace(pos: string[], f: Flags, io: Io): Promise<number> {
  const [direction, path] = pos;
  if ((direction !== 'back' && direction !== 'forward') || path === undefined) throw new UsageError('trace back|forward BUNDLE (--code CODE | --lot LOGID:LOT)');
  const { graph, logs } = loadGraph(path);
  const q = new LotQueries(graph);
  const start = typeof f.code === 'string' ? { traceCode: f.code } : lotStart(String(f.lot ?? ''), logs);
  const result = direction === 'back' ? q.traceBack(start) : q.traceForward(start);
  if (result.start.length === 0) { io.err('nothing in the bundle matches that start'); return EXIT.INVALID; }
  if (f.json) { io.out(toJson(result)); return EXIT.OK; }
  if ('origins' in result) {
    io.out(`${result.lots.length} lots upstream of ${result.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}`);
    for (const o of result.origins) io.out(`  origin ${o.lot.enterprise}/${o.lot.lot}: created by ${o.created.map((r) => `#${r.seq}`).join(',') || '(no record)'}; inputs ${o.inputs.length}; tests ${o.tests.map((t) => t.result).join(',') || 'none'}; certificates ${o.certificates.length}`);
    for (const g of result.gaps) io.out(`  gap: ${g.logId.slice(0, 12)}…#${g.seq} is not in the bundle`);
  } else {
    io.out(`${result.lots.length} lots downstream of ${result.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}`);
    for (const e of result.endpoints) io.out(`  end ${e.lot.enterprise}/${e.lot.lot}: in ${fmt(e.in)}, sold ${fmt(e.sold)}, served ${fmt(e.catered)}, on hand ${fmt(e.onHand)}`);
  }
  return EXIT.OK;
}

const fmt = (a: Record<string, string>) => Object.entries(a).map(([d, v]) => `${v} ${d === 'mass' ? 'kg' : d === 'volume' ? 'l' : d}`).join(' + ') || '0';

export async function recall(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0];
  const lots = list(f.lot);
  if (path === undefined || lots.length === 0) throw new UsageError('recall BUNDLE --lot LOGID:LOT [--lot …]');
  const { graph, logs } = loadGraph(path);
  const r = new LotQueries(graph).recall(lots.map((l) => lotStart(l, logs)));
  if (f.json) { io.out(toJson(r)); return EXIT.OK; }
  io.out(`recall of ${r.start.map((l) => `${l.enterprise}/${l.lot}`).join(', ')}: ${r.affected.length} lots at ${r.businesses.length} businesses`);
  for (const b of r.businesses) io.out(`  ${b.enterprise}: ${b.lots} lots, sold ${fmt(b.sold)}, served ${fmt(b.catered)}, on hand ${fmt(b.onHand)}`);
  io.out(`  total: sold ${fmt(r.totals.sold)}, served ${fmt(r.totals.catered)}, still on hand ${fmt(r.totals.onHand)}`);
  return EXIT.OK;
}

/** A bundle's or a log directory's contents, without verifying. */
export async function inspect(pos: string[], f: Flags, io: Io): Promise<number> {
  const path = pos[0];
  if (path === undefined) throw new UsageError('inspect BUNDLE|LOGDIR');
  if (statSync(path).isDirectory()) {
    const store = await FileLogStore.open(path, { readOnly: true });
    try {
      const [genesis] = await store.readRange(0, Math.min(1, store.size));
      const info = { dir: path, records: store.size, checkpoints: (await store.checkpoints()).map((c) => ({ size: c.size, time: new Date(c.time).toISOString() })), recovery: store.recovery, enterprise: genesis ? genesisEnterprise(genesis) : undefined, logId: store.size > 0 ? toHex((await store.leafHashes(0, 1))[0]!) : undefined };
      io.out(f.json ? toJson(info) : `${path}: log ${info.logId} of ${info.enterprise}, ${info.records} records, checkpoints at ${info.checkpoints.map((c) => c.size).join(', ') || 'none'}`);
    } finally {
      await store.close();
    }
    return EXIT.OK;
  }
  const { logs, findings } = readBundleLogs(path);
  const info = { bytes: readFileSync(path).length, logs: logs.map((l: GraphLog) => ({ logId: toHex(l.logId), enterprise: l.enterprise, records: l.records.length, kinds: countKinds(l.records) })), findings };
  if (f.json) io.out(toJson(info));
  else {
    io.out(`${path}: ${info.logs.length} logs, ${info.bytes} bytes`);
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
