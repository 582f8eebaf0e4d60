/**
 * Query benchmark: a generated chain of farms → wholesalers (which split each lot) →
 * markets (which sell with trace codes), then the lot graph's build rate and the latency of
 * trace back (from a receipt's trace code), trace forward and recall (from a farm lot).
 */
import { execFileSync } from 'node:child_process';
import { LogWriter, decodeRecord, encodeRecord, type LogRecord } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotGraphBuilder, LotQueries, validateEvent, type GraphLog } from '@suyuan/food';
import type { Row } from './store.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A valid 统一社会信用代码 for business number n. */
function uscc(n: number): string {
  const body = `9135010${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(body[i]!) * WEIGHTS[i]!;
  return body + CHARSET[(31 - (sum % 31)) % 31];
}

const line = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
const T = '2025-11-26T08:30:00+08:00';

class Biz {
  readonly writer: LogWriter;
  readonly records: LogRecord[] = [];
  constructor(readonly enterprise: string, n: number) {
    const secret = new Uint8Array(32);
    new DataView(secret.buffer).setUint32(0, n + 1);
    this.writer = LogWriter.create(nodeSigner(secret), { enterprise }, { crypto: nodeCrypto, clock: () => 1_764_115_200_000 });
    this.records.push(decodeRecord(this.writer.genesis));
  }
  add(kind: string, body: object, refs = [] as { logId: Uint8Array; seq: number; leafHash: Uint8Array }[]) {
    const r = this.writer.append({ kind, body: { eventTime: T, ...body }, refs });
    this.records.push(decodeRecord(r.bytes));
    return { logId: this.writer.logId, seq: r.seq, leafHash: r.leafHash };
  }
  log(): GraphLog {
    return { logId: this.writer.logId, enterprise: this.enterprise, records: this.records };
  }
}

export interface Chain {
  logs: GraphLog[];
  records: number;
  farmLots: { logId: Uint8Array; lot: string }[];
  traceCodes: string[];
}

/** `farms` × `lotsPerFarm` farm lots; every wholesaler lot split in two; `salesPerLot` sales per market lot. */
export function generateChain(farms: number, lotsPerFarm: number, salesPerLot: number): Chain {
  let n = 0;
  const farmBiz = Array.from({ length: farms }, () => new Biz(uscc(n), n++));
  const wholesalers = Array.from({ length: Math.max(1, farms / 10) }, () => new Biz(uscc(n), n++));
  const markets = Array.from({ length: Math.max(2, farms / 2) }, () => new Biz(uscc(n), n++));
  const farmLots: Chain['farmLots'] = [];
  const traceCodes: string[] = [];
  let k = 0;
  farmBiz.forEach((farm, f) => {
    for (let l = 0; l < lotsPerFarm; l++) {
      const lot = `F${f}-${l}`;
      farm.add('food.harvest', { ...line(lot, '1000'), method: 'harvest' });
      farm.add('food.test', { lot, test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } });
      farmLots.push({ logId: farm.writer.logId, lot });
      const w = wholesalers[k++ % wholesalers.length]!;
      const ship = farm.add('food.ship', { items: [line(lot, '1000')], destination: { enterprise: w.enterprise } });
      w.add('food.receive', { items: [line(lot, '1000')], source: { enterprise: farm.enterprise }, status: 'accepted' }, [ship]);
      const halves = [`W${lot}a`, `W${lot}b`];
      w.add('food.transform', { inputs: [line(lot, '1000')], outputs: halves.map((h) => line(h, '500')), yield: { ratio: '1', tolerance: '0' } });
      for (const h of halves) {
        const m = markets[k++ % markets.length]!;
        const s = w.add('food.ship', { items: [line(h, '500')], destination: { enterprise: m.enterprise } });
        m.add('food.receive', { items: [line(h, '500')], source: { enterprise: w.enterprise }, status: 'accepted' }, [s]);
        for (let i = 0; i < salesPerLot; i++) {
          const code = `S${k}x${i}`;
          m.add('food.sale', { ...line(h, '1.5'), traceCode: code });
          if (i === 0) traceCodes.push(code);
        }
      }
    }
  });
  const all = [...farmBiz, ...wholesalers, ...markets];
  return { logs: all.map((b) => b.log()), records: all.reduce((s, b) => s + b.records.length, 0), farmLots, traceCodes };
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function latency(samples: number, fn: (i: number) => void): { median: number; p99: number } {
  for (let i = 0; i < Math.min(20, samples); i++) fn(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { median: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

export function runFoodBench(farms: number, lotsPerFarm: number, salesPerLot: number, runs: number): { rows: Row[]; records: number; lots: number } {
  const chain = generateChain(farms, lotsPerFarm, salesPerLot);
  let graph: LotGraph | undefined;
  const builds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    graph = LotGraph.build(chain.logs);
    builds.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  const g = graph!;
  if (g.findings.length > 0) throw new Error(`generated chain has findings: ${g.findings[0]!.message}`);
  const q = new LotQueries(g);
  const pick = (i: number, n: number) => (i * 7919) % n;
  const samples = 500;
  const back = latency(samples, (i) => {
    const t = q.traceBack({ traceCode: chain.traceCodes[pick(i, chain.traceCodes.length)]! });
    if (t.origins.length !== 1) throw new Error('trace back lost its origin');
  });
  const forward = latency(samples, (i) => q.traceForward(chain.farmLots[pick(i, chain.farmLots.length)]!));
  const recall = latency(samples, (i) => q.recall([chain.farmLots[pick(i, chain.farmLots.length)]!]));
  const build = percentile(builds, 0.5);
  return {
    records: chain.records,
    lots: g.nodes.length,
    rows: [
      { name: `lot graph build (validate + index ${chain.records} records, ${g.nodes.length} lots)`, unit: 'records/s', median: chain.records / build },
      { name: 'trace back from a sale\'s trace code: median', unit: 'ms', median: back.median },
      { name: 'trace back: p99', unit: 'ms', median: back.p99 },
      { name: 'trace forward from a farm lot: median', unit: 'ms', median: forward.median },
      { name: 'trace forward: p99', unit: 'ms', median: forward.p99 },
      { name: 'recall of a farm lot: median', unit: 'ms', median: recall.median },
      { name: 'recall: p99', unit: 'ms', median: recall.p99 },
    ],
  };
}

// ---- the builder alone on a million records, in a fresh process (its peak RSS is its own) ----

const ZERO = new Uint8Array(32);

/**
 * A day of a district's trade as decoded records, made as they are fed (never all held):
 * farms harvest, test, certify and ship each lot to a wholesaler, which splits it and ships
 * the halves to two markets, which receive and sell `sales` times each with trace codes. The
 * logs interleave the way a bundle of real businesses would when read record by record.
 */
export function* districtRecords(total: number, sales = 100): Generator<{ log: number; record: LogRecord }> {
  const FARMS = 50;
  const WHOLESALERS = 5;
  const MARKETS = 100;
  const logs = Array.from({ length: FARMS + WHOLESALERS + MARKETS }, (_, i) => ({ logId: new Uint8Array(32).fill(0).map((_, j) => (j === 0 ? i >> 8 : j === 1 ? i & 255 : 7)), enterprise: uscc(i), seq: 1 }));
  let made = 0;
  const rec = (log: number, kind: string, body: Record<string, unknown>, refs: LogRecord['refs'] = []) => {
    const l = logs[log]!;
    made++;
    return { log, record: { version: 1, logId: l.logId, seq: l.seq++, prev: ZERO, time: 1_764_115_200_000 + made, kind, body: { eventTime: T, ...body }, refs } };
  };
  for (let n = 0; made < total; n++) {
    const farm = n % FARMS;
    const w = FARMS + (n % WHOLESALERS);
    const lot = `F${n}`;
    yield rec(farm, 'food.harvest', { ...line(lot, '1000'), method: 'harvest' });
    yield rec(farm, 'food.test', { lot, test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } });
    yield rec(farm, 'food.certificate', { ...line(lot, '1000'), certificate: { type: '承诺达标合格证', number: `HGZ-${n}`, issuer: { name: 'farm' }, issuedOn: '2025-11-26' }, origin: '闽侯县' });
    const ship = rec(farm, 'food.ship', { items: [line(lot, '1000')], destination: { enterprise: logs[w]!.enterprise } });
    yield ship;
    yield rec(w, 'food.receive', { items: [line(lot, '1000')], source: { enterprise: logs[farm]!.enterprise }, status: 'accepted' }, [{ logId: logs[farm]!.logId, seq: ship.record.seq, leafHash: ZERO }]);
    yield rec(w, 'food.transform', { inputs: [line(lot, '1000')], outputs: [line(`W${n}a`, '500'), line(`W${n}b`, '500')], yield: { ratio: '1', tolerance: '0' } });
    for (const half of ['a', 'b']) {
      const m = FARMS + WHOLESALERS + ((2 * n + (half === 'a' ? 0 : 1)) % MARKETS);
      const s = rec(w, 'food.ship', { items: [line(`W${n}${half}`, '500')], destination: { enterprise: logs[m]!.enterprise } });
      yield s;
      yield rec(m, 'food.receive', { items: [line(`W${n}${half}`, '500')], source: { enterprise: logs[w]!.enterprise }, status: 'accepted' }, [{ logId: logs[w]!.logId, seq: s.record.seq, leafHash: ZERO }]);
      for (let i = 0; i < sales && made < total; i++) yield rec(m, 'food.sale', { ...line(`W${n}${half}`, '2.5'), traceCode: `S${n}${half}${i}` });
    }
  }
}

export interface BuilderResult { records: number; recordsPerSec: number; recordsPerCpuSec: number; validatePerSec: number; decodePerSec: number; heapMB: number; arrayBuffersMB: number; traceCodes: boolean; peakRssMB: number; baselineRssMB: number; lots: number }

/** Child process: feeds `n` generated records to a LotGraphBuilder in batches, timing only the builder. */
async function builderChild(n: number, traceCodes: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const baselineRssMB = process.memoryUsage().rss / 2 ** 20;
  const logs = new Map<number, number>();
  const b = new LotGraphBuilder({ traceCodes });
  let seconds = 0;
  let cpu = 0;
  const timed = <T>(fn: () => T): T => {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    const out = fn();
    seconds += Number(process.hrtime.bigint() - t) / 1e9;
    const d = process.cpuUsage(c);
    cpu += (d.user + d.system) / 1e6;
    return out;
  };
  let batch: { log: number; record: LogRecord }[] = [];
  const feed = () => timed(() => {
    for (const { log, record } of batch) {
      let h = logs.get(log);
      if (h === undefined) logs.set(log, (h = b.addLog({ logId: record.logId, enterprise: uscc(log) })));
      b.addRecord(h, record);
    }
    batch = [];
  });
  for (const r of districtRecords(n)) {
    batch.push(r);
    if (batch.length === 10_000) feed();
  }
  feed();
  const graph = timed(() => b.build());
  if (graph.findings.length > 0) throw new Error(`the generated district has findings: ${graph.findings[0]!.code} ${graph.findings[0]!.message}`);
  gc();
  const peakRssMB = process.resourceUsage().maxRSS / 1024; // before the validation sample below is made
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  const arrayBuffersMB = process.memoryUsage().arrayBuffers / 2 ** 20;
  // validateEvent alone on a sample, the floor of any builder that checks every body
  const sample = [...districtRecords(100_000)].map((r) => r.record);
  const v0 = process.cpuUsage();
  for (const r of sample) validateEvent(r.kind, r.body);
  const v = process.cpuUsage(v0);
  const validatePerSec = sample.length / ((v.user + v.system) / 1e6);
  // decodeRecord on the same records: what the verifier does a second time to hand each signed record to the graph
  const encoded = sample.map(encodeRecord);
  const d0 = process.cpuUsage();
  for (const bytes of encoded) decodeRecord(bytes);
  const d = process.cpuUsage(d0);
  const decodePerSec = encoded.length / ((d.user + d.system) / 1e6);
  const result: BuilderResult = { records: n, recordsPerSec: n / seconds, recordsPerCpuSec: n / cpu, validatePerSec, decodePerSec, heapMB, arrayBuffersMB, traceCodes, peakRssMB, baselineRssMB, lots: graph.nodes.length };
  process.stdout.write(JSON.stringify(result));
}

/** The builder on `n` records in a fresh process (trace codes kept, as for queries, unless `traceCodes` is false, as for verification). */
export function runBuilderBench(n: number, traceCodes = true): { result: BuilderResult; rows: Row[] } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--conditions=@suyuan/source', '--import', 'tsx', import.meta.filename, '--builder', String(n), ...(traceCodes ? [] : ['--no-trace-codes'])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const result = JSON.parse(out) as BuilderResult;
  const k = `${(n / 1e6).toFixed(n >= 1e6 ? 0 : 1)}M records`;
  return {
    result,
    rows: [
      { name: `LotGraphBuilder, ${k} (validate, compact, link, rules; ${result.lots} lots), wall clock`, unit: 'records/s', median: result.recordsPerSec },
      { name: 'LotGraphBuilder, the same, per second of CPU time (steadier on a shared machine)', unit: 'records/s', median: result.recordsPerCpuSec },
      { name: 'validateEvent alone, the same kinds of record, per second of CPU time', unit: 'records/s', median: result.validatePerSec },
      { name: 'decodeRecord of the same records (what the verifier pays per signed record it feeds to the graph: one read with the body), per second of CPU time', unit: 'records/s', median: result.decodePerSec },
      { name: `graph heap after build, ${k} (after GC${traceCodes ? ', trace codes kept' : ', no trace codes'})`, unit: 'MB', median: result.heapMB },
      { name: `graph columns outside the heap (typed arrays), ${k}`, unit: 'MB', median: result.arrayBuffersMB },
      { name: `peak RSS of the process, ${k} (records made on the fly; ${result.baselineRssMB.toFixed(0)} MB at start)`, unit: 'MB', median: result.peakRssMB },
    ],
  };
}

if (process.argv[2] === '--builder' && process.argv[1] === import.meta.filename) await builderChild(Number(process.argv[3]), !process.argv.includes('--no-trace-codes'));
