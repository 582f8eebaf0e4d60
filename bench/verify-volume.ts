/**
 * The verifier under volume (issue 13) and with the food rules on at a million records
 * (issue 10). Every bundle is written to a file and verified by `suyuan verify`'s library call
 * in a fresh process on the built packages (verify-child.mjs), so time and peak RSS are the
 * verifier's own. Run alone: `node --conditions=@suyuan/source --import tsx bench/verify-volume.ts [--quick] [--case NAME-PART]`.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LogWriter, toHex, type Checkpoint, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { BundleWriter, ENROL_KIND } from '@suyuan/verify';
import { encodeCheckpointItem, encodeCosignatureItem, encodeEnd, encodeHeader, encodeSectionHeader } from '../packages/verify/src/format.js';

const T0 = 1_764_115_200_000;
const clock = () => T0;
const AUTH = nodeSigner(new Uint8Array(32).fill(77));
const FARM = '91350100M000100Y43';
const MARKET = '92350102MA2MKT0013';

/** A case is cut off here (ten times its target), so that one slow case cannot hold up the whole bench. */
const CHILD_TIMEOUT_MS = 300_000;

export interface VolumeRow { case: string; bytes: number; seconds: number; peakRssMB: number; verdict: string; expected: string }

function runChild(path: string, food: boolean, workers = 0): { seconds: number; records: number; maxRssMB: number; verdict: string } | { error: string } {
  try {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, 'verify-child.mjs'), path, String(workers), toHex(AUTH.publicKey), ...(food ? ['--food'] : []), '--any'], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
    return JSON.parse(out);
  } catch (e) {
    if ((e as { signal?: string }).signal === 'SIGTERM') return { error: `timed out after ${CHILD_TIMEOUT_MS / 1000} s` };
    return { error: String((e as { stderr?: string }).stderr ?? e).split('\n').filter(Boolean).slice(-2).join(' ').slice(0, 200) };
  }
}

async function authority(enrol: { key: Uint8Array; enterprise: string; roles: string[] }[]) {
  const a = LogWriter.create(AUTH, { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock });
  const records = [a.genesis];
  for (const e of enrol) records.push(a.append({ kind: ENROL_KIND, body: { key: e.key, enterprise: e.enterprise, name: e.enterprise, roles: e.roles, validFrom: 0 } }).bytes);
  return { logId: a.logId, records, checkpoints: [await a.checkpoint()] };
}

/** Writes items straight to a file: header, sections given as [header fields, body parts], end. */
function rawBundle(path: string, sections: { logId: Uint8Array; records: number; parts: Iterable<Uint8Array>; bytes: number }[]): void {
  const fd = openSync(path, 'w');
  writeSync(fd, encodeHeader({ created: T0 }));
  let records = 0;
  for (const s of sections) {
    writeSync(fd, encodeSectionHeader({ logId: s.logId, mode: 'full', records: s.records, bytes: s.bytes }));
    for (const p of s.parts) writeSync(fd, p);
    records += s.records;
  }
  writeSync(fd, encodeEnd(sections.length, records));
  closeSync(fd);
}

const sum = (xs: Uint8Array[]) => xs.reduce((n, x) => n + x.length, 0);

/** The cases of issue 13 at `scale` (1 = the sizes the issue ran). */
export function hostileCases(scale: number): { name: string; expected: string; food?: boolean; write: (path: string) => Promise<void> }[] {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const farm = () => LogWriter.create(nodeSigner(new Uint8Array(32).fill(5)), { enterprise: FARM }, { crypto: nodeCrypto, clock });
  const farmKey = nodeSigner(new Uint8Array(32).fill(5)).publicKey;
  async function oneRecordLogs(path: string): Promise<void> {
    const key = nodeSigner(new Uint8Array(32).fill(8));
    const auth = await authority([{ key: key.publicKey, enterprise: FARM, roles: ['farm'] }]);
    const logs = function* () {
      for (let i = 0; i < n(200_000); i++) {
        const w = LogWriter.create(key, { enterprise: FARM, meta: { n: String(i) } }, { crypto: nodeCrypto, clock });
        yield { logId: w.logId, records: 1, parts: [w.genesis], bytes: w.genesis.length };
      }
    };
    rawBundle(path, [{ logId: auth.logId, records: auth.records.length, parts: [...auth.checkpoints.map(encodeCheckpointItem), ...auth.records], bytes: sum([...auth.checkpoints.map(encodeCheckpointItem), ...auth.records]) }, ...logs()]);
  }
  return [
    {
      name: `a farm checkpointing after each of ${n(8000)} records`, expected: 'valid',
      async write(path) {
        const w = farm();
        const records = [w.genesis];
        const checkpoints: Checkpoint[] = [];
        for (let i = 0; i < n(8000); i++) { records.push(w.append({ kind: 'iot.reading', body: { n: i } }).bytes); checkpoints.push(await w.checkpoint()); }
        const b = BundleWriter.toFile(path, { created: T0 });
        b.addLog(await authority([{ key: farmKey, enterprise: FARM, roles: ['farm'] }]));
        b.addLog({ logId: w.logId, records, checkpoints });
        b.finish();
      },
    },
    {
      name: `an authority log of ${n(8000)} enrolment + checkpoint pairs`, expected: 'valid',
      async write(path) {
        const a = LogWriter.create(AUTH, { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock });
        const records = [a.genesis];
        const checkpoints: Checkpoint[] = [];
        const other = nodeSigner(new Uint8Array(32).fill(6)).publicKey;
        for (let i = 0; i < n(8000); i++) {
          records.push(a.append({ kind: ENROL_KIND, body: { key: i === n(8000) - 1 ? farmKey : other, enterprise: FARM, name: `f${i}`, roles: ['farm'], validFrom: 0 } }).bytes);
          checkpoints.push(await a.checkpoint());
        }
        const w = farm();
        const b = BundleWriter.toFile(path, { created: T0 });
        b.addLog({ logId: a.logId, records, checkpoints });
        b.addLog({ logId: w.logId, records: [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes], checkpoints: [await w.checkpoint()] });
        b.finish();
      },
    },
    {
      name: `${n(200_000)} bad cosignatures`, expected: 'invalid',
      async write(path) {
        const w = farm();
        const records = [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes];
        const cp = await w.checkpoint();
        const auth = await authority([{ key: farmKey, enterprise: FARM, roles: ['farm'] }]);
        const cos = Array.from({ length: n(200_000) }, (_, i) => encodeCosignatureItem({ ...cp, time: cp.time + i, witness: farmKey, signature: Uint8Array.from({ length: 64 }, (_, k) => (i * 31 + k) & 255) }));
        const body = [encodeCheckpointItem(cp), ...cos, ...records];
        rawBundle(path, [
          { logId: auth.logId, records: auth.records.length, parts: [...auth.checkpoints.map(encodeCheckpointItem), ...auth.records], bytes: sum([...auth.checkpoints.map(encodeCheckpointItem), ...auth.records]) },
          { logId: w.logId, records: records.length, parts: body, bytes: sum(body) },
        ]);
      },
    },
    {
      name: `${n(204_800)} references to an absent log`, expected: 'valid-with-warnings',
      async write(path) {
        const w = farm();
        const refs: RecordRef[] = Array.from({ length: 256 }, (_, i) => ({ logId: new Uint8Array(32).fill(9), seq: i, leafHash: new Uint8Array(32).fill(i) }));
        const records = [w.genesis];
        for (let i = 0; i < n(800); i++) records.push(w.append({ kind: 'iot.reading', body: {}, refs }).bytes);
        const b = BundleWriter.toFile(path, { created: T0 });
        b.addLog(await authority([{ key: farmKey, enterprise: FARM, roles: ['farm'] }]));
        b.addLog({ logId: w.logId, records, checkpoints: [await w.checkpoint()] });
        b.finish();
      },
    },
    ...[36, 100].map((mb) => ({
      name: `${mb} MB of references into another log of the bundle`, expected: 'valid',
      async write(path: string) {
        const w = farm();
        const farmRecords = [w.genesis];
        const leaves: Uint8Array[] = [];
        for (let i = 0; i < 1000; i++) { const r = w.append({ kind: 'iot.reading', body: { n: i } }); farmRecords.push(r.bytes); leaves.push(r.leafHash); }
        const mkey = nodeSigner(new Uint8Array(32).fill(7));
        const m = LogWriter.create(mkey, { enterprise: MARKET }, { crypto: nodeCrypto, clock });
        const b = BundleWriter.toFile(path, { created: T0 });
        b.addLog(await authority([{ key: farmKey, enterprise: FARM, roles: ['farm'] }, { key: mkey.publicKey, enterprise: MARKET, roles: ['market'] }]));
        b.addLog({ logId: w.logId, records: farmRecords, checkpoints: [await w.checkpoint()] });
        const records = [m.genesis];
        for (let i = 0; records.length * 18_500 < mb * 1e6 * scale; i++) {
          const refs = Array.from({ length: 256 }, (_, k) => ({ logId: w.logId, seq: 1 + ((i * 256 + k) % 1000), leafHash: leaves[(i * 256 + k) % 1000]! }));
          records.push(m.append({ kind: 'iot.reading', body: {}, refs }).bytes);
        }
        b.addLog({ logId: m.logId, records, checkpoints: [await m.checkpoint()] });
        b.finish();
      },
    })),
    {
      name: `${n(200_000)} one-record logs (one key)`, expected: 'invalid',
      write: oneRecordLogs,
    },
    {
      // The same without the food rules: the verifier's own share (the lot graph registers every log).
      name: `${n(200_000)} one-record logs (one key), food rules off`, expected: 'invalid', food: false,
      write: oneRecordLogs,
    },
    {
      name: `${n(400_000)} copies of one valid checkpoint`, expected: 'valid-with-warnings',
      async write(path) {
        const w = farm();
        const records = [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes];
        const cp = encodeCheckpointItem(await w.checkpoint());
        const auth = await authority([{ key: farmKey, enterprise: FARM, roles: ['farm'] }]);
        const count = n(400_000);
        const parts = function* () { for (let i = 0; i < count; i++) yield cp; yield* records; };
        rawBundle(path, [
          { logId: auth.logId, records: auth.records.length, parts: [...auth.checkpoints.map(encodeCheckpointItem), ...auth.records], bytes: sum([...auth.checkpoints.map(encodeCheckpointItem), ...auth.records]) },
          { logId: w.logId, records: records.length, parts: parts(), bytes: cp.length * count + sum(records) },
        ]);
      },
    },
  ];
}

/** Each hostile case: bytes, seconds, peak RSS, and whether the verdict is the one expected. */
export async function runHostileBench(scale: number, only?: string): Promise<{ rows: VolumeRow[]; worstRssMB: number }> {
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-hostile-'));
  const rows: VolumeRow[] = [];
  try {
    for (const c of hostileCases(scale).filter((c) => only === undefined || c.name.includes(only))) {
      const path = join(dir, 'case.bundle');
      await c.write(path);
      const r = runChild(path, c.food ?? true);
      rows.push('error' in r
        ? { case: c.name, bytes: statSync(path).size, seconds: NaN, peakRssMB: NaN, verdict: r.error.startsWith('timed out') ? r.error : `crashed: ${r.error}`, expected: c.expected }
        : { case: c.name, bytes: statSync(path).size, seconds: r.seconds, peakRssMB: r.maxRssMB, verdict: r.verdict, expected: c.expected });
      rmSync(path);
      console.error(`  ${rows.at(-1)!.case}: ${rows.at(-1)!.seconds.toFixed(2)} s, ${rows.at(-1)!.peakRssMB.toFixed(0)} MB, ${rows.at(-1)!.verdict}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, worstRssMB: Math.max(...rows.map((r) => (Number.isNaN(r.peakRssMB) ? Infinity : r.peakRssMB))) };
}

export function printVolume(rows: VolumeRow[]): string {
  const lines = ['| case | bytes | seconds | peak RSS | verdict (expected) |', '|---|---:|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.case} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.seconds.toFixed(2)} | ${r.peakRssMB.toFixed(0)} MB | ${r.verdict}${r.verdict === r.expected ? '' : ` (expected ${r.expected})`} |`);
  return lines.join('\n');
}

/**
 * A food chain of `total` valid records: one farm harvests and certifies 100 lots and ships
 * each to nine markets, which receive them and sell (1 kg a sale, each with a trace code).
 */
export async function writeFoodBundle(path: string, total: number): Promise<void> {
  const line = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
  const T = '2025-11-26T08:30:00+08:00';
  const markets = ['92350102MA2MKT0013', '92350103MA2MKT002L', '91350100MA2XN8KX46', '91350104MA8PRC002R', '92350105MA2RTN0038', '91350121MA31ABCD1Q'];
  const farmSigner = nodeSigner(new Uint8Array(32).fill(11));
  const f = LogWriter.create(farmSigner, { enterprise: FARM }, { crypto: nodeCrypto, clock });
  const farmRecords = [f.genesis];
  const lots = Array.from({ length: 100 }, (_, i) => `L${i}`);
  const perMarket = Math.ceil(total / markets.length);
  for (const lot of lots) {
    farmRecords.push(f.append({ kind: 'food.harvest', body: { eventTime: T, ...line(lot, String(perMarket * markets.length)), method: 'harvest' } }).bytes);
    farmRecords.push(f.append({ kind: 'food.certificate', body: { eventTime: T, ...line(lot, String(perMarket * markets.length)), certificate: { type: '承诺达标合格证', number: `HGZ-${lot}`, issuer: { name: 'farm' }, issuedOn: '2025-11-26' }, origin: '福建省福州市' } }).bytes);
  }
  const ships: RecordRef[][] = markets.map(() => []);
  markets.forEach((m, k) => {
    for (const lot of lots) {
      const s = f.append({ kind: 'food.ship', body: { eventTime: T, items: [line(lot, String(perMarket))], destination: { enterprise: m } } });
      farmRecords.push(s.bytes);
      ships[k]!.push({ logId: f.logId, seq: s.seq, leafHash: s.leafHash });
    }
  });
  const signers = markets.map((_, k) => nodeSigner(new Uint8Array(32).fill(20 + k)));
  const b = BundleWriter.toFile(path, { created: T0 });
  b.addLog(await authority([{ key: farmSigner.publicKey, enterprise: FARM, roles: ['farm'] }, ...markets.map((m, k) => ({ key: signers[k]!.publicKey, enterprise: m, roles: ['market'] }))]));
  b.addLog({ logId: f.logId, records: farmRecords, checkpoints: [await f.checkpoint()] });
  for (const [k, m] of markets.entries()) {
    const w = LogWriter.create(signers[k]!, { enterprise: m }, { crypto: nodeCrypto, clock });
    const records = [w.genesis];
    lots.forEach((lot, i) => records.push(w.append({ kind: 'food.receive', body: { eventTime: T, items: [line(lot, String(perMarket))], source: { enterprise: FARM }, status: 'accepted' }, refs: [ships[k]![i]!] }).bytes));
    const checkpoints: Checkpoint[] = [];
    const sales = Math.floor((total - farmRecords.length) / markets.length) - lots.length - 1;
    for (let i = 0; i < sales; i += 1000) {
      for (const r of w.appendBatch(Array.from({ length: Math.min(1000, sales - i) }, (_, j) => ({ kind: 'food.sale', body: { eventTime: T, ...line(lots[(i + j) % lots.length]!, '1'), traceCode: `S${k}-${i + j}` } })))) records.push(r.bytes);
      checkpoints.push(await w.checkpoint());
    }
    b.addLog({ logId: w.logId, records, checkpoints });
  }
  b.finish();
}

/** Verifies the food chain with the food rules on, on one core (no workers): records/s and peak RSS; then with them off. */
export async function runFoodVerifyBench(total: number): Promise<{ records: number; bytes: number; food: ReturnType<typeof runChild>; noFood: ReturnType<typeof runChild> }> {
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-foodverify-'));
  try {
    const path = join(dir, 'food.bundle');
    await writeFoodBundle(path, total);
    const food = runChild(path, true);
    const noFood = runChild(path, false);
    return { records: 'error' in food ? ('error' in noFood ? 0 : noFood.records) : food.records, bytes: statSync(path).size, food, noFood };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const quick = process.argv.includes('--quick');
  const only = process.argv.includes('--case') ? process.argv[process.argv.indexOf('--case') + 1] : undefined; // a part of a case's name
  const hostile = await runHostileBench(quick ? 0.1 : 1, only);
  console.log(printVolume(hostile.rows));
  console.log(`worst peak RSS ${hostile.worstRssMB.toFixed(0)} MB`);
  if (only !== undefined) process.exit(0);
  const food = await runFoodVerifyBench(quick ? 100_000 : 1_000_000);
  console.log(JSON.stringify(food, null, 2));
}
