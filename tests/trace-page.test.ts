import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTracePage } from '../packages/web/src/trace/build.js';
import { launchChromium, skipWithoutChromium } from './support/chromium.js';
import { DEMO_GTIN13, DEMO_LOT_PATH, DEMO_RECEIPT, FARM_A_RECEIPT, demoChain, demoHub } from './support/trace-hub.js';
import { tempDir } from './support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
/** The phone screenshot goes to docs/ when SUYUAN_UPDATE_SHOTS=1 (to commit it), else to a temp dir. */
const UPDATE = process.env.SUYUAN_UPDATE_SHOTS === '1';
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, locale: 'zh-CN' } satisfies BrowserContextOptions;
const RED = 'rgb(179, 38, 30)';
const GREEN = 'rgb(10, 122, 51)';

/** Browser globals, typed here: the tests' tsconfig has no DOM library. */
const G = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; window: { innerWidth: number }; getComputedStyle(e: unknown): { backgroundColor: string } };

let dir: string;
let browser: Browser;
let hub: Awaited<ReturnType<typeof demoHub>>;
let recalled: Awaited<ReturnType<typeof demoHub>>;
let pinned: Awaited<ReturnType<typeof demoHub>>;

beforeAll(async () => {
  if (skipWithoutChromium) return;
  dir = tempDir('suyuan-trace-page-');
  const built = await buildTracePage(); // the page as the hub serves it, built here: CI runs on a clean clone
  const pages = { traceHtml: built.html, files: built.files };
  // Both chains also sell the supermarket's lot with a GTIN: its Digital Link is a lot to look up.
  hub = await demoHub(join(dir, 'a'), await demoChain(join(dir, 'a'), { gtin: true }), pages);
  recalled = await demoHub(join(dir, 'b'), await demoChain(join(dir, 'b'), { recall: true, gtin: true }), pages);
  // A page built with another regulator's key pinned, served by a hub configured with the demo's.
  const other = await buildTracePage({ pinnedTrust: ['11'.repeat(32)] });
  pinned = await demoHub(join(dir, 'c'), join(dir, 'a', 'demo'), { traceHtml: other.html, files: other.files });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await recalled?.close();
  await pinned?.close();
});

async function open(url: string, opts: BrowserContextOptions = PHONE, prepare?: (p: Page) => Promise<unknown>) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = []; // script errors and console errors (a CSP violation is one)
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await prepare?.(page);
  await page.goto(url);
  await page.waitForSelector('body:not([data-state="checking"])', { timeout: 60_000 });
  const state = await page.getAttribute('body', 'data-state');
  const colour = await page.$eval('#verdict', (e) => (globalThis as unknown as typeof G).getComputedStyle(e).backgroundColor);
  const text = (await page.textContent('body'))!;
  return { page, context, requests, errors, state, colour, text };
}

async function fitsThePhone(page: Page) {
  const { scroll, inner } = await page.evaluate(() => { const g = globalThis as unknown as typeof G; return { scroll: g.document.documentElement.scrollWidth, inner: g.window.innerWidth }; });
  expect(scroll).toBeLessThanOrEqual(inner);
}

describe.skipIf(skipWithoutChromium)('the consumer trace page in headless Chromium, served by a real hub', () => {
  it('verifies the demo receipt in the worker and shows its journey from both farms, in Chinese; phone screenshot', async () => {
    const { page, context, requests, errors, state, colour, text } = await open(`${hub.url}/t/${DEMO_RECEIPT}`);
    expect(state).toBe('verified');
    expect(errors).toEqual([]);
    expect(colour).toBe(GREEN);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.$$eval('#journey > li > h2', (h) => h.map((x) => x.textContent))).toEqual(['闽侯青口蔬菜基地', '长乐蔬菜合作社', '海峡农产品批发市场', '榕城净菜加工厂', '仓山生鲜超市']);
    // what was checked, in words: five businesses' signatures, witnessed by this hub
    expect(text).toContain('已核对 5 家备案企业的签名');
    expect(text).toContain('由本平台见证');
    expect(await page.$$eval('.witness.yes', (w) => w.length)).toBe(5);
    // what was done: input, harvest, test with its result, 合格证 with its 承诺依据, processing, shipping, the sale
    for (const s of ['投入品使用', '吡虫啉', '收获', '检测', '合格', '承诺达标合格证', '承诺依据', '福建省福州市', '加工', '发货', '销售', '您的这次购买', '1200 千克']) expect(text).toContain(s);
    expect(await page.$$eval('.step.own', (s) => s.map((x) => x.textContent))).toEqual([expect.stringContaining(DEMO_RECEIPT)]);
    // nothing from anywhere but the hub
    const origin = new URL(hub.url).origin;
    expect(requests.every((u) => u.startsWith(origin))).toBe(true);
    await fitsThePhone(page);
    const shots = UPDATE ? join(ROOT, 'docs') : join(dir, 'shots');
    mkdirSync(shots, { recursive: true });
    const shot = join(shots, 'trace-page-phone.png');
    await page.screenshot({ path: shot, type: 'png' }); // the first screen a shopper sees
    expect(statSync(shot).size).toBeGreaterThan(5_000);
    await context.close();
  }, 120_000);

  it('answers the GS1 Digital Link form with a serial the same way, in English for an English browser, and stays readable with large text', async () => {
    const { page, context, state, text } = await open(`${hub.url}/01/09520123456788/21/${FARM_A_RECEIPT}`, { ...PHONE, locale: 'en-GB', bypassCSP: true });
    expect(state).toBe('verified');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    for (const s of ['Verified', 'Signatures of 3 enrolled businesses checked', 'witnessed by this hub', 'Harvest', 'Test', 'pass', 'your purchase']) expect(text).toContain(s);
    expect(await page.$$eval('#journey > li > h2', (h) => h.map((x) => x.textContent))).toEqual(['闽侯青口蔬菜基地', '海峡农产品批发市场', '鼓楼农贸市场']);
    await page.addStyleTag({ content: 'html { font-size: 200% }' }); // the reader's large text setting
    await fitsThePhone(page);
    await context.close();
  }, 60_000);

  it('shows a tampered excerpt red, with the finding, and no journey', async () => {
    const { page, context, state, colour, text } = await open(`${hub.url}/t/${DEMO_RECEIPT}`, PHONE, (p) => p.route('**/v1/trace/**', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      body[body.indexOf(Buffer.from('福建省福州市'))]! ^= 1; // one byte of a farm's record, changed on the way
      await route.fulfill({ response: res, body });
    }));
    expect(state).toBe('failed');
    expect(colour).toBe(RED);
    expect(text).toContain('核验失败');
    const codes = await page.$$eval('#reasons li', (li) => li.map((x) => x.getAttribute('data-code')));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => /^[A-Z]+_[A-Z_]+$/.test(c ?? ''))).toBe(true);
    expect(await page.$$('#journey')).toHaveLength(0);
    await context.close();
    // Not a bundle at all (a proxy's error page, say): a failure with its code, never a pass.
    const junk = await open(`${hub.url}/t/${DEMO_RECEIPT}`, PHONE, (p) => p.route('**/v1/trace/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html>hello</html>' })));
    expect(junk.state).toBe('failed');
    expect(await junk.page.$$eval('#reasons li', (li) => li.map((x) => x.getAttribute('data-code')))).toEqual(['BUNDLE_NOT_A_BUNDLE']);
    await junk.context.close();
  }, 60_000);

  it('verifies against the keys pinned at build time, not the ones the hub writes in', async () => {
    const { page, context, state, colour } = await open(`${pinned.url}/t/${DEMO_RECEIPT}`);
    expect(state).toBe('failed');
    expect(colour).toBe(RED);
    expect(await page.$$eval('#reasons li', (li) => li.map((x) => x.getAttribute('data-code')))).toContain('POLICY_NO_AUTHORITY');
    await context.close();
  }, 60_000);

  it('shows a receipt whose lot was recalled red, with who recalled it and why', async () => {
    const { context, state, colour, text } = await open(`${recalled.url}/t/${DEMO_RECEIPT}`);
    expect(state).toBe('recalled');
    expect(colour).toBe(RED);
    for (const s of ['此批次已被召回', '长乐蔬菜合作社', 'CL-20251126-B', '复检发现农药残留超标', '退回']) expect(text).toContain(s);
    await context.close();
  }, 60_000);

  it('says plainly that a code is unknown', async () => {
    const { context, state, colour, text } = await open(`${hub.url}/t/NO-SUCH-CODE`);
    expect(state).toBe('unknown');
    expect(colour).toBe(RED);
    expect(text).toContain('未找到此追溯码');
    await context.close();
    // A lot no business here records with this GTIN: the same unknown page (and 404), in words for a lot.
    const lotUrl = `${hub.url}/01/0${DEMO_GTIN13}/10/NO-SUCH-LOT`;
    expect((await fetch(lotUrl)).status).toBe(404);
    const lot = await open(lotUrl);
    expect(lot.state).toBe('unknown');
    expect(lot.colour).toBe(RED);
    expect(lot.text).toContain('未找到此批次');
    expect(await lot.page.$$('#journey')).toHaveLength(0);
    await lot.context.close();
  }, 60_000);

  it('verifies a lot named by its GS1 Digital Link (/01/{gtin}/10/{lot}) in the worker and shows its journey from the farms', async () => {
    const url = `${hub.url}${DEMO_LOT_PATH}`;
    expect((await fetch(url)).status).toBe(200);
    const { page, context, requests, errors, state, colour, text } = await open(url);
    expect(state).toBe('verified');
    expect(errors).toEqual([]);
    expect(colour).toBe(GREEN);
    expect(requests.some((u) => u.includes(`/v1/trace-lot/0${DEMO_GTIN13}/P-MIX-1`))).toBe(true);
    expect(await page.$$eval('#journey > li > h2', (h) => h.map((x) => x.textContent))).toEqual(['闽侯青口蔬菜基地', '长乐蔬菜合作社', '海峡农产品批发市场', '榕城净菜加工厂', '仓山生鲜超市']);
    for (const s of ['批次 P-MIX-1', `0${DEMO_GTIN13}`, '已核对 5 家备案企业的签名', '收获', '承诺达标合格证', '加工', '收货']) expect(text).toContain(s);
    expect(await page.$$('.step.own')).toHaveLength(0); // a lot is no one's purchase: no sale is shown
    await fitsThePhone(page);
    await context.close();
  }, 60_000);

  it('shows a tampered lot excerpt red, with the finding, and no journey; a recalled lot red', async () => {
    const { page, context, state, colour } = await open(`${hub.url}${DEMO_LOT_PATH}`, PHONE, (p) => p.route('**/v1/trace-lot/**', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      body[body.indexOf(Buffer.from('福建省福州市'))]! ^= 1;
      await route.fulfill({ response: res, body });
    }));
    expect(state).toBe('failed');
    expect(colour).toBe(RED);
    expect((await page.$$eval('#reasons li', (li) => li.map((x) => x.getAttribute('data-code')))).length).toBeGreaterThan(0);
    expect(await page.$$('#journey')).toHaveLength(0);
    await context.close();
    const r = await open(`${recalled.url}${DEMO_LOT_PATH}`);
    expect(r.state).toBe('recalled');
    expect(r.colour).toBe(RED);
    expect(r.text).toContain('CL-20251126-B');
    await r.context.close();
  }, 60_000);

  it('says plainly that the hub cannot be reached, and shows nothing unverified', async () => {
    const { page, context, state, colour, text } = await open(`${hub.url}/t/${DEMO_RECEIPT}`, PHONE, (p) => p.route('**/v1/trace/**', (route) => route.abort('connectionrefused')));
    expect(state).toBe('down');
    expect(colour).toBe(RED);
    expect(text).toContain('暂时无法连接追溯服务器');
    expect(await page.$$('#journey')).toHaveLength(0);
    await context.close();
    const busy = await open(`${hub.url}/t/${DEMO_RECEIPT}`, PHONE, (p) => p.route('**/v1/trace/**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"HUB_UNAVAILABLE"}' })));
    expect(busy.state).toBe('down');
    await busy.context.close();
  }, 60_000);
});
