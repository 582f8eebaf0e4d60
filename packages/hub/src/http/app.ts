import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CryptoProvider, Signer } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { TokenCheck } from '../auth.js';
import { HubError } from '../errors.js';
import { LotIndex } from '../lot-index/lot-index.js';
import { GtinLotIndex } from '../lot-lookup/gtin-lots.js';
import type { HubStore } from '../store/hub-store.js';
import { TrustView } from '../trust.js';
import { ClusterMetrics } from './cluster-metrics.js';
import { HubMetrics } from './metrics.js';
import { CBOR, errorHandler } from './reply.js';
import { lotRoutes } from './routes-lot.js';
import { pageRoutes, type PageAssets } from './routes-pages.js';
import { pushRoutes } from './routes-push.js';
import { queryRoutes } from './routes-query.js';
import { readRoutes } from './routes-read.js';
import { tileRoutes } from './routes-tiles.js';

export interface HubLimits {
  /** Largest request body, bytes. Default 32 MiB. */
  bodyBytes?: number;
  /** Most records in one push. Default 10,000. */
  recordsPerPush?: number;
  /** Most records one range read returns. Default 10,000. */
  recordsPerRead?: number;
  /** Longest a request may take, ms (Fastify's requestTimeout). Default 60 s. */
  requestMs?: number;
  /** Requests per minute per client address (health, readiness and metrics exempt). Default 3,000. */
  ratePerMinute?: number;
}

export interface HubOptions {
  store: HubStore;
  /** Authority public keys: logs whose genesis author is one of these are authority logs. */
  trust: readonly Uint8Array[];
  /** The hub's own key (or one per suite: an Ed25519 and an SM2 key); it cosigns what it has checked and stored. */
  witness: Signer | readonly Signer[];
  /** Regulator bearer tokens. Without any, only public routes answer. */
  regulatorTokens?: readonly string[];
  limits?: HubLimits;
  crypto?: CryptoProvider;
  /** Fastify's logger option (pino). Default off. */
  logger?: FastifyServerOptions['logger'];
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for rate limits and logs). */
  trustProxy?: boolean;
  /** The consumer trace page (`tracePageAssets()` of `@suyuan/web`). Without it, the page routes answer 404. */
  pages?: PageAssets;
  /**
   * This app is one of several hub processes started by node:cluster on one database: `/metrics`
   * then answers for the whole hub, collected from every worker by the primary (which must call
   * `answerClusterMetrics()`). Rate limits stay per process.
   */
  clusterWorker?: boolean;
}

/** Builds the hub's HTTP app (not listening: call `app.listen`, or `app.inject` in tests). */
export async function createHubApp(opts: HubOptions): Promise<FastifyInstance> {
  const limits = { bodyBytes: 32 << 20, recordsPerPush: 10_000, recordsPerRead: 10_000, requestMs: 60_000, ratePerMinute: 3_000, ...opts.limits };
  const crypto = opts.crypto ?? nodeCrypto;
  const app = Fastify({
    logger: opts.logger ?? false, bodyLimit: limits.bodyBytes, requestTimeout: limits.requestMs, return503OnClosing: true,
    trustProxy: opts.trustProxy ?? false,
    // Node enforces requestTimeout only when it sweeps its connections (every 30 s by default):
    // sweep often enough that a slow body is cut near its limit (408), not up to 30 s later.
    http: { connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.requestMs / 4)), headersTimeout: Math.min(60_000, limits.requestMs) },
  });
  const trust = new TrustView(opts.trust, opts.store);
  const tokens = new TokenCheck(opts.regulatorTokens ?? []);
  const metrics = new HubMetrics();
  const cluster = opts.clusterWorker === true ? new ClusterMetrics(metrics.registry) : undefined;
  await app.register(rateLimit, {
    max: limits.ratePerMinute, timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => new HubError('HUB_RATE_LIMITED', 429, `more than ${ctx.max} requests a minute from this address; retry in ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  // While closing, answers in flight end their connection, so a graceful close does not wait
  // for clients' keep-alive timeouts.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  // Callback-style hooks on every request: no promise each (they run per query).
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route, method: req.method }, reply.elapsedTime / 1000);
    done();
  });
  app.addContentTypeParser(CBOR, { parseAs: 'buffer', bodyLimit: limits.bodyBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'HUB_NOT_FOUND', message: 'no such route' }));

  const exempt = { config: { rateLimit: false } } as const;
  app.get('/healthz', exempt, async () => ({ ok: true }));
  app.get('/metrics', exempt, async (req, reply) => {
    if (!tokens.allows(req.headers.authorization)) throw new HubError('HUB_UNAUTHORIZED', 401, 'metrics need a regulator token');
    return reply.header('content-type', metrics.registry.contentType).send(cluster !== undefined ? await cluster.text() : await metrics.registry.metrics());
  });
  app.get('/readyz', exempt, async (_req, reply) => {
    try {
      await opts.store.ready();
      return { ok: true, store: opts.store.kind };
    } catch (e) {
      const code = e instanceof HubError ? e.code : 'HUB_UNAVAILABLE';
      return reply.status(503).send({ code, message: 'the store is not available' });
    }
  });
  // One trust view for the whole hub: pushes, reads, queries and the lot lookup.
  const index = new LotIndex(opts.store, trust);
  const lots = new GtinLotIndex(opts.store, trust);
  const witnesses = Array.isArray(opts.witness) ? opts.witness : [opts.witness as Signer];
  pushRoutes(app, { store: opts.store, trust, crypto, witnesses, onStored: (log, from, records, kinds) => index.stored(log, from, records, kinds) }, limits.recordsPerPush, metrics);
  const reads = { store: opts.store, trust, crypto, tokens, index, lots, maxRecordsPerRead: limits.recordsPerRead };
  readRoutes(app, reads);
  tileRoutes(app, reads);
  queryRoutes(app, reads);
  lotRoutes(app, reads);
  pageRoutes(app, opts, lots);
  return app;
}
