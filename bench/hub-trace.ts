/**
 * The trace-latency half of bench/hub.ts: a hub process of its own (hub-serve-child.ts, like
 * `suyuan serve`) on the schema the ingest half filled, and CLIENTS concurrent closed-loop
 * clients in this process. The hub's CPU time per query is read from the hub process itself,
 * so it does not include the clients' cost (they share the machine's cores, not its process).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Row } from './store.js';

export const CLIENTS = 64;

export interface TraceLatency {
  p50: number;
  p99: number;
  /** The first query: a hub started on the stored records reads and links them all. */
  buildMs: number;
  /** Hub process CPU time per query over the timed queries, ms. */
  hubCpuMs: number;
  queries: number;
}

/** A hub process on `schema`; resolves once it listens. */
export async function hubProcess(pgUrl: string, schema: string, authorityHex: string, env: NodeJS.ProcessEnv = process.env) {
  const child = fork(join(import.meta.dirname, 'hub-serve-child.ts'), [pgUrl, schema, authorityHex], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the hub process ended (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as Record<string, unknown>);
    });
  });
  const { url } = await next() as { url: string };
  return {
    url,
    async cpuMicros(): Promise<number> {
      const reply = next();
      child.send('cpu');
      return (await reply).cpuMicros as number;
    },
    close: () => closeChild(child),
  };
}

async function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('close');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(t);
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** One trace-back query, timed (ms): the first after pushes takes in and links what they stored. */
export async function oneQueryMs(hubUrl: string, code: string): Promise<number> {
  const t = process.hrtime.bigint();
  const res = await fetch(`${hubUrl}/v1/query/trace-back?traceCode=${encodeURIComponent(code)}`, { headers: { authorization: 'Bearer bench' } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`trace-back: ${res.status} ${body}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** CLIENTS clients, `perClient` trace-back queries each, by trace codes spread over `codes`. */
export async function traceLatency(hub: { url: string; cpuMicros(): Promise<number> }, codes: readonly string[], perClient: number): Promise<TraceLatency> {
  const headers = { authorization: 'Bearer bench' };
  const q = (code: string) => `${hub.url}/v1/query/trace-back?traceCode=${encodeURIComponent(code)}`;
  const buildMs = await oneQueryMs(hub.url, codes[0]!);
  // Each client opens its connection with untimed queries: latencies are of a steady state,
  // not of 64 TCP handshakes at once (nor of the JIT warming up on either side).
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; i < 5; i++) await (await fetch(q(codes[(c * 31 + i) % codes.length]!), { headers })).arrayBuffer();
  }));
  const latencies: number[] = [];
  const cpu0 = await hub.cpuMicros();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; i < perClient; i++) {
      const code = codes[(c * 7919 + i * 104_729) % codes.length]!;
      const t = process.hrtime.bigint();
      const res = await fetch(q(code), { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`trace-back: ${res.status} ${body}`);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const hubCpuMs = (await hub.cpuMicros() - cpu0) / 1000 / latencies.length;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), buildMs, hubCpuMs, queries: latencies.length };
}

export function traceRows(t: TraceLatency, records: number, afterPushesMs: number): Row[] {
  return [
    { name: `the first query after the pushes (the ingest hub): takes in and links the ${records} records they handed over`, unit: 'ms', median: afterPushesMs },
    { name: `trace back by trace code, ${CLIENTS} concurrent clients (the hub in its own process), ${records} records stored: p50`, unit: 'ms', median: t.p50 },
    { name: `the same: p99 (${t.queries} queries)`, unit: 'ms', median: t.p99 },
    { name: 'the same: hub CPU time per query (its process, HTTP included)', unit: 'ms', median: t.hubCpuMs },
    { name: `the first query of a hub started on the ${records} stored records: reads and links them`, unit: 'ms', median: t.buildMs },
  ];
}
