import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, createHubApp } from '../packages/hub/src/index.js';
import type { PageAssets, PageConfig } from '../packages/hub/src/http/routes-pages.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORITY_KEY, HUB_KEY, HUB_SECRET, hex, pushLogVia, world } from '../packages/hub/test/fixture.js';
import { tempDir } from './support/temp-dir.js';

// The hub's page routes on their own, with stand-in page files (the real page: trace-page.test.ts).
const pages: PageAssets = {
  traceHtml: '<!doctype html><html><head><!--suyuan-config--><script src="/assets/trace-abc.js"></script></head><body></body></html>',
  files: { 'trace-abc.js': { body: new TextEncoder().encode('console.log("trace page");'.repeat(20)), type: 'text/javascript; charset=utf-8' } },
};

let app: Awaited<ReturnType<typeof createHubApp>>;
let bare: Awaited<ReturnType<typeof createHubApp>>;

beforeAll(async () => {
  const w = await world();
  const store = await EmbeddedHubStore.open(tempDir('suyuan-pages-'));
  app = await createHubApp({ store, trust: [AUTHORITY_KEY], witness: nodeSigner(HUB_SECRET), pages });
  bare = await createHubApp({ store, trust: [AUTHORITY_KEY], witness: nodeSigner(HUB_SECRET) });
  for (const log of [w.authority, ...Object.values(w.logs)]) expect((await pushLogVia(app, log)).statusCode).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await bare?.close();
});

const configOf = (html: string): PageConfig => JSON.parse(/<script type="application\/json" id="suyuan-config">(.*?)<\/script>/.exec(html)![1]!) as PageConfig;

describe('the trace page routes', () => {
  it('serve /t/{code} with the hub\'s trust and witness keys written in, and a strict CSP', async () => {
    const res = await app.inject({ url: '/t/M1-3' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const c = configOf(res.body);
    expect(c).toEqual({ target: { kind: 'code', code: 'M1-3' }, bundle: '/v1/trace/M1-3', trust: [hex(AUTHORITY_KEY)], witnesses: [hex(HUB_KEY)] });
    expect((await app.inject({ url: c.bundle! })).statusCode).toBe(200);
  });

  it('answer an unknown code with the page and 404', async () => {
    for (const url of ['/t/NO-SUCH-CODE', '/01/09520123456788/21/NO-SUCH-CODE']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(configOf(res.body).target).toEqual({ kind: 'code', code: 'NO-SUCH-CODE' });
    }
  });

  it('cannot be made to close the config element by a code', async () => {
    const res = await app.inject({ url: `/t/${encodeURIComponent('</script><script>alert(1)</script>')}` });
    expect(res.statusCode).toBe(404);
    expect(res.body.match(/<\/script>/g)!.length).toBe(2); // the config's and the page script's own
    expect(configOf(res.body).target).toEqual({ kind: 'code', code: '</script><script>alert(1)</script>' });
  });

  it('read the GS1 Digital Link paths with interop\'s parser: a serial is a trace code, a lot is a lot', async () => {
    expect(configOf((await app.inject({ url: '/01/09520123456788/21/M1-3' })).body).target).toEqual({ kind: 'code', code: 'M1-3' });
    expect(configOf((await app.inject({ url: '/01/09520123456788/10/W-A1%2F1' })).body).target).toEqual({ kind: 'lot', gtin: '09520123456788', lot: 'W-A1/1' });
    const bad = await app.inject({ url: '/01/09520123456789/10/X' }); // wrong check digit
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toMatch(/^DL_/);
    const product = await app.inject({ url: '/01/09520123456788' });
    expect(product.statusCode).toBe(404);
    expect(configOf(product.body).target.kind).toBe('none');
  });

  it('never fail on a hostile Digital Link path: a page, or a 4xx with a code', async () => {
    const segment = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('01', '10', '21', '22', '09520123456788', '%', '%2F', '..', ''));
    await fc.assert(fc.asyncProperty(fc.array(segment, { maxLength: 6 }), fc.option(fc.string({ maxLength: 20 })), async (segs, query) => {
      const url = `/01/${segs.map(encodeURIComponent).join('/')}${query === null ? '' : `?${encodeURIComponent(query)}`}`;
      const res = await app.inject({ url });
      expect([200, 400, 404]).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().code).toMatch(/^(DL_|HUB_)/);
    }), { numRuns: 300 });
    for (const raw of ['/01/%ZZ/10/x', '/01/09520123456788/10/%E0%A4%A', '/01/09520123456788/10/a%00b', '/t/%ZZ']) {
      const res = await app.inject({ url: raw });
      expect(res.statusCode, raw).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, raw).toBeLessThan(500);
    }
  });

  it('serve the page files immutable, gzipped when the client accepts it', async () => {
    const plain = await app.inject({ url: '/assets/trace-abc.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await app.inject({ url: '/assets/trace-abc.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    expect((await app.inject({ url: '/assets/toString' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/nothing.js' })).json().code).toBe('HUB_NOT_FOUND');
  });

  it('publish the trusted keys at /v1/trust', async () => {
    expect((await app.inject({ url: '/v1/trust' })).json()).toEqual({ authorities: [hex(AUTHORITY_KEY)], witnesses: [hex(HUB_KEY)] });
  });

  it('answer 404 with a code on a hub started without pages', async () => {
    const res = await bare.inject({ url: '/t/M1-3' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('HUB_NOT_FOUND');
  });
});
