import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CryptoProvider, Signer } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { TokenCheck } from '../auth.js';
import { HubError } from '../errors.js';
import type { HubStore } from '../store/hub-store.js';
import { TrustView } from '../trust.js';
import { CBOR, errorHandler } from './reply.js';
import { pushRoutes } from './routes-push.js';
import { readRoutes } from './routes-read.js';

export interface HubLimits {
  /** Largest request body, bytes. Default 32 MiB. */
  bodyBytes?: number;
  /** Most records in one push. Default 10,000. */
  recordsPerPush?: number;
  /** Most records one range read returns. Default 10,000. */
  recordsPerRead?: number;
  /** Longest a request may take, ms (Fastify's requestTimeout). Default 60 s. */
  requestMs?: number;
}

export interface HubOptions {
  store: HubStore;
  /** Authority public keys: logs whose genesis author is one of these are authority logs. */
  trust: readonly Uint8Array[];
  /** The hub's own key; it cosigns what it has checked and stored. */
  witness: Signer;
  /** Regulator bearer tokens. Without any, only public routes answer. */
  regulatorTokens?: readonly string[];
  limits?: HubLimits;
  crypto?: CryptoProvider;
  /** Fastify's logger option (pino). Default off. */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the hub's HTTP app (not listening: call `app.listen`, or `app.inject` in tests). */
export async function createHubApp(opts: HubOptions): Promise<FastifyInstance> {
  const limits = { bodyBytes: 32 << 20, recordsPerPush: 10_000, recordsPerRead: 10_000, requestMs: 60_000, ...opts.limits };
  const crypto = opts.crypto ?? nodeCrypto;
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: limits.bodyBytes, requestTimeout: limits.requestMs, return503OnClosing: true });
  const trust = new TrustView(opts.trust, opts.store);
  app.addContentTypeParser(CBOR, { parseAs: 'buffer', bodyLimit: limits.bodyBytes }, (_req, body, done) => done(null, body));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'HUB_NOT_FOUND', message: 'no such route' }));

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await opts.store.ready();
      return { ok: true, store: opts.store.kind };
    } catch (e) {
      const code = e instanceof HubError ? e.code : 'HUB_UNAVAILABLE';
      return reply.status(503).send({ code, message: 'the store is not available' });
    }
  });
  pushRoutes(app, { store: opts.store, trust, crypto, witness: opts.witness }, limits.recordsPerPush);
  readRoutes(app, { store: opts.store, trust, crypto, tokens: new TokenCheck(opts.regulatorTokens ?? []), maxRecordsPerRead: limits.recordsPerRead });
  return app;
}
