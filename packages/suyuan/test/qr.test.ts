import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import { Ledger } from '../src/index.js';
import { GTIN, HUB, MARKET, T, line, rejectsWith } from './helpers.js';

// jsqr is CommonJS whose typings declare a default export; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;
const CHROMIUM = '/usr/bin/chromium'; // Debian's package: the README's set-up installs it
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 120_000);
afterAll(async () => { await browser?.close(); });

/** Chromium draws the SVG (as an <img>, scaled up, on white) into a canvas; jsQR reads the pixels. */
async function decode(svg: string): Promise<string | undefined> {
  const page = await browser.newPage();
  try {
    // Page code as a string: the tests are compiled without the DOM's types.
    const size = 240;
    const pixels = await page.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/svg+xml;base64,' + ${JSON.stringify(Buffer.from(svg).toString('base64'))};
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = ${size};
      canvas.height = ${size};
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, ${size}, ${size});
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(img, 0, 0, ${size}, ${size});
      const data = ctx.getImageData(0, 0, ${size}, ${size}).data;
      let binary = '';
      for (let i = 0; i < data.length; i += 8192) binary += String.fromCharCode(...data.subarray(i, i + 8192));
      return btoa(binary);
    })()`) as string;
    return jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), size, size)?.data;
  } finally {
    await page.close();
  }
}

describe('the trace code\'s QR code (SVG, rendered in Chromium, read back with jsQR)', () => {
  it('decodes to the trace code URI: the hub form and the GS1 Digital Link form', async () => {
    const ledger = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(4)), enterprise: MARKET, hub: HUB });
    const hubSale = await ledger.sale({ eventTime: T, ...line('QK-01', '0.5') });
    const gs1Sale = await ledger.sale({ eventTime: T, ...line('QK/01+A', '0.5', GTIN) });
    for (const sale of [hubSale, gs1Sale]) {
      const svg = await sale.traceCode.qrSvg();
      expect(svg.startsWith('<svg')).toBe(true);
      expect(await decode(svg)).toBe(sale.traceCode.uri);
    }
    expect(gs1Sale.traceCode.uri).toBe(`https://id.gs1.org/01/0${GTIN}/10/QK%2F01%2BA`);
    expect(await decode(await hubSale.traceCode.qrSvg({ errorCorrectionLevel: 'H', margin: 2 }))).toBe(hubSale.traceCode.uri);
  }, 60_000);

  it('has no QR code when there is no URI: no GTIN and no hub (TRACE_CODE_NO_URI)', async () => {
    const ledger = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(4)), enterprise: MARKET });
    const sale = await ledger.sale({ eventTime: T, ...line('QK-01', '0.5') });
    expect(sale.traceCode.uri).toBeUndefined();
    await rejectsWith(sale.traceCode.qrSvg(), 'TRACE_CODE_NO_URI');
  });
});
