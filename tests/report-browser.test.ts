import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingText } from '../packages/cli/src/messages/findings.js';
import { launchChromium } from './support/chromium.js';
import { writeLongTrace } from './support/long-trace.js';
import { tempDir } from './support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
/** Screenshots go to docs/report/ when SUYUAN_UPDATE_SHOTS=1 (to commit them), else to a temp dir. */
const UPDATE = process.env.SUYUAN_UPDATE_SHOTS === '1';
const suyuan = (args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), ...args], { cwd: ROOT, encoding: 'utf8' }) };
  } catch (e) {
    return { code: (e as { status: number }).status, out: (e as { stdout: string }).stdout };
  }
};

const SIZES = {
  phone: { width: 375, height: 812, print: false },
  laptop: { width: 1366, height: 900, print: false },
  a4: { width: 794, height: 1123, print: true }, // A4 at 96 px per inch, print media
} as const;

let dir: string;
let shots: string;
let browser: Browser;

beforeAll(async () => {
  dir = tempDir('suyuan-report-');
  shots = UPDATE ? join(ROOT, 'docs/report') : join(dir, 'shots');
  mkdirSync(shots, { recursive: true });
  suyuan(['demo', '--dir', join(dir, 'demo')]);
  const bundle = join(dir, 'demo', 'demo.bundle');
  const trust = join(dir, 'demo', 'authority.pub');
  expect(suyuan(['report', bundle, '--trust', trust, '--code', 'SY-M2-0007', '--out', join(dir, 'demo.html')]).code).toBe(0);
  expect(suyuan(['report', bundle, '--trust', trust, '--code', 'SY-M2-0007', '--lang', 'en', '--tz', 'UTC', '--out', join(dir, 'demo-en.html')]).code).toBe(0);
  // The same bundle with one byte of the restaurant's log changed.
  const bytes = readFileSync(bundle);
  bytes[bytes.indexOf('清炒时蔬')]! ^= 1;
  writeFileSync(join(dir, 'tampered.bundle'), bytes);
  // Invalid: refused (the verdict and its findings only), or with --unverified the rest, every part marked.
  expect(suyuan(['report', join(dir, 'tampered.bundle'), '--trust', trust, '--code', 'SY-M2-0007', '--out', join(dir, 'refused.html')]).code).toBe(1);
  expect(suyuan(['report', join(dir, 'tampered.bundle'), '--trust', trust, '--code', 'SY-M2-0007', '--unverified', '--out', join(dir, 'tampered.html')]).code).toBe(1);
  mkdirSync(join(dir, 'long'));
  const long = await writeLongTrace(join(dir, 'long'), 50);
  // A safety-interval error makes the bundle invalid: its journey is shown only with --unverified.
  expect(suyuan(['report', long.bundle, '--trust', long.authorityPub, '--code', 'LONG-0001', '--unverified', '--out', join(dir, 'long.html')]).code).toBe(1);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string, size: keyof typeof SIZES = 'laptop') {
  const { width, height, print } = SIZES[size];
  const page = await browser.newPage({ viewport: { width, height } });
  if (print) await page.emulateMedia({ media: 'print' });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${join(dir, file)}`);
  return { page, requests };
}

/** Browser globals, typed here: the tests' tsconfig has no DOM library. */
const G = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; window: { innerWidth: number }; getComputedStyle(e: unknown): { backgroundColor: string } };

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The journey's boxes: none overlaps another, none sticks out of the page. */
async function checkLayout(page: Page) {
  const boxes = await page.$$eval('#journey .node', (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  expect(boxes.length).toBeGreaterThan(0);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(intersects(boxes[i]!, boxes[j]!), `journey boxes ${i} and ${j} overlap`).toBe(false);
  const { scroll, inner } = await page.evaluate(() => { const g = globalThis as unknown as typeof G; return { scroll: g.document.documentElement.scrollWidth, inner: g.window.innerWidth }; });
  expect(scroll).toBeLessThanOrEqual(inner); // nothing cut off at the side
  for (const b of boxes) expect(b.x + b.width).toBeLessThanOrEqual(inner);
  return boxes;
}

describe('the HTML report, opened in headless Chromium', () => {
  it.each(['demo.html', 'long.html', 'tampered.html'])('%s: the journey fits phone, laptop and A4 with no overlaps; screenshots', async (file) => {
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      const { page, requests } = await open(file, size);
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true); // self-contained: nothing fetched
      const boxes = await checkLayout(page);
      if (size === 'phone') expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBe(1); // one column, a vertical timeline of steps
      if (size === 'laptop' && file === 'long.html') expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBeGreaterThan(3); // columns that wrap
      const shot = join(shots, `${file.replace('.html', '')}-${size}.jpg`);
      // JPEG, and the 50-step trace's journey only (its full page is fifty record sections): the committed set stays small.
      const options = { path: shot, type: 'jpeg', quality: 50 } as const;
      if (file === 'long.html') await page.locator('#journey').screenshot(options);
      else await page.screenshot({ ...options, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(5_000);
      await page.close();
    }
  }, 120_000);

  it('shows every record behind each step in words, in Chinese by default', async () => {
    const { page } = await open('demo.html');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('#verdict')).toMatch(/^有效/);
    expect(await page.$eval('#verdict', (e) => (globalThis as unknown as typeof G).getComputedStyle(e).backgroundColor)).toBe('rgb(46, 125, 50)');
    const text = (await page.textContent('body'))!;
    // input use: pesticide, registration, dose, interval and whether the harvest respected it
    for (const s of ['投入品使用', '吡虫啉', 'PD20080127', '0.5 千克', '安全间隔期', '7 天', '收获是否遵守']) expect(text).toContain(s);
    // test: method, analyte, result; certificate: type, number, 承诺依据; origin; product names
    for (const s of ['GB/T 5009.199', '有机磷和氨基甲酸酯类农药', '合格', '承诺达标合格证', 'HGZ-QK-20251126-A', '承诺依据', '福建省福州市', 'F-03', '青菜', '净菜 (mixed greens)']) expect(text).toContain(s);
    // quantities and times in words, in the event's own offset
    expect(text).toContain('1200 千克');
    expect(text).not.toMatch(/\bKGM\b/);
    expect(text).toContain('2025年11月26日 07:00 (UTC+08:00)');
    expect(text).not.toContain('2025-11-26T07:00:00');
    // the receipt's own sale marked, the other 29 summarised
    expect(await page.$$eval('.record.own-sale', (e) => e.map((x) => x.textContent))).toEqual([expect.stringContaining('SY-M2-0007')]);
    expect(await page.$$eval('.record[data-kind="food.sale"]', (e) => e.length)).toBe(1);
    expect(text).toContain('另有 29 笔销售，共 14.5 千克');
    expect(text).not.toContain('SY-M1-0001');
    // a timeline of the trace, in time order
    const times = await page.$$eval('#timeline li', (li) => li.length);
    expect(times).toBeGreaterThan(20);
    expect(await page.$$eval('#businesses-table, #logs tbody tr', (rows) => rows.length)).toBe(8);
    const statuses = await page.$$eval('#journey .node', (nodes) => nodes.map((n) => n.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThanOrEqual(9);
    expect(new Set(statuses)).toEqual(new Set(['verified']));
    expect(await page.$$eval('section.lot-records', (t) => t.length)).toBe(statuses.length);
    await page.close();
  });

  it('speaks English with --lang en and shows times in the --tz zone', async () => {
    const { page } = await open('demo-en.html');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const text = (await page.textContent('body'))!;
    for (const s of ['Records behind each step', 'input use', 'registration no.', 'safety interval', '7 days', 'harvest respected it', 'test method', '1200 kg', '26 Nov 2025, 00:00 UTC', 'this receipt\'s sale', '29 other sales, 14.5 kg in all']) expect(text).toContain(s);
    expect(text).not.toContain('收获是否遵守');
    await page.close();
  });

  it('explains what is wrong in a tampered bundle: the verdict, each finding in words, the business in red; nothing of it as fact', async () => {
    for (const file of ['refused.html', 'tampered.html']) {
      const { page } = await open(file);
      expect(await page.textContent('#verdict')).toMatch(/^无效/);
      expect(await page.$eval('#verdict', (e) => (globalThis as unknown as typeof G).getComputedStyle(e).backgroundColor)).toBe('rgb(198, 40, 40)');
      const codes = await page.$$eval('#findings .finding code', (c) => c.map((x) => x.textContent!));
      expect(codes.some((c) => /CHAIN_PREV|CHECKPOINT_ROOT_MISMATCH/.test(c))).toBe(true);
      const explained = await page.$$eval('#findings .finding .explain', (c) => c.map((x) => x.textContent!));
      expect(explained).toContain(findingText(codes[0]!, 'zh').explain);
      expect(await page.textContent('#findings')).toContain('三坊七巷闽菜馆');
      const red = await page.$$eval('#logs tr', (rows) => rows.filter((r) => r.querySelector('.dot.invalid')).map((r) => r.textContent));
      expect(red).toEqual([expect.stringContaining('三坊七巷闽菜馆')]);
      // The restaurant's log did not verify: none of its records is in the journey.
      expect(await page.$$eval('#journey .node .biz', (t) => t.map((x) => x.textContent))).not.toContain('三坊七巷闽菜馆');
      await page.close();
    }
    const refused = (await open('refused.html')).page;
    expect(await refused.$('#refused')).not.toBeNull();
    expect(await refused.$$('#journey, #timeline, article.record')).toEqual([]);
    await refused.close();
    const { page } = await open('tampered.html');
    expect(await page.textContent('#unverified')).toMatch(/^未核验/);
    for (const sel of ['#journey .node', 'article.record', '#timeline li']) {
      const marked = await page.$$eval(sel, (e) => e.map((x) => x.classList.contains('unverified') && (x.textContent ?? '').includes('未核验')));
      expect(marked.length, sel).toBeGreaterThan(0);
      expect(new Set(marked), sel).toEqual(new Set([true]));
    }
    await page.close();
  });

  it('a 50-step trace: every step, the broken safety interval, and only the enrolled name', async () => {
    const { page } = await open('long.html');
    expect(await page.$$eval('#journey .node', (n) => n.length)).toBe(50);
    const text = (await page.textContent('body'))!;
    expect(text).toContain('长链测试农场');
    // the genesis's own name is never shown as the business (a finding may quote it as the mismatch)
    for (const part of ['#journey', '#logs', '#timeline']) expect(await page.textContent(part)).not.toContain('自称名称');
    expect((await page.$$eval('section.lot-records', (s) => s.map((x) => x.textContent))).join('')).not.toContain('自称名称');
    expect(text).toContain('否：收获早于安全间隔期结束');
    expect(text).toContain(findingText('FOOD_SAFETY_INTERVAL', 'zh').explain);
    expect(await page.$eval('#journey .node', (n) => n.getAttribute('data-status'))).toBe('invalid'); // the harvest's lot
    await page.close();
  });
});
