/**
 * Core micro-benchmark: append (encode + hash + tree update) and full log verification of
 * ~200-byte records with a checkpoint every 1,000 records, on one core, next to the
 * machine's native SHA-256 doing exactly the hashing the format requires.
 */
import { hash } from 'node:crypto';
import { LogWriter, concatBytes, nobleCrypto, verifyLog, type Checkpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { benchEvent } from './events.js';
import { fmtRate, medianSeconds } from './lib.js';

export interface CoreBenchResult {
  /** The encoded records and their checkpoints, for other benchmarks to reuse. */
  encoded: Uint8Array[];
  checkpoints: Checkpoint[];
  records: number;
  recordBytes: number;
  rows: { name: string; unit: string; median: number; ratio?: number; baseline?: string }[];
}

export async function runCoreBench(n: number, runs: number): Promise<CoreBenchResult> {
  const signer = nodeSigner(new Uint8Array(32).fill(1));
  const t0 = 1_764_115_200_000;
  const events = Array.from({ length: n }, (_, i) => benchEvent(i));

  // Build the log once, with checkpoints every 1,000 records.
  const writer = LogWriter.create(signer, { enterprise: '91350100MA2XN8KX46' }, { crypto: nodeCrypto, clock: () => t0 });
  const records: Uint8Array[] = [writer.genesis];
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < n; i += 1000) {
    for (const r of writer.appendBatch(events.slice(i, i + 1000))) records.push(r.bytes);
    checkpoints.push(await writer.checkpoint(t0 + n));
  }
  const bytes = concatBytes(records);
  const recordBytes = Math.round(bytes.length / records.length);

  // The limit: native SHA-256 of each record, and of everything the format hashes (leaf + tree nodes).
  const rawHash = medianSeconds(runs, () => {
    for (const r of records) hash('sha256', r, 'buffer');
  });
  // One leaf hash per record and (n - 1) interior node hashes for the tree, as bare
  // node:crypto calls on prepared buffers: no decoding, no bookkeeping.
  const scratch = Buffer.alloc(64 * 1024);
  const node = Buffer.alloc(65, 1);
  const formatHash = medianSeconds(runs, () => {
    for (const r of records) {
      scratch.set(r, 1);
      hash('sha256', new Uint8Array(scratch.buffer, scratch.byteOffset, r.length + 1), 'buffer');
      hash('sha256', node, 'buffer');
    }
  });

  const append = medianSeconds(runs, () => {
    const w = LogWriter.create(signer, { enterprise: '91350100MA2XN8KX46' }, { crypto: nodeCrypto, clock: () => t0 });
    for (let i = 0; i < n; i += 1000) w.appendBatch(events.slice(i, i + 1000));
  });

  let verdict = '';
  const verify = medianSeconds(runs, () => {
    verdict = verifyLog(bytes, { crypto: nodeCrypto, checkpoints }).verdict;
  });
  if (verdict !== 'valid') throw new Error(`benchmark log did not verify: ${verdict}`);
  const portableN = Math.min(records.length, 20_000);
  const portableBytes = concatBytes(records.slice(0, portableN));
  const verifyNoble = medianSeconds(Math.max(1, Math.floor(runs / 2)), () => {
    verifyLog(portableBytes, { crypto: nobleCrypto });
  });

  const total = records.length;
  const rate = (s: number, count = total) => count / s;
  const rows = [
    { name: 'native SHA-256 of each record (node:crypto)', unit: 'records/s', median: rate(rawHash) },
    { name: 'native hashing the format requires (leaf + tree nodes)', unit: 'records/s', median: rate(formatHash) },
    { name: 'append: encode + hash + tree (LogWriter.appendBatch of 1,000)', unit: 'records/s', median: rate(append), ratio: rawHash / append, baseline: 'native SHA-256 of each record' },
    { name: 'verify: full log, checkpoint every 1,000 (node:crypto)', unit: 'records/s', median: rate(verify), ratio: formatHash / verify, baseline: 'native hashing the format requires' },
    { name: 'verify, same, against the raw per-record hash', unit: 'records/s', median: rate(verify), ratio: rawHash / verify, baseline: 'native SHA-256 of each record' },
    { name: 'verify: portable noble provider (20k records)', unit: 'records/s', median: rate(verifyNoble, portableN), ratio: verify / total / (verifyNoble / portableN), baseline: 'verify on node:crypto' },
  ];
  return { encoded: records, checkpoints, records: total, recordBytes, rows };
}

export function printCore(r: CoreBenchResult): string {
  const lines = [`records: ${r.records} of ~${r.recordBytes} bytes`, '', '| measurement | rate | ratio |', '|---|---:|---:|'];
  for (const row of r.rows) {
    lines.push(`| ${row.name} | ${fmtRate(row.median)} ${row.unit} | ${row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(0)}% of ${row.baseline}`} |`);
  }
  return lines.join('\n');
}
