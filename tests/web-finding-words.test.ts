/**
 * Both pages say a finding in plain words from the shared catalogue (@suyuan/verify/messages),
 * Chinese by default and English for a browser that asks for English, with the finding's code
 * beside the words (a regulator compares it with the CLI's): the offline verifier page on a
 * tampered demo bundle, and the consumer trace page on a tampered excerpt from a real hub.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingMeaning, findingText, findingTitle, layerWords, roleWords, severityWords, type Lang } from '@suyuan/verify/messages';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfflinePage } from '../packages/web/build/assets.js';
import { buildTracePage } from '../packages/web/src/trace/build.js';
import { launchChromium, skipWithoutChromium } from './support/chromium.js';
import { tempDir } from './support/temp-dir.js';
import { DEMO_RECEIPT, demoChain, demoHub } from './support/trace-hub.js';

const HAN = /[\u4e00-\u9fff]/;
const LOCALES = [['zh-CN', 'zh'], ['en-US', 'en']] as const;

let dir: string;
let demo: string;
let offlineHtml: string;
let browser: Browser;
let hub: Awaited<ReturnType<typeof demoHub>>;

beforeAll(async () => {
  if (skipWithoutChromium) return;
  dir = tempDir('suyuan-web-words-');
  demo = await demoChain(join(dir, 'chain'));
  offlineHtml = join(dir, 'offline.html');
  writeFileSync(offlineHtml, await buildOfflinePage()); // built from the sources: CI runs on a clean clone
  const built = await buildTracePage();
  hub = await demoHub(join(dir, 'chain'), demo, { traceHtml: built.html, files: built.files });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe.skipIf(skipWithoutChromium)('a finding in plain words on the pages, its code beside them', () => {
  it('the offline verifier page, on a tampered bundle', async () => {
    const tampered = Buffer.from(readFileSync(join(demo, 'demo.bundle')));
    tampered[tampered.indexOf('清炒时蔬')]! ^= 1;
    const bundle = join(dir, 'tampered.bundle');
    writeFileSync(bundle, tampered);
    for (const [locale, lang] of LOCALES) {
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      await page.goto(`file://${offlineHtml}`);
      await page.setInputFiles('#bundle', bundle);
      await page.setInputFiles('#trust', join(demo, 'authority.pub'));
      await page.waitForSelector('#verdict[data-verdict]', { timeout: 120_000 });
      expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('invalid');
      const shown = await page.$$eval('#findings .finding', (li) => li.map((e) => ({
        code: e.getAttribute('data-code')!, severity: e.getAttribute('data-severity')!, layer: e.getAttribute('data-layer')!, tags: [...e.querySelectorAll('.tag')].map((t) => t.textContent),
        title: e.querySelector('.title')?.textContent, explain: e.querySelector('.explain')?.textContent, codeShown: e.querySelector('.code')?.textContent,
      })));
      expect(shown.length).toBeGreaterThan(0);
      for (const f of shown) {
        expect(f, locale).toEqual({ ...f, tags: [severityWords(f.severity, lang), layerWords(f.layer, lang)], title: findingText(f.code, lang).title, explain: findingText(f.code, lang).explain, codeShown: f.code });
      }
      // the businesses' enrolled roles, in the same language
      const farm = await page.$eval('#logs', (e) => e.textContent!);
      expect(farm, locale).toContain(roleWords('farm', lang));
      expect(farm, locale).toContain(roleWords('wholesaler', lang));
      expect(shown.map((f) => f.title).join('')).toMatch(lang === 'zh' ? HAN : /^[^\u4e00-\u9fff]+$/);
      await context.close();
    }
  }, 240_000);

  it('the consumer trace page, on a tampered excerpt: red, the reason in words', async () => {
    for (const [locale, lang] of LOCALES) {
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      await page.route('**/v1/trace/**', async (route) => {
        const res = await route.fetch();
        const body = await res.body();
        body[body.indexOf(Buffer.from('福建省福州市'))]! ^= 1; // one byte of a farm's record, changed on the way
        await route.fulfill({ response: res, body });
      });
      await page.goto(`${hub.url}/t/${DEMO_RECEIPT}`);
      await page.waitForSelector('body:not([data-state="checking"])', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-state')).toBe('failed');
      expect(await page.$eval('#verdict', (e) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor)).toBe('rgb(179, 38, 30)'); // red
      const shown = await page.$$eval('#reasons li', (li) => li.map((e) => ({ code: e.getAttribute('data-code')!, text: e.textContent!, codeShown: e.querySelector('code')?.textContent?.trim() })));
      expect(shown.length).toBeGreaterThan(0);
      for (const f of shown) {
        expect(findingTitle(f.code, lang), f.code).not.toBe(f.code); // every code the tampering gives is in the catalogue
        expect(f.text, locale).toContain(findingTitle(f.code, lang));
        expect(f.text, locale).toContain(findingMeaning(f.code, lang));
        expect(f.text, locale).not.toContain(findingTitle(f.code, other(lang)));
        expect(f.codeShown, locale).toBe(f.code);
      }
      await context.close();
    }
  }, 120_000);
});

const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');
