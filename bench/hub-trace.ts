/**
 * The trace-latency half of bench/hub.ts: `suyuan serve` in processes of its own
 * (bench/hub-serve.ts) on the schema the ingest half filled, and CLIENTS concurrent closed-loop
 * clients in this process, each on a kept-alive connection of bench/http-load.ts (a load
 * generator's few µs a request, not Node's HTTP clients' 0.15–0.3 ms, which on 2 shared cores
 * would be taken from the hub). The hub's CPU time per query is read from its processes.
 */
import type { ServeProcess } from './hub-serve.js';
import { loadConnection, type LoadConnection } from './http-load.js';
import type { Row } from './store.js';

export const CLIENTS = 64;

export interface TraceLatency {
  p50: number;
  p99: number;
  /** The first query: a hub started on the stored records reads and links them all. */
  buildMs: number;
  /** Hub CPU time per query (its processes) over the timed queries, ms. */
  hubCpuMs: number;
  /** Queries in a round. */
  queries: number;
  /** The untimed first round's p99 (after a start, before the JIT and the collector settle). */
  firstRoundP99: number;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const path = (code: string) => `/v1/query/trace-back?traceCode=${encodeURIComponent(code)}`;
const headers = { authorization: 'Bearer bench' };

/** One trace-back query on a connection of its own, timed (ms): the first after pushes takes in and links what they stored. */
export async function oneQueryMs(hubUrl: string, code: string): Promise<number> {
  const c = await loadConnection(hubUrl, headers);
  try {
    return await timed(c, code);
  } finally {
    c.close();
  }
}

async function timed(c: LoadConnection, code: string): Promise<number> {
  const t = process.hrtime.bigint();
  const { status, body } = await c.get(path(code));
  if (status !== 200) throw new Error(`trace-back: ${status} ${body.toString()}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * Timed rounds of the closed loop, after one untimed round of the same size (which still pays
 * for the JIT and for the collector tidying up after the index was built: its p99 is reported
 * apart); each figure is the median of the timed rounds'.
 */
export const ROUNDS = 3;

/**
 * CLIENTS clients, each on its own kept-alive connection, ROUNDS rounds of `perClient`
 * trace-back queries each, by trace codes spread over `codes`.
 */
export async function traceLatency(hub: ServeProcess, codes: readonly string[], perClient: number): Promise<TraceLatency> {
  const buildMs = await oneQueryMs(hub.url, codes[0]!);
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => loadConnection(hub.url, headers)));
  try {
    // Each client starts with untimed queries, so that every hub worker has built its index
    // (on its first query) before a clock starts.
    await Promise.all(clients.map(async (c, k) => {
      for (let i = 0; i < 5; i++) await timed(c, codes[(k * 31 + i) % codes.length]!);
    }));
    const rounds: { p50: number; p99: number; hubCpuMs: number }[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const latencies: number[] = [];
      const cpu0 = hub.cpuMicros();
      await Promise.all(clients.map(async (c, k) => {
        for (let i = 0; i < perClient; i++) latencies.push(await timed(c, codes[(k * 7919 + (r * perClient + i) * 104_729) % codes.length]!));
      }));
      const hubCpuMs = (hub.cpuMicros() - cpu0) / 1000 / latencies.length;
      latencies.sort((a, b) => a - b);
      rounds.push({ p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), hubCpuMs });
    }
    const timedRounds = rounds.slice(1);
    const median = (f: (x: (typeof rounds)[number]) => number) => timedRounds.map(f).sort((a, b) => a - b)[timedRounds.length >> 1]!;
    return { p50: median((x) => x.p50), p99: median((x) => x.p99), hubCpuMs: median((x) => x.hubCpuMs), buildMs, queries: perClient * CLIENTS, firstRoundP99: rounds[0]!.p99 };
  } finally {
    for (const c of clients) c.close();
  }
}

export function traceRows(t: TraceLatency, records: number, afterPushesMs: number, workers: number): Row[] {
  return [
    { name: `the first query after the pushes (the ingest hub): takes in and links the ${records} records they handed over`, unit: 'ms', median: afterPushesMs },
    { name: `trace back by trace code, ${CLIENTS} concurrent clients, \`suyuan serve --workers ${workers}\`, ${records} records stored: p50 (median of ${ROUNDS} rounds of ${t.queries} queries)`, unit: 'ms', median: t.p50 },
    { name: `the same: p99`, unit: 'ms', median: t.p99 },
    { name: 'the same: p99 of the untimed first round after the hub started', unit: 'ms', median: t.firstRoundP99 },
    { name: 'the same: hub CPU time per query (its processes, HTTP included)', unit: 'ms', median: t.hubCpuMs },
    { name: `the first query of a hub started on the ${records} stored records: reads and links them`, unit: 'ms', median: t.buildMs },
  ];
}
