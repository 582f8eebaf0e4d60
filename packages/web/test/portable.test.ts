/**
 * The portable verifier (@suyuan/verify/portable): nothing on its imports is a Node built-in,
 * so it bundles for the browser; and it gives the reports `verifyBundle` gives (Node's crypto,
 * files), on good, corrupted and sm2-sm3 bundles.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LogWriter, sm2PublicKey, sm2Signer } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { BundleReadError, verifyBundle, type BundleReport } from '@suyuan/verify';
import { verifyBundleBytes } from '@suyuan/verify/portable';
import { line, USCC } from '../../food/test/chain.js';
import { authorityLog, bundle, clock } from '../../verify/test/build.js';
import { AUTHORITY_KEY, scenarioBundle } from '../../verify/test/fixture.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Everything a reader of the report relies on (the timing apart). */
const essence = (r: BundleReport) => ({ verdict: r.verdict, layers: r.layers, logs: r.logs, counts: r.counts, omitted: r.omitted, findings: r.findings, header: r.header });

async function outcome(run: () => Promise<BundleReport>): Promise<unknown> {
  try {
    return essence(await run());
  } catch (e) {
    if (e instanceof BundleReadError) return { refused: e.code };
    throw e;
  }
}

async function agree(bytes: Uint8Array, trust = [AUTHORITY_KEY]) {
  const node = await outcome(() => verifyBundle(bytes, { trust, crypto: nodeCrypto }));
  const portable = await outcome(() => verifyBundleBytes(bytes, { trust }));
  expect(portable).toEqual(node);
  return node as { verdict?: string; refused?: string };
}

/** A farm whose log is in the sm2-sm3 suite, enrolled by its 65-byte key. */
async function smBundle() {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
  const w = LogWriter.create(sm2Signer(secret), { enterprise: USCC.farmA }, { crypto: nodeCrypto, clock });
  const records = [w.genesis, w.append({ kind: 'food.harvest', body: { eventTime: '2025-11-26T08:30:00+08:00', ...line('SM-1', '10'), method: 'harvest' } }).bytes];
  const auth = await authorityLog([{ key: sm2PublicKey(secret), enterprise: USCC.farmA, roles: ['farm'] }]);
  return bundle([auth, { logId: w.logId, records, checkpoints: [await w.checkpoint()] }]);
}

describe('the portable verifier', () => {
  it('bundles for the browser with no node:* import anywhere on its graph', async () => {
    // platform "browser": a node:* import cannot be resolved and fails the build; none may be left external either.
    const out = await build({
      absWorkingDir: ROOT, entryPoints: ['packages/verify/src/portable.ts'], bundle: true, platform: 'browser', format: 'esm',
      conditions: ['@suyuan/source'], write: false, metafile: true, logLevel: 'silent',
    });
    const imports = Object.values(out.metafile.inputs).flatMap((i) => i.imports);
    expect(imports.filter((i) => i.external || i.path.startsWith('node:'))).toEqual([]);
    expect(Object.keys(out.metafile.inputs).filter((p) => /file-source|spill\.ts|pool|worker|verifier\.ts/.test(p))).toEqual([]);
  });

  it('gives the Node verifier\'s report on the scenario and on corrupted copies of it', async () => {
    const { bytes } = await scenarioBundle();
    expect((await agree(bytes)).verdict).toBe('valid');
    const verdicts = new Set<string>();
    // 40 corruptions spread over the bundle: a flipped bit, a cut, a byte dropped.
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(((i + 0.5) / 40) * bytes.length);
      const b = Uint8Array.from(bytes);
      const mutant = i % 3 === 0 ? b.subarray(0, at) : i % 3 === 1 ? (b[at]! ^= 1 << (i % 8), b) : Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
      const r = await agree(mutant);
      verdicts.add(r.verdict ?? r.refused!);
    }
    expect(verdicts.has('invalid')).toBe(true);
  });

  it('verifies an sm2-sm3 log as the Node verifier does, and a wrong trust key the same way', async () => {
    const bytes = await smBundle();
    expect((await agree(bytes)).verdict).toBe('valid');
    expect((await agree(bytes, [new Uint8Array(32).fill(9)])).verdict).toBe('invalid');
  });

  it('refuses what is not a bundle with the Node verifier\'s code', async () => {
    expect(await agree(new TextEncoder().encode('hello'))).toEqual({ refused: 'BUNDLE_NOT_A_BUNDLE' });
  });
});
