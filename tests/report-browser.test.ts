import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium'; // Debian's package: the README's set-up installs it
const suyuan = (args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), ...args], { cwd: ROOT, encoding: 'utf8' }) };
  } catch (e) {
    return { code: (e as { status: number }).status, out: (e as { stdout: string }).stdout };
  }
};

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = tempDir('suyuan-report-');
  suyuan(['demo', '--dir', dir]);
  expect(suyuan(['report', join(dir, 'demo.bundle'), '--trust', join(dir, 'authority.pub'), '--code', 'SY-M2-0007', '--out', join(dir, 'report.html')]).code).toBe(0);
  // The same bundle with one byte of the restaurant's log changed.
  const bytes = readFileSync(join(dir, 'demo.bundle'));
  bytes[bytes.indexOf('清炒时蔬')]! ^= 1;
  writeFileSync(join(dir, 'tampered.bundle'), bytes);
  expect(suyuan(['report', join(dir, 'tampered.bundle'), '--trust', join(dir, 'authority.pub'), '--code', 'SY-M2-0007', '--out', join(dir, 'tampered.html')]).code).toBe(1);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

async function open(file: string) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${join(dir, file)}`);
  return { page, requests };
}

describe('the HTML report, opened in headless Chromium', () => {
  it('shows the verdict, the businesses, and the journey of a receipt as a graph with its records', async () => {
    const { page, requests } = await open('report.html');
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true); // self-contained: nothing fetched
    expect(await page.textContent('#verdict')).toMatch(/^VALID/);
    expect(await page.$eval('#verdict', (e) => (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor)).toBe('rgb(46, 125, 50)');
    expect(await page.$$eval('#logs tbody tr', (rows) => rows.length)).toBe(8);
    const statuses = await page.$$eval('#journey .node', (nodes) => nodes.map((n) => n.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThanOrEqual(9); // farms → wholesaler → processor → market 2 → restaurant
    expect(new Set(statuses)).toEqual(new Set(['verified']));
    expect(await page.$$eval('#journey .edge', (e) => e.length)).toBeGreaterThanOrEqual(8);
    expect(await page.$$eval('table.records', (t) => t.length)).toBe(statuses.length);
    expect(await page.textContent('body')).toContain('闽侯青口蔬菜基地');
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    const box = await page.$eval('#journey', (e) => e.getBoundingClientRect().width);
    expect(box).toBeGreaterThan(600);
    await page.close();
  });

  it('marks what is wrong in a tampered bundle: the verdict, the finding, the business in red', async () => {
    const { page } = await open('tampered.html');
    expect(await page.textContent('#verdict')).toMatch(/^INVALID/);
    expect(await page.$eval('#verdict', (e) => (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor)).toBe('rgb(198, 40, 40)');
    expect(await page.textContent('#findings')).toMatch(/CHAIN_PREV|CHECKPOINT_ROOT_MISMATCH/);
    const invalid = await page.$$eval('#journey .node.invalid text', (t) => t.map((x) => x.textContent));
    expect(invalid).toContain('三坊七巷闽菜馆');
    await page.screenshot({ path: join(dir, 'tampered.png'), fullPage: true });
    await page.close();
  });
});
