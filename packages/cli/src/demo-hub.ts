import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecretKey, toHex } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, startHub } from '@suyuan/hub';
import { FileLogStore, readPublicKeyFile } from '@suyuan/store';
import { formatReport, verifyBundle } from '@suyuan/verify';
import { pushLog } from 'suyuan';
import type { Flags } from './args.js';
import { demo } from './demo.js';
import { CliError, EXIT, toJson, type Io } from './io.js';
import { tracePage } from './trace-page.js';

/** The demo's logs, the authority's first (it enrols the others). */
const LOGS = ['authority', 'farm-a', 'farm-b', 'wholesaler', 'processor', 'market-1', 'market-2', 'restaurant'];
const RECEIPT = 'SY-M2-0007';

/**
 * `suyuan demo-hub`: the demo chain pushed to a local hub (embedded store, a throwaway key),
 * then one receipt traced through HTTP the way a consumer's phone would, and the excerpt
 * verified offline. Everything lives in a temporary directory, removed at the end.
 */
export async function demoHub(_pos: string[], f: Flags, io: Io): Promise<number> {
  const say = (s: string) => { if (!f.json && !f.quiet) io.out(s); };
  const root = mkdtempSync(join(tmpdir(), 'suyuan-demo-hub-'));
  try {
    const dir = join(root, 'demo');
    say(`1. the demo chain (suyuan demo), built in ${root}`);
    const built = await demo([], { dir, quiet: true }, io);
    if (built !== EXIT.OK) return built;
    const trust = [readPublicKeyFile(join(dir, 'authority.pub'))];
    const witness = nodeSigner(generateSecretKey());
    const hub = await startHub({ store: await EmbeddedHubStore.open(join(root, 'hub')), trust, witness, port: 0, pages: await tracePage() });
    try {
      say(`2. a hub on ${hub.url} (embedded store; witness key ${toHex(witness.publicKey).slice(0, 16)}…)`);
      const pushed = [];
      for (const name of LOGS) {
        const store = await FileLogStore.open(join(dir, 'logs', name), { readOnly: true });
        try {
          const r = await pushLog(hub.url, store);
          pushed.push({ log: name, records: r.size, cosigned: r.cosignature !== undefined });
          say(`   pushed ${name}: ${r.size} records, cosigned by the hub: ${r.cosignature !== undefined ? 'yes' : 'no'}`);
        } finally {
          await store.close();
        }
      }
      say(`3. a consumer looks up receipt ${RECEIPT}: GET ${hub.url}/v1/trace/${RECEIPT}`);
      const res = await fetch(`${hub.url}/v1/trace/${RECEIPT}`);
      if (!res.ok) throw new CliError('CLI_REJECTED', `the hub answered ${res.status} for ${RECEIPT}: ${await res.text()}`);
      const bundle = new Uint8Array(await res.arrayBuffer());
      const page = await fetch(`${hub.url}/t/${RECEIPT}`);
      if (!page.ok) throw new CliError('CLI_REJECTED', `the hub answered ${page.status} for the trace page of ${RECEIPT}`);
      say(`   a shopper's phone opens ${hub.url}/t/${RECEIPT} (the QR code's address): that page fetches this excerpt and verifies it in the browser`);
      say(`4. the excerpt (${bundle.length} bytes) verified offline against the authority key`);
      const report = await verifyBundle(bundle, { trust });
      say(formatReport(report).split('\n').map((l) => `   ${l}`).join('\n'));
      if (f.json) io.out(toJson({ hub: hub.url, pushed, receipt: RECEIPT, bundleBytes: bundle.length, verdict: report.verdict }));
      return report.verdict === 'invalid' ? EXIT.INVALID : EXIT.OK;
    } finally {
      await hub.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true }); // secret keys included
  }
}
