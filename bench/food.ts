/**
 * Query benchmark: a generated chain of farms → wholesalers (which split each lot) →
 * markets (which sell with trace codes), then the lot graph's build rate and the latency of
 * trace back (from a receipt's trace code), trace forward and recall (from a farm lot).
 */
import { LogWriter, decodeRecord, type LogRecord } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotQueries, type GraphLog } from '@suyuan/food';
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
