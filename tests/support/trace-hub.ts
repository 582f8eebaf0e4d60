import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { FileLogStore, readPublicKeyFile } from '@suyuan/store';
import { main } from '../../packages/cli/src/main.js';
import { EmbeddedHubStore, pushLog, startHub, type RunningHub } from '../../packages/hub/src/index.js';
import type { PageAssets } from '../../packages/hub/src/http/routes-pages.js';

/** The demo's logs, the authority's first (it enrols the others). */
export const DEMO_LOGS = ['authority', 'farm-a', 'farm-b', 'wholesaler', 'processor', 'market-1', 'market-2', 'restaurant'];
/** A receipt of the supermarket whose mixed greens come from both farms, through the wholesaler and the processor. */
export const DEMO_RECEIPT = 'SY-M2-0007';
/** A receipt of the farmers' market: farm A only (farm B's lot is not in it). */
export const FARM_A_RECEIPT = 'SY-M1-0003';
/** With `demoChain(dir, { gtin: true })`: the supermarket sells its lot P-MIX-1 with this GTIN-13, so its receipts print the lot's Digital Link. */
export const DEMO_GTIN13 = '6901234567892';
/** That lot's GS1 Digital Link path on the hub (the GTIN as GTIN-14, as the SDK prints it). */
export const DEMO_LOT_PATH = `/01/0${DEMO_GTIN13}/10/P-MIX-1`;


/** `suyuan …` in this process; throws unless it exits 0. */
export async function suyuan(...argv: string[]): Promise<void> {
  const errors: string[] = [];
  const code = await main(argv, { out: () => undefined, err: (s) => errors.push(s) });
  if (code !== 0) throw new Error(`suyuan ${argv.join(' ')} exited ${code}: ${errors.join('\n')}`);
}

/**
 * The demo chain (`suyuan demo`) in `dir`; with `recall`, farm B recalls its lot afterwards
 * (signed); with `gtin`, the supermarket sells its lot P-MIX-1 once more with a GTIN (signed).
 */
export async function demoChain(dir: string, opts: { recall?: boolean; gtin?: boolean } = {}): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const demo = join(dir, 'demo');
  await suyuan('demo', '--dir', demo, '--quiet');
  if (opts.gtin) {
    const events = join(dir, 'gtin-sale.jsonl');
    writeFileSync(events, `${JSON.stringify({ kind: 'food.sale', body: { eventTime: '2025-11-26T17:30:00+08:00', lot: 'P-MIX-1', product: { description: '净菜 (mixed greens)', gtin: DEMO_GTIN13 }, quantity: { value: '0.5', unit: 'KGM' }, traceCode: 'SY-M2-GTIN' } })}\n`);
    await suyuan('append', join(demo, 'logs', 'market-2'), '--key', join(demo, 'keys', 'market-2.key'), events, '--quiet');
    await suyuan('checkpoint', join(demo, 'logs', 'market-2'), '--key', join(demo, 'keys', 'market-2.key'), '--quiet');
  }
  if (opts.recall) {
    const events = join(dir, 'recall.jsonl');
    writeFileSync(events, `${JSON.stringify({ kind: 'food.recall', body: { eventTime: '2025-11-27T09:00:00+08:00', lots: [{ lot: 'CL-20251126-B' }], reason: '复检发现农药残留超标', level: 'II', action: 'return' } })}\n`);
    await suyuan('append', join(demo, 'logs', 'farm-b'), '--key', join(demo, 'keys', 'farm-b.key'), events, '--quiet');
    await suyuan('checkpoint', join(demo, 'logs', 'farm-b'), '--key', join(demo, 'keys', 'farm-b.key'), '--quiet');
  }
  return demo;
}

/** A hub on a free port with the demo's authority key, serving `pages`, with the demo chain pushed. */
export async function demoHub(dir: string, demo: string, pages?: PageAssets, logs = DEMO_LOGS): Promise<RunningHub & { witness: Uint8Array; trust: Uint8Array }> {
  const trust = readPublicKeyFile(join(demo, 'authority.pub'));
  const witness = nodeSigner(generateSecretKey());
  const hub = await startHub({ store: await EmbeddedHubStore.open(join(dir, 'hub')), trust: [trust], witness, port: 0, host: '127.0.0.1', ...(pages ? { pages } : {}) });
  for (const name of logs) {
    const store = await FileLogStore.open(join(demo, 'logs', name), { readOnly: true });
    try {
      await pushLog(hub.url, store);
    } finally {
      await store.close();
    }
  }
  return Object.assign(hub, { witness: witness.publicKey, trust });
}
