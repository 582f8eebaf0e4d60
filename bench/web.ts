/**
 * The consumer trace page in headless Chromium against a real hub (issue 18): time from
 * navigation to the verified journey on screen, and the bytes transferred, for the demo's
 * receipt and for a receipt 50 businesses downstream of its farm. Each load is a fresh browser
 * context (an empty cache: a shopper's first scan).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecretKey, type RecordRef } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { isValidUscc } from '@suyuan/food';
import { EmbeddedHubStore, pushLog, startHub } from '@suyuan/hub';
import { DurableLog, FileLogStore } from '@suyuan/store';
import { ENROL_KIND } from '@suyuan/verify';
import type { Browser } from 'playwright-core';
import { buildTracePage } from '../packages/web/src/trace/build.js';
import { CHROMIUM, launchChromium } from '../tests/support/chromium.js';
import { DEMO_RECEIPT, demoChain, demoHub } from '../tests/support/trace-hub.js';

export interface WebBench {
  rows: { name: string; ms: number; kb: number; requests: number; state: string }[];
  headline: { tracePageVerifiedMs: number; tracePageBytes: number; tracePage50HopsVerifiedMs: number; tracePage50HopsBytes: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One cold load: ms from navigation start to the journey shown, bytes on the wire (headers and encoded bodies). */
async function load(browser: Browser, url: string): Promise<{ ms: number; bytes: number; requests: number; state: string }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const sizes: Promise<number>[] = [];
  // A worker's script reports no body size to the page; its Content-Length (the encoded bytes sent) stands in.
  page.on('requestfinished', (r) => sizes.push((async () => {
    const s = await r.sizes();
    const length = Number((await r.response())?.headers()['content-length'] ?? 0);
    if (process.env.SUYUAN_BENCH_DEBUG) console.error(r.url(), s.responseBodySize, length, s.responseHeadersSize);
    return (s.responseBodySize || length) + s.responseHeadersSize;
  })()));
  await page.goto(url);
  await page.waitForSelector('body:not([data-state="checking"])', { timeout: 120_000 });
  const state = (await page.getAttribute('body', 'data-state'))!;
  const ms = await page.evaluate(() => performance.getEntriesByName('suyuan-shown')[0]!.startTime);
  if (process.env.SUYUAN_BENCH_DEBUG) console.error('worker verify+journey ms', await page.getAttribute('body', 'data-worker-ms'), await page.evaluate(() => JSON.stringify({ marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]), res: performance.getEntriesByType('resource').map((r) => [r.name.replace(/^.*\//, ''), Math.round(r.startTime), Math.round(r.startTime + r.duration)]) })));
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, bytes, requests: sizes.length, state };
}

const usccFor = (i: number) => {
  const stem = `9135010${String(i).padStart(4, '0')}MA2CH0`;
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (isValidUscc(stem + c)) return stem + c;
  throw new Error('no check character');
};

/** A lot passed along `hops` businesses, each receiving it (referencing the shipment) and shipping it on; the last sells it. */
async function writeChain(dir: string, hops: number) {
  const authoritySecret = generateSecretKey();
  const authority = await DurableLog.create(await FileLogStore.open(join(dir, 'authority'), { mode: 'batched' }), nodeSigner(authoritySecret), { enterprise: '12350100MB0000000Q', meta: { name: '市场监督管理局', role: 'authority' } });
  const line = { lot: 'CHAIN-1', product: { description: '青菜', category: '0101' }, quantity: { value: '100', unit: 'KGM' } };
  const time = (i: number) => new Date(Date.UTC(2025, 10, 26, 0, i)).toISOString().replace('Z', '+00:00');
  const logs: DurableLog[] = [];
  let ship: RecordRef | undefined;
  for (let i = 0; i < hops; i++) {
    const signer = nodeSigner(generateSecretKey());
    const role = i === 0 ? 'farm' : i === hops - 1 ? 'market' : 'wholesaler';
    await authority.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: usccFor(i), name: `第${i + 1}站`, roles: [role], validFrom: Date.now() - 86_400_000 } });
    const log = await DurableLog.create(await FileLogStore.open(join(dir, `b${i}`), { mode: 'batched' }), signer, { enterprise: usccFor(i), meta: { name: `第${i + 1}站` } });
    if (i === 0) await log.append({ kind: 'food.harvest', body: { eventTime: time(0), ...line, method: 'harvest', origin: { region: '福建省福州市' } } });
    else await log.append({ kind: 'food.receive', body: { eventTime: time(2 * i), items: [line], source: { enterprise: usccFor(i - 1) }, status: 'accepted' }, refs: [ship!] });
    if (i < hops - 1) {
      const r = await log.append({ kind: 'food.ship', body: { eventTime: time(2 * i + 1), items: [line], destination: { enterprise: usccFor(i + 1) } } });
      ship = { logId: log.logId, seq: r.seq, leafHash: r.leafHash };
    } else await log.append({ kind: 'food.sale', body: { eventTime: time(2 * i + 1), ...line, quantity: { value: '1', unit: 'KGM' }, traceCode: 'CHAIN-0001' } });
    await log.checkpoint();
    logs.push(log);
  }
  await authority.checkpoint();
  return { authority, logs, trust: nodeSigner(authoritySecret).publicKey };
}

export async function runWebBench(runs: number): Promise<WebBench | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is not installed` };
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-bench-web-'));
  const browser = await launchChromium();
  try {
    const built = await buildTracePage();
    const pages = { traceHtml: built.html, files: built.files };
    const demo = await demoHub(join(dir, 'a'), await demoChain(join(dir, 'a')), pages);
    const chain = await writeChain(join(dir, 'chain'), 50);
    const hub = await startHub({ store: await EmbeddedHubStore.open(join(dir, 'hub')), trust: [chain.trust], witness: nodeSigner(generateSecretKey()), port: 0, pages });
    for (const l of [chain.authority, ...chain.logs]) await pushLog(hub.url, l.store);
    const rows: WebBench['rows'] = [];
    for (const [name, url] of [['demo receipt (5 businesses)', `${demo.url}/t/${DEMO_RECEIPT}`], ['receipt 50 businesses from its farm', `${hub.url}/t/CHAIN-0001`]] as const) {
      await load(browser, url); // warm-up: the hub's first excerpt and Chromium's first worker
      const loads = [];
      for (let i = 0; i < runs; i++) loads.push(await load(browser, url));
      rows.push({ name, ms: median(loads.map((l) => l.ms)), kb: median(loads.map((l) => l.bytes)) / 1024, requests: loads[0]!.requests, state: loads[0]!.state });
    }
    await demo.close();
    await hub.close();
    for (const l of [chain.authority, ...chain.logs]) await l.close();
    return {
      rows,
      headline: { tracePageVerifiedMs: rows[0]!.ms, tracePageBytes: Math.round(rows[0]!.kb * 1024), tracePage50HopsVerifiedMs: rows[1]!.ms, tracePage50HopsBytes: Math.round(rows[1]!.kb * 1024) },
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printWeb(b: WebBench | { skipped: string }): string {
  if ('skipped' in b) return `Trace page not measured: ${b.skipped}.`;
  return ['| trace page, headless Chromium, cold cache | navigation → verified journey | transferred | requests | state |', '|---|---:|---:|---:|---|',
    ...b.rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} ms | ${r.kb.toFixed(1)} KB | ${r.requests} | ${r.state} |`)].join('\n');
}

// `node --conditions=@suyuan/source --import tsx bench/web.ts`: this table alone.
if (import.meta.filename === process.argv[1]) {
  const b = await runWebBench(Number(process.argv[2] ?? 5));
  console.log(printWeb(b));
  if (!('skipped' in b)) console.log(JSON.stringify(b.headline));
}
