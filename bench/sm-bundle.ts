/**
 * Bundle verification (`verifyBundle`, one core: in this thread, no workers) of an sm2-sm3
 * bundle beside the same bundle in ed25519-sha256, in one run: an authority of the suite
 * enrolling one market, whose log holds the records, a checkpoint every 1,000. The headline
 * `smVerifyRecordsPerSec1Core` is given only when the SM bundle verifies valid; otherwise the
 * result says which findings the verifier reported (no rate is passed off as a verification).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogWriter, sm2Signer, type Signer } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { BundleWriter, ENROL_KIND, verifyBundle } from '@suyuan/verify';
import { benchEvent } from './events.js';

const T0 = 1_764_115_200_000;

export interface SmBundleBenchResult {
  rows: { name: string; unit: string; median: number; ratio?: number; baseline?: string }[];
  /** Records/s of the sm2-sm3 bundle on one core, or undefined if it did not verify valid. */
  smVerifyRecordsPerSec1Core: number | undefined;
  /** The SM bundle's verdict and the codes of its findings (empty when valid). */
  smVerdict: string;
  smFindingCodes: string[];
}

async function writeBundle(path: string, authority: Signer, market: Signer, n: number): Promise<void> {
  const auth = LogWriter.create(authority, { enterprise: '12350000MB0000000K', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock: () => T0 });
  const authRecords = [auth.genesis, auth.append({ kind: ENROL_KIND, body: { key: market.publicKey, enterprise: '92350102MA2MKT0013', name: 'market', roles: ['market'], validFrom: 0 } }).bytes];
  const log = LogWriter.create(market, { enterprise: '92350102MA2MKT0013' }, { crypto: nodeCrypto, clock: () => T0 });
  const records = [log.genesis];
  const checkpoints = [];
  for (let i = 0; i < n; i += 1000) {
    for (const r of log.appendBatch(Array.from({ length: Math.min(1000, n - i) }, (_, k) => benchEvent(i + k)))) records.push(r.bytes);
    checkpoints.push(await log.checkpoint(T0 + n));
  }
  const w = BundleWriter.toFile(path, { created: T0 });
  w.addLog({ logId: auth.logId, records: authRecords, checkpoints: [await auth.checkpoint(T0)] });
  w.addLog({ logId: log.logId, records, checkpoints });
  w.finish();
}

export async function runSmBundleBench(n: number, runs: number): Promise<SmBundleBenchResult> {
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-sm-bundle-'));
  try {
    const measure = async (suite: string, authority: Signer, market: Signer) => {
      const path = join(dir, `${suite}.bundle`);
      await writeBundle(path, authority, market, n);
      const trust = [authority.publicKey];
      const seconds: number[] = [];
      let report = await verifyBundle(path, { trust, workers: 0, food: false, crypto: nodeCrypto }); // warm-up
      for (let i = 0; i < runs; i++) {
        report = await verifyBundle(path, { trust, workers: 0, food: false, crypto: nodeCrypto });
        seconds.push(report.stats.seconds);
      }
      seconds.sort((a, b) => a - b);
      return { rate: report.stats.records / seconds[Math.floor(seconds.length / 2)]!, verdict: report.verdict, codes: [...new Set(report.findings.map((f) => f.code))] };
    };
    const seed = (b: number) => new Uint8Array(32).fill(b);
    const ed = await measure('ed25519-sha256', nodeSigner(seed(7)), nodeSigner(seed(8)));
    const sm = await measure('sm2-sm3', sm2Signer(seed(7)), sm2Signer(seed(8)));
    if (ed.verdict !== 'valid') throw new Error(`the ed25519-sha256 bench bundle did not verify: ${ed.codes.join(', ')}`);
    const smOk = sm.verdict === 'valid';
    const rows = [
      { name: `verifyBundle, sm2-sm3 bundle, one core${smOk ? '' : ` (NOT VALID: ${sm.codes.join(', ')}; time of the run, not a verification rate)`}`, unit: 'records/s', median: sm.rate, ratio: sm.rate / ed.rate, baseline: 'the ed25519-sha256 bundle' },
      { name: 'verifyBundle, ed25519-sha256 bundle, same records, one core', unit: 'records/s', median: ed.rate },
    ];
    return { rows, smVerifyRecordsPerSec1Core: smOk ? sm.rate : undefined, smVerdict: sm.verdict, smFindingCodes: sm.codes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runSmBundleBench(process.argv.includes('--quick') ? 20_000 : 200_000, 3);
  console.log(JSON.stringify(r, null, 2));
}
