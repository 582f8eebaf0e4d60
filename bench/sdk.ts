/**
 * SDK benchmark: sales per second through `Ledger.sale()` (validation, an issued trace code,
 * the result object) against the same sales through `DurableLog.append` direct, on the file
 * store in batched durability, 1,000 sales in flight, in the same run. Runs alternate between
 * the two so that the machine's noise falls on both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSigner } from '@suyuan/core/node';
import { validateEvent } from '@suyuan/food';
import { DurableLog, FileLogStore } from '@suyuan/store';
import { Ledger } from 'suyuan';
import type { Row } from './store.js';

const MARKET = '92350102MA2MKT0013';
const T = '2025-11-26T08:30:00+08:00';
const IN_FLIGHT = 1000;
const sale = (i: number) => ({ eventTime: T, lot: `V0${i % 4}-L1`, product: { description: '青菜', category: '0101' }, quantity: { value: '0.5', unit: 'KGM' } });

/** Wall and CPU seconds (this process) for `n` calls of `one(i)` with IN_FLIGHT outstanding, until the last resolves. */
async function window(n: number, one: (i: number) => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    pending.push(one(i));
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

interface Timing { wall: number; cpu: number }

type Way = 'sdk' | 'direct' | 'direct+validate';

/** One timed run of `n` sales one way, in a fresh directory; opening and closing are not timed. */
async function run(way: Way, n: number): Promise<Timing> {
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-sdk-'));
  try {
    if (way === 'sdk') {
      const ledger = await Ledger.open({ dir, enterprise: MARKET, durability: 'batched', checkpointOnClose: false });
      const s = await window(n, (i) => ledger.sale(sale(i)));
      await ledger.close();
      return s;
    }
    const log = await DurableLog.create(await FileLogStore.open(join(dir, 'log'), { mode: 'batched' }), nodeSigner(new Uint8Array(32).fill(1)), { enterprise: MARKET });
    const s = await window(n, (i) => {
      const body = { ...sale(i), traceCode: `SY${String(i).padStart(14, '0')}` };
      if (way === 'direct+validate' && validateEvent('food.sale', body).length > 0) throw new Error('invalid');
      return log.append({ kind: 'food.sale', body });
    });
    await log.close();
    return s;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SdkBenchResult {
  rows: Row[];
  /** SDK sales/s ÷ DurableLog direct sales/s (wall clock). */
  sdkVsDurableLog: number;
  /** SDK sales/s ÷ DurableLog with validateEvent by hand: what the facade itself costs. */
  sdkVsValidatedDurableLog: number;
}

export async function runSdkBench(n: number, runs: number): Promise<SdkBenchResult> {
  const ways: Way[] = ['direct', 'sdk', 'direct+validate'];
  const times: Record<Way, Timing[]> = { sdk: [], direct: [], 'direct+validate': [] };
  for (const w of ways) await run(w, Math.min(n, 10_000)); // warm-up: the JIT, the page cache
  for (let r = 0; r < runs; r++) for (const w of ways) times[w].push(await run(w, n));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rate = (w: Way) => n / median(times[w].map((t) => t.wall));
  const cpuRate = (w: Way) => n / median(times[w].map((t) => t.cpu));
  const [direct, sdk, validated] = [rate('direct'), rate('sdk'), rate('direct+validate')];
  const [directCpu, sdkCpu, validatedCpu] = [cpuRate('direct'), cpuRate('sdk'), cpuRate('direct+validate')];
  return {
    sdkVsDurableLog: sdk / direct,
    sdkVsValidatedDurableLog: sdk / validated,
    rows: [
      { name: 'DurableLog.append direct, batched, 1,000 sales in flight (baseline)', unit: 'sales/s', median: direct },
      { name: 'DurableLog.append + validateEvent by hand, same', unit: 'sales/s', median: validated, ratio: validated / direct, baseline: 'DurableLog direct' },
      { name: 'Ledger.sale(): validation, issued trace code, same durability', unit: 'sales/s', median: sdk, ratio: sdk / direct, baseline: 'DurableLog direct' },
      { name: 'DurableLog.append direct: per CPU-second of this process (baseline)', unit: 'sales/s', median: directCpu },
      { name: 'DurableLog.append + validateEvent by hand: per CPU-second', unit: 'sales/s', median: validatedCpu, ratio: validatedCpu / directCpu, baseline: 'DurableLog direct, CPU' },
      { name: 'Ledger.sale(): per CPU-second', unit: 'sales/s', median: sdkCpu, ratio: sdkCpu / directCpu, baseline: 'DurableLog direct, CPU' },
    ],
  };
}

// `node --conditions=@suyuan/source --import tsx bench/sdk.ts [n] [runs]` runs just this part.
if (process.argv[1] === import.meta.filename) {
  const { printRows } = await import('./store.js');
  const r = await runSdkBench(Number(process.argv[2] ?? 50_000), Number(process.argv[3] ?? 5));
  console.log(printRows(r.rows));
  console.log(`sdkVsDurableLog ${r.sdkVsDurableLog.toFixed(3)} sdkVsValidatedDurableLog ${r.sdkVsValidatedDurableLog.toFixed(3)}`);
}
