/**
 * The verifier in the browser (issue 18), in Debian's Chromium: the offline page opened from
 * disk gives `suyuan verify`'s verdict and findings; and, as a differential test, the browser's
 * worker and `suyuan verify` agree on a sample of the CLI mutation test's corrupted bundles, of
 * both suites.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { writeWebAssets } from '../packages/web/build/assets.js';
import { launchChromium, skipWithoutChromium } from './support/chromium.js';
import { mutate, mutation } from './support/mutations.js';
import { tempDir } from './support/temp-dir.js';

type Finding = { code: string; severity: string; layer: string; logId?: string; seq?: number; offset?: number };
type Report = { verdict: string; findings: Finding[]; counts: Record<string, number>; error?: { code: string } };
/** What both sides must agree on: the exit code, the verdict and every finding's code and place, in order. */
type Outcome = { exit: number; verdict?: string; findings?: string[]; counts?: Record<string, number> };

const place = (f: Finding) => [f.code, f.severity, f.layer, f.logId ?? '', f.seq ?? '', f.offset ?? ''].join(' ');

let dir: string;
let browser: Browser;
let assets: Awaited<ReturnType<typeof writeWebAssets>>;
const demos = { ed: { bundle: '', trust: '' }, sm: { bundle: '', trust: '' } };

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: (s) => { out += s; }, err: () => undefined });
  return { code, out };
}

/** `suyuan verify --json` on bytes, reduced to what the browser must agree on. */
async function cliOutcome(bytes: Uint8Array, trust: string): Promise<Outcome> {
  const path = join(dir, 'm.bundle');
  writeFileSync(path, bytes);
  const { code, out } = await cli(['verify', path, '--trust', trust, '--json']);
  const r = JSON.parse(out) as Report;
  if (code === 2) return { exit: 2, verdict: r.error!.code === 'CLI_NOT_A_BUNDLE' ? 'refused' : r.error!.code };
  return { exit: code, verdict: r.verdict, findings: r.findings.map(place), counts: r.counts };
}

beforeAll(async () => {
  assets = await writeWebAssets(); // the page and the worker, built from the sources (a clean clone has no dist)
  dir = tempDir('suyuan-web-');
  for (const [name, suite] of [['ed', 'ed25519-sha256'], ['sm', 'sm2-sm3']] as const) {
    const d = join(dir, `demo-${name}`);
    expect((await cli(['demo', '--dir', d, '--suite', suite, '-q'])).code).toBe(0);
    demos[name] = { bundle: join(d, 'demo.bundle'), trust: join(d, 'authority.pub') };
  }
  if (!skipWithoutChromium) browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

/** The offline page, opened from disk, every request it makes recorded. */
async function openOffline(locale = 'zh-CN', width = 375) {
  const context = await browser.newContext({ locale, viewport: { width, height: 812 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`file://${assets.offlineHtml}`);
  return { page, requests, workers, errors, close: () => context.close() };
}

/** Chooses the files as a person would and waits for the verdict; the page's outcome in CLI terms. */
async function verifyOnPage(page: Page, bundle: string, trust: string[]): Promise<Outcome> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { __seen: string[]; document: { getElementById(id: string): unknown }; MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void } };
    g.__seen = [];
    const status = g.document.getElementById('status-text') as { textContent: string };
    new g.MutationObserver(() => g.__seen.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles('#bundle', bundle);
  await page.setInputFiles('#trust', trust);
  await page.waitForSelector('#verdict[data-verdict]', { timeout: 120_000 });
  const verdict = (await page.getAttribute('#verdict', 'data-verdict'))!;
  const exit = Number(await page.getAttribute('#verdict', 'data-exit'));
  const findings = await page.$$eval('#findings .finding', (els) => els.map((e) => (e as unknown as { dataset: { code: string } }).dataset.code));
  return { exit, verdict, findings };
}

describe.skipIf(skipWithoutChromium)('the offline verifier page', () => {
  it('suyuan verify --html writes the page the package builds: one file, nothing to fetch, no connection allowed', async () => {
    const out = join(dir, 'verifier.html');
    expect((await cli(['verify', '--html', out, '-q'])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toBe(readFileSync(assets.offlineHtml, 'utf8'));
    const refused = async (args: string[]) => { const r = await cli([...args, '--json']); return [r.code, (JSON.parse(r.out) as Report).error?.code]; };
    expect(await refused(['verify', '--html', out])).toEqual([2, 'CLI_EXISTS']); // never over a file without --force
    expect((await cli(['verify', '--html', out, '--force', '-q'])).code).toBe(0);
    expect(await refused(['verify', demos.ed.bundle, '--html', join(dir, 'other.html')])).toEqual([2, 'CLI_EXTRA_ARGUMENT']); // the page verifies nothing itself
    expect(await refused(['verify', '--html', join(dir, 'other.html'), '--trust', demos.ed.trust])).toEqual([2, 'CLI_BAD_VALUE']);
    expect(await refused(['verify', demos.ed.bundle, '--trust', demos.ed.trust, '--force'])).toEqual([2, 'CLI_BAD_VALUE']);
    expect(await refused(['verify'])).toEqual([2, 'CLI_MISSING_ARGUMENT']);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]*\s(src|href)=/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    for (const rule of ["default-src 'none'", "connect-src 'none'", "form-action 'none'", 'worker-src blob:']) expect(csp).toContain(rule);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
  });

  it('opened from disk, gives suyuan verify\'s verdict and findings on the demo bundles of both suites and a tampered one, sending nothing', async () => {
    const original = readFileSync(demos.ed.bundle);
    const tampered = Buffer.from(original);
    tampered[tampered.indexOf('清炒时蔬')]! ^= 1;
    const tamperedPath = join(dir, 'tampered.bundle');
    writeFileSync(tamperedPath, tampered);
    const cases = [[demos.ed.bundle, demos.ed.trust, 'valid'], [demos.sm.bundle, demos.sm.trust, 'valid'], [tamperedPath, demos.ed.trust, 'invalid']] as const;
    for (const [bundle, trust, expected] of cases) {
      const { page, requests, workers, errors, close } = await openOffline();
      const seen = await verifyOnPage(page, bundle, [trust]);
      const want = await cliOutcome(readFileSync(bundle), trust);
      expect(want.verdict).toBe(expected);
      expect(seen).toEqual({ exit: want.exit, verdict: want.verdict, findings: want.findings!.map((f) => f.split(' ')[0]) });
      expect(workers.map((u) => u.slice(0, 5))).toEqual(['blob:']); // verified in a worker, off the page's thread
      const status = await page.evaluate(() => (globalThis as unknown as { __seen: string[] }).__seen);
      expect(status.some((s) => /已核验 7\/7 个日志/.test(s))).toBe(true); // progress, in logs verified
      expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:'))).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    }
  });

  it('refuses what is not a bundle (exit 2) and a secret key offered as the trusted key (KEY_FILE)', async () => {
    const notBundle = join(dir, 'note.txt');
    writeFileSync(notBundle, 'hello');
    const { page, close } = await openOffline();
    expect(await verifyOnPage(page, notBundle, [demos.ed.trust])).toMatchObject({ exit: 2, verdict: 'refused' });
    expect((await cli(['verify', notBundle, '--trust', demos.ed.trust])).code).toBe(2);
    await page.reload();
    const secret = join(dir, 'demo-ed/keys/authority.key');
    expect(await verifyOnPage(page, demos.ed.bundle, [secret])).toMatchObject({ verdict: 'failed' });
    expect(await page.textContent('#verdict-note')).toContain('KEY_FILE');
    await close();
  });

  it('speaks Chinese by default and English to a browser that asks for it; fits a 375-pixel phone', async () => {
    for (const [locale, title] of [['zh-CN', '溯源 · 离线核验'], ['fr-FR', '溯源 · 离线核验'], ['en-US', 'Suyuan · offline verifier']] as const) {
      const { page, close } = await openOffline(locale);
      expect(await page.textContent('h1')).toBe(title);
      await verifyOnPage(page, demos.ed.bundle, [demos.ed.trust]);
      expect(await page.textContent('#verdict-word')).toBe(locale === 'en-US' ? 'Valid' : '有效');
      const { scroll, inner } = await page.evaluate(() => { const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number }; return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth }; });
      expect(scroll).toBeLessThanOrEqual(inner);
      await page.click('#lang');
      expect(await page.textContent('#verdict-word')).toBe(locale === 'en-US' ? '有效' : 'Valid');
      await close();
    }
  });
});

describe.skipIf(skipWithoutChromium)('the browser verifier and suyuan verify, on corrupted bundles', () => {
  it('give the same exit code, verdict and findings (codes, places, order) on a sample of the mutation test\'s corruptions, Ed25519 and SM2', async () => {
    const page = await browser.newPage();
    await page.goto('about:blank');
    // The worker as the pages start it, from its built source.
    await page.evaluate((source) => {
      const g = globalThis as unknown as { __worker: unknown; Worker: new (u: string) => unknown; URL: { createObjectURL(b: unknown): string }; Blob: new (p: string[], o: object) => unknown };
      g.__worker = new g.Worker(g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' })));
    }, readFileSync(assets.worker, 'utf8'));
    const inBrowser = (bytes: Uint8Array, pem: string) => page.evaluate(async ([b64, pem]) => {
      type Msg = { type: string; id: number; code?: string; report?: Report };
      const w = (globalThis as unknown as { __worker: { onmessage: (e: { data: Msg }) => void; postMessage(m: unknown, t: unknown[]): void } }).__worker;
      const bin = atob(b64);
      const buf = Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
      const m = await new Promise<Msg>((resolve) => {
        w.onmessage = (e) => { if (e.data.type !== 'progress') resolve(e.data); };
        w.postMessage({ type: 'verify', id: 1, bundle: buf, trust: [{ pem }] }, [buf]);
      });
      return m;
    }, [Buffer.from(bytes).toString('base64'), pem] as const);
    const browserOutcome = async (bytes: Uint8Array, trust: string): Promise<Outcome> => {
      const m = await inBrowser(bytes, readFileSync(trust, 'utf8'));
      if (m.type === 'refused') return { exit: 2, verdict: 'refused' };
      if (m.type !== 'report') return { exit: -1, verdict: `${m.type} ${m.code}` };
      const r = m.report!;
      return { exit: r.verdict === 'invalid' ? 1 : r.verdict === 'unsigned' ? 3 : 0, verdict: r.verdict, findings: r.findings.map(place), counts: r.counts };
    };
    const verdicts: Record<string, number> = {};
    for (const [name, runs, seed] of [['ed', 60, 18], ['sm', 30, 19]] as const) {
      const original = new Uint8Array(readFileSync(demos[name].bundle));
      for (const m of fc.sample(mutation, { numRuns: runs, seed })) {
        const bytes = mutate(original, m);
        const want = await cliOutcome(bytes, demos[name].trust);
        expect(await browserOutcome(bytes, demos[name].trust), JSON.stringify(m)).toEqual(want);
        verdicts[want.verdict!] = (verdicts[want.verdict!] ?? 0) + 1;
      }
    }
    // The sample reaches both kinds of answer that matter: refused, and invalid with findings.
    expect(verdicts.invalid).toBeGreaterThan(0);
    expect(verdicts.refused).toBeGreaterThan(0);
    await page.close();
  }, 600_000);
});
