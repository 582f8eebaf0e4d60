import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toHex, type Signer } from '@suyuan/core';
import { InteropError, parseDigitalLink } from '@suyuan/interop';
import type { GtinLotIndex } from '../lot-lookup/gtin-lots.js';
import type { HubOptions } from './app.js';
import { lotBundlePath } from './routes-lot.js';

/** One static file of the pages. */
export interface PageFile {
  body: Uint8Array;
  /** Its Content-Type. */
  type: string;
}

/** The consumer trace page as `@suyuan/web` builds it (`tracePageAssets()` there). */
export interface PageAssets {
  /** The page's HTML; its `<!--suyuan-config-->` comment is replaced by the page's settings. */
  traceHtml: string;
  /** Files served under `/assets/{name}`; their names carry a content hash, so they are immutable. */
  files: Readonly<Record<string, PageFile>>;
}

/** What the page is asked to show: a trace code, or a lot named by GTIN and lot (GS1 Digital Link). */
export type PageTarget = { kind: 'code'; code: string } | { kind: 'lot'; gtin: string; lot: string } | { kind: 'none'; why: string };

/** The settings the hub writes into the page: what to show, and the keys it trusts (pinned by the hub's configuration). */
export interface PageConfig {
  target: PageTarget;
  /** Where the page fetches the trace excerpt bundle (same origin), when the target has one. */
  bundle?: string;
  /** The authority public keys the hub is configured with (hex): the page verifies against these. */
  trust: string[];
  /** The hub's own witness public keys (hex): cosignatures by these are "witnessed by this hub". */
  witnesses: string[];
}

const IMMUTABLE_PUBLIC = 'public, max-age=31536000, immutable';
// Scripts, styles and requests from this origin only; no inline script; never framed.
const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const CODE = { type: 'string', minLength: 1, maxLength: 256 } as const;

/**
 * The consumer trace page (issue 18): `/t/{code}` and the GS1 Digital Link paths the SDK's
 * trace codes print (`/01/{gtin}/21/{serial}`: the serial is the trace code of one sold item;
 * `/01/{gtin}/10/{lot}`: a lot, looked up in the hub's GTIN and lot index), the page's static
 * files, and `/v1/trust`, the keys this hub trusts, for anyone who wants to compare them with
 * what a regulator publishes. The page itself fetches `/v1/trace/{code}` (or, for a lot,
 * `/v1/trace-lot/{gtin}/{lot}`) and verifies it in the browser.
 */
export function pageRoutes(app: FastifyInstance, opts: HubOptions, lots: GtinLotIndex): void {
  const trust = opts.trust.map(toHex);
  const witnesses = (Array.isArray(opts.witness) ? opts.witness as readonly Signer[] : [opts.witness as Signer]).map((w) => toHex(w.publicKey));
  const pages = opts.pages;
  const gzipped = new Map(Object.entries(pages?.files ?? {}).map(([name, f]) => [name, gzipSync(f.body, { level: 9 })]));

  // An unknown code still gets the page (it says so in words), with 404 for anything that reads the status.
  const codePage = async (reply: FastifyReply, code: string) => page(reply, { kind: 'code', code }, (await opts.store.traceCode(code)).length > 0 ? 200 : 404);
  const page = (reply: FastifyReply, target: PageTarget, status = 200) => {
    if (pages === undefined) return reply.status(404).header('cache-control', 'no-store').send({ code: 'HUB_NOT_FOUND', message: 'this hub serves no pages (start it with the trace page: createHubApp({ pages }))' });
    const bundle = target.kind === 'code' ? `/v1/trace/${encodeURIComponent(target.code)}` : target.kind === 'lot' ? lotBundlePath(target.gtin, target.lot) : undefined;
    const config: PageConfig = { target, trust, witnesses, ...(bundle !== undefined ? { bundle } : {}) };
    // JSON inside a script element: `<` escaped so no value can close the element.
    const json = JSON.stringify(config).replace(/</g, '\\u003c');
    const html = pages.traceHtml.replace('<!--suyuan-config-->', () => `<script type="application/json" id="suyuan-config">${json}</script>`);
    return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache')
      .header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').send(html);
  };

  app.get<{ Params: { code: string } }>('/t/:code', { schema: { params: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: CODE } } } }, async (req, reply) => {
    return codePage(reply, req.params.code);
  });

  // GS1 Digital Link: parsed by @suyuan/interop, the one Digital Link parser of the project.
  app.get('/01/*', async (req: FastifyRequest, reply) => {
    let key: string, qualifiers: { ai: string; value: string }[];
    try {
      const dl = parseDigitalLink(`https://hub.invalid${req.url}`);
      key = dl.key.value;
      qualifiers = dl.qualifiers;
    } catch (e) {
      if (!(e instanceof InteropError)) throw e;
      return reply.status(400).header('cache-control', 'no-store').send({ code: e.code, message: e.detail });
    }
    const serial = qualifiers.find((q) => q.ai === '21')?.value;
    const lot = qualifiers.find((q) => q.ai === '10')?.value;
    if (serial !== undefined) return codePage(reply, serial);
    // A lot: 404 when no business here records it with this GTIN (the page then says it is unknown).
    if (lot !== undefined) return page(reply, { kind: 'lot', gtin: key, lot }, (await lots.lookup(key, lot)).length > 0 ? 200 : 404);
    return page(reply, { kind: 'none', why: 'product' }, 404);
  });

  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const f = pages?.files[req.params.name];
    if (f === undefined || !Object.hasOwn(pages!.files, req.params.name)) return reply.status(404).header('cache-control', 'no-store').send({ code: 'HUB_NOT_FOUND', message: 'no such file' });
    reply.header('content-type', f.type).header('cache-control', IMMUTABLE_PUBLIC).header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
    const gz = gzipped.get(req.params.name)!;
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && gz.length < f.body.length) return reply.header('content-encoding', 'gzip').send(gz);
    return reply.send(Buffer.from(f.body));
  });

  // Public: the keys this hub trusts and witnesses with. The page does not fetch these to verify
  // (it uses the keys written into it); they are for comparing with what a regulator publishes.
  app.get('/v1/trust', async (_req, reply) => reply.header('cache-control', 'no-cache').send({ authorities: trust, witnesses }));
}
