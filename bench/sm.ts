/**
 * The `sm2-sm3` suite beside `ed25519-sha256`, in one run: SM3 leaf hashing (node:crypto
 * against the portable JS one), the native SM3 limit of the format (leaf + tree nodes),
 * log append and verification of the same ~200-byte records in both suites, and single
 * signature verify and sign rates. `pnpm bench` runs it after the core table; on its own:
 * `node --conditions=@suyuan/source --import tsx bench/sm.ts [--quick]`.
 */
import { hash } from 'node:crypto';
import {
  LogWriter, concatBytes, nobleCrypto, nobleSigner, sm2Signer, sm2Sm3Crypto, verifyLog, type Checkpoint, type Signer,
} from '@suyuan/core';
import { nodeCrypto, nodeSigner, nodeSm2Sm3Crypto } from '@suyuan/core/node';
import { benchEvent } from './events.js';
import { fmtRate, medianSeconds, medianSecondsAsync } from './lib.js';

export interface SmBenchResult {
  rows: { name: string; unit: string; median: number; ratio?: number; baseline?: string }[];
  /** Core log verification of the SM log on one core (node:crypto SM3); not yet the bundle verifier's figure. */
  smVerifyLogRecordsPerSec1Core: number;
  sm3NativeLimitRecordsPerSec: number;
}

const T0 = 1_764_115_200_000;

async function buildLog(signer: Signer, n: number) {
  const events = Array.from({ length: n }, (_, i) => benchEvent(i));
  const writer = LogWriter.create(signer, { enterprise: '91350100MA2XN8KX46' }, { crypto: nodeCrypto, clock: () => T0 });
  const records: Uint8Array[] = [writer.genesis];
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < n; i += 1000) {
    for (const r of writer.appendBatch(events.slice(i, i + 1000))) records.push(r.bytes);
    checkpoints.push(await writer.checkpoint(T0 + n));
  }
  return { events, records, checkpoints, bytes: concatBytes(records) };
}

export async function runSmBench(n: number, runs: number): Promise<SmBenchResult> {
  const sm = sm2Signer(new Uint8Array(32).fill(1));
  const ed = nodeSigner(new Uint8Array(32).fill(1));
  const smLog = await buildLog(sm, n);
  const edLog = await buildLog(ed, n);
  const records = smLog.records;
  const total = records.length;
  const rate = (s: number, count = total) => count / s;

  // The limits: bare node:crypto calls on prepared buffers, one leaf and one node hash per record.
  const scratch = Buffer.alloc(64 * 1024);
  const node = Buffer.alloc(65, 1);
  const formatHash = (algorithm: string) => medianSeconds(runs, () => {
    for (const r of records) {
      scratch.set(r, 1);
      hash(algorithm, new Uint8Array(scratch.buffer, scratch.byteOffset, r.length + 1), 'buffer');
      hash(algorithm, node, 'buffer');
    }
  });
  const sm3Limit = formatHash('sm3');
  const sha256Limit = formatHash('sha256');
  const leafNode = medianSeconds(runs, () => { for (const r of records) nodeSm2Sm3Crypto.leafHash(r); });
  const portableN = Math.min(total, 20_000);
  const leafPortable = medianSeconds(Math.max(1, Math.floor(runs / 2)), () => { for (let i = 0; i < portableN; i++) sm2Sm3Crypto.leafHash(records[i]!); });

  const append = (signer: Signer) => medianSeconds(runs, () => {
    const w = LogWriter.create(signer, { enterprise: '91350100MA2XN8KX46' }, { crypto: nodeCrypto, clock: () => T0 });
    for (let i = 0; i < n; i += 1000) w.appendBatch(smLog.events.slice(i, i + 1000));
  });
  const appendSm = append(sm);
  const appendEd = append(ed);

  const verify = (log: typeof smLog) => {
    let verdict = '';
    const s = medianSeconds(runs, () => { verdict = verifyLog(log.bytes, { crypto: nodeCrypto, checkpoints: log.checkpoints }).verdict; });
    if (verdict !== 'valid') throw new Error(`benchmark log did not verify: ${verdict}`);
    return s;
  };
  const verifySm = verify(smLog);
  const verifyEd = verify(edLog);
  const portableBytes = concatBytes(records.slice(0, portableN));
  const verifySmPortable = medianSeconds(Math.max(1, Math.floor(runs / 2)), () => { verifyLog(portableBytes, { crypto: nobleCrypto }); });

  // Signatures: one key, varying messages; verification caches the key's point and Z as the log verifier does.
  const sigN = 300;
  const messages = Array.from({ length: sigN }, (_, i) => Uint8Array.from(Buffer.from(`suyuan/checkpoint/v1 head ${i}`)));
  const smSigs = await Promise.all(messages.map((m) => sm.sign(m)));
  const edSigs = await Promise.all(messages.map((m) => ed.sign(m)));
  const edNoble = nobleSigner(new Uint8Array(32).fill(1));
  const sigRuns = Math.max(3, runs);
  const smVerify = medianSeconds(sigRuns, () => { for (let i = 0; i < sigN; i++) if (!nodeSm2Sm3Crypto.verify(smSigs[i]!, messages[i]!, sm.publicKey)) throw new Error('SM2'); });
  const edVerifyNode = medianSeconds(sigRuns, () => { for (let i = 0; i < sigN; i++) if (!nodeCrypto.verify(edSigs[i]!, messages[i]!, ed.publicKey)) throw new Error('Ed25519'); });
  const edVerifyNoble = medianSeconds(sigRuns, () => { for (let i = 0; i < sigN; i++) if (!nobleCrypto.verify(edSigs[i]!, messages[i]!, ed.publicKey)) throw new Error('Ed25519'); });
  const smSign = await medianSecondsAsync(sigRuns, async () => { for (const m of messages) await sm.sign(m); });
  const edSignNode = await medianSecondsAsync(sigRuns, async () => { for (const m of messages) await ed.sign(m); });
  const edSignNoble = await medianSecondsAsync(sigRuns, async () => { for (const m of messages) await edNoble.sign(m); });

  const rows = [
    { name: 'native SM3 the format requires (leaf + tree nodes, node:crypto): the SM limit', unit: 'records/s', median: rate(sm3Limit), ratio: sha256Limit / sm3Limit, baseline: 'the same with SHA-256' },
    { name: 'SM3 leaf hash, node:crypto provider', unit: 'records/s', median: rate(leafNode) },
    { name: `SM3 leaf hash, portable provider (JS, ${portableN / 1000}k records)`, unit: 'records/s', median: rate(leafPortable, portableN), ratio: (leafNode / total) / (leafPortable / portableN), baseline: 'node:crypto SM3' },
    { name: 'append sm2-sm3: encode + SM3 + tree (appendBatch of 1,000)', unit: 'records/s', median: rate(appendSm), ratio: appendEd / appendSm, baseline: 'append ed25519-sha256' },
    { name: 'append ed25519-sha256, same records', unit: 'records/s', median: rate(appendEd) },
    { name: 'verify sm2-sm3 log, checkpoint every 1,000 (node:crypto SM3, SM2 on noble)', unit: 'records/s', median: rate(verifySm), ratio: sm3Limit / verifySm, baseline: 'the SM limit' },
    { name: 'verify sm2-sm3 log, same, against the ed25519-sha256 log', unit: 'records/s', median: rate(verifySm), ratio: verifyEd / verifySm, baseline: 'verify ed25519-sha256' },
    { name: 'verify ed25519-sha256 log, same records (node:crypto)', unit: 'records/s', median: rate(verifyEd) },
    { name: `verify sm2-sm3 log, portable providers (${portableN / 1000}k records)`, unit: 'records/s', median: rate(verifySmPortable, portableN), ratio: (verifySm / total) / (verifySmPortable / portableN), baseline: 'verify sm2-sm3 on node:crypto SM3' },
    { name: 'SM2 verify (noble curves, default user id, key cached)', unit: 'signatures/s', median: sigN / smVerify, ratio: edVerifyNode / smVerify, baseline: 'Ed25519 verify on node:crypto' },
    { name: 'Ed25519 verify, node:crypto', unit: 'signatures/s', median: sigN / edVerifyNode },
    { name: 'Ed25519 verify, noble', unit: 'signatures/s', median: sigN / edVerifyNoble },
    { name: 'SM2 sign (noble curves, random k)', unit: 'signatures/s', median: sigN / smSign, ratio: edSignNode / smSign, baseline: 'Ed25519 sign on node:crypto' },
    { name: 'Ed25519 sign, node:crypto', unit: 'signatures/s', median: sigN / edSignNode },
    { name: 'Ed25519 sign, noble', unit: 'signatures/s', median: sigN / edSignNoble },
  ];
  return { rows, smVerifyLogRecordsPerSec1Core: rate(verifySm), sm3NativeLimitRecordsPerSec: rate(sm3Limit) };
}

export function printSm(r: SmBenchResult): string {
  const lines = ['| measurement | rate | ratio |', '|---|---:|---:|'];
  for (const row of r.rows) {
    lines.push(`| ${row.name} | ${fmtRate(row.median)} ${row.unit} | ${row.ratio === undefined ? '' : `${(row.ratio * 100).toFixed(0)}% of ${row.baseline}`} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const r = await runSmBench(quick ? 20_000 : 200_000, quick ? 3 : 5);
  console.log(printSm(r));
  console.log(JSON.stringify({ smVerifyLogRecordsPerSec1Core: Math.round(r.smVerifyLogRecordsPerSec1Core), sm3NativeLimitRecordsPerSec: Math.round(r.sm3NativeLimitRecordsPerSec) }));
}
