/**
 * The real peer: hypercore (an append-only signed log with Merkle proofs), appending the
 * same record bytes and verifying them the way a hypercore reader does, by replicating
 * from the writer and checking every block. Hypercore does not fsync on append, so its
 * append is compared with our `none` mode (and our durable modes are shown beside it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Hypercore from 'hypercore';
import { concatBytes, verifyLog, type Checkpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '@suyuan/store';
import { benchEvent } from './events.js';
import type { Row } from './store.js';

const T0 = 1_764_115_200_000;
const scratch = () => mkdtempSync(join(import.meta.dirname, '.tmp-peer-'));

async function hypercoreAppend(records: Uint8Array[]): Promise<{ seconds: number; dir: string; core: Hypercore }> {
  const dir = scratch();
  const core = new Hypercore(join(dir, 'writer'));
  await core.ready();
  const t = process.hrtime.bigint();
  for (let i = 0; i < records.length; i += 1000) await core.append(records.slice(i, i + 1000).map((r) => Buffer.from(r.buffer, r.byteOffset, r.length)));
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, dir, core };
}

/** A reader replicating every block from the writer; hypercore checks each against the signed tree. */
async function hypercoreVerify(writer: Hypercore, dir: string): Promise<number> {
  const reader = new Hypercore(join(dir, 'reader'), writer.key);
  await reader.ready();
  const a = writer.replicate(true);
  const b = reader.replicate(false);
  a.pipe(b).pipe(a);
  const t = process.hrtime.bigint();
  await reader.download({ start: 0, end: writer.length }).done();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (reader.contiguousLength !== writer.length) throw new Error('hypercore replication incomplete');
  await reader.close();
  return seconds;
}

async function ourAppendNone(n: number): Promise<number> {
  const dir = scratch();
  try {
    const log = await DurableLog.create(await FileLogStore.open(dir, { mode: 'none' }), nodeSigner(new Uint8Array(32).fill(3)), { enterprise: 'E' }, { clock: () => T0 });
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1000) await log.appendBatch(Array.from({ length: Math.min(1000, n - i) }, (_, k) => benchEvent(i + k)));
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    await log.close();
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runPeerBench(records: Uint8Array[], checkpoints: Checkpoint[], n: number): Promise<{ rows: Row[]; appendVsPeer: number; verifyVsPeer: number }> {
  const recs = records.slice(0, n);
  const cps = checkpoints.filter((c) => c.size <= n);
  const hc = await hypercoreAppend(recs);
  let verifyPeer: number;
  try {
    verifyPeer = await hypercoreVerify(hc.core, hc.dir);
  } finally {
    await hc.core.close();
    rmSync(hc.dir, { recursive: true, force: true });
  }
  const ours = await ourAppendNone(n);
  const bytes = concatBytes(recs);
  const t = process.hrtime.bigint();
  const report = verifyLog(bytes, { crypto: nodeCrypto, checkpoints: cps });
  const ourVerify = Number(process.hrtime.bigint() - t) / 1e9;
  if (report.findings.some((f) => f.severity === 'error')) throw new Error('peer bench log did not verify');
  const rate = (s: number) => n / s;
  return {
    rows: [
      { name: 'hypercore 11: append, batches of 1,000 (no fsync)', unit: 'records/s', median: rate(hc.seconds) },
      { name: 'Suyuan DurableLog, mode none: appendBatch of 1,000 (encode + hash + tree + store)', unit: 'records/s', median: rate(ours), ratio: hc.seconds / ours, baseline: 'hypercore append' },
      { name: 'hypercore 11: a reader replicating and checking every block', unit: 'records/s', median: rate(verifyPeer) },
      { name: 'Suyuan: full verification of the same records (one thread)', unit: 'records/s', median: rate(ourVerify), ratio: verifyPeer / ourVerify, baseline: 'hypercore reader' },
    ],
    appendVsPeer: hc.seconds / ours,
    verifyVsPeer: verifyPeer / ourVerify,
  };
}
