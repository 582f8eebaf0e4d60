import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MerkleTree, bytesEqual, encodeCheckpoint, encodeCosignature, fromHex, suiteCrypto, toHex, type CryptoProvider } from '@suyuan/core';
import { logsBundle, traceBundle } from '../bundles.js';
import { HubError } from '../errors.js';
import type { HubStore, StoredLog } from '../store/hub-store.js';
import type { TrustView } from '../trust.js';
import type { TokenCheck } from '../auth.js';
import type { LotIndex } from '../lot-index/lot-index.js';
import type { GtinLotIndex } from '../lot-lookup/gtin-lots.js';
import { IMMUTABLE, sendCbor } from './reply.js';
import { bundleQuery, consistencyParams, inclusionParams, logIdParams, rangeParams, traceParams } from './schemas.js';

export const BUNDLE_TYPE = 'application/vnd.suyuan.bundle';

export interface ReadContext {
  store: HubStore;
  trust: TrustView;
  crypto: CryptoProvider;
  tokens: TokenCheck;
  /** The query index (kept as pushes store records). */
  index: LotIndex;
  /** The GS1 Digital Link lots (GTIN and lot) the hub's business logs record, for public lot lookups. */
  lots: GtinLotIndex;
  /** Most records one range read returns. */
  maxRecordsPerRead: number;
}

/**
 * Reads for verifiers, modelled on C2SP tlog-tiles: every response whose URL names fixed
 * positions (records [from, to), a proof between given sizes) is immutable and cacheable,
 * since the hub never stores a second history; only "the latest checkpoint" changes.
 */
export function readRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const { store } = ctx;
  const regulator = async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!ctx.tokens.allows(req.headers.authorization)) throw new HubError('HUB_UNAUTHORIZED', 401, 'this read needs a regulator token (Authorization: Bearer …)');
  };
  const known = async (hex: string) => {
    const log = await store.log(fromHex(hex));
    if (log === undefined) throw new HubError('HUB_UNKNOWN_LOG', 404, 'no such log on this hub');
    return log;
  };
  const tree = async (log: StoredLog, size: number) => {
    const t = new MerkleTree(suiteCrypto(log.suite, ctx.crypto));
    for (let i = 0; i < size; i += 10_000) for (const h of await store.leafHashes(log.logId, i, Math.min(size, i + 10_000))) t.append(h);
    return t;
  };

  // Public: a signed tree head carries no food data, and a pushing business needs it to resume.
  app.get<{ Params: { logId: string } }>('/v1/logs/:logId/checkpoint', { schema: { params: logIdParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    const cp = (await store.checkpoints(log.logId)).filter((c) => c.size === log.size).sort((a, b) => b.time - a.time)[0]!;
    const cosignatures = (await store.cosignatures(log.logId)).filter((c) => c.size === cp.size && bytesEqual(c.root, cp.root));
    return sendCbor(reply, { checkpoint: encodeCheckpoint(cp), cosignatures: cosignatures.map(encodeCosignature) });
  });

  app.get('/v1/logs', { preHandler: regulator }, async (_req, reply) => {
    const logs = await store.logs();
    return reply.header('cache-control', 'no-cache').send(logs.map((l) => ({
      logId: toHex(l.logId), author: toHex(l.author), enterprise: l.enterprise, size: l.size, authority: ctx.trust.isAuthority(l),
    })));
  });

  app.get<{ Params: { logId: string } }>('/v1/logs/:logId/checkpoints', { preHandler: regulator, schema: { params: logIdParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    return sendCbor(reply, {
      checkpoints: (await store.checkpoints(log.logId)).map(encodeCheckpoint),
      cosignatures: (await store.cosignatures(log.logId)).map(encodeCosignature),
    });
  });

  app.get<{ Params: { logId: string; from: number; to: number } }>('/v1/logs/:logId/records/:from/:to', { preHandler: regulator, schema: { params: rangeParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    const { from, to } = req.params;
    if (to <= from || to > log.size) throw new HubError('HUB_RANGE', 416, `[${from}, ${to}) is not a non-empty range within the ${log.size} records stored`);
    if (to - from > ctx.maxRecordsPerRead) throw new HubError('HUB_RANGE', 416, `at most ${ctx.maxRecordsPerRead} records per read`);
    const records = await store.records(log.logId, from, to);
    // A CBOR sequence (RFC 8742): the records' own bytes, one after another.
    return reply.header('content-type', 'application/cbor-seq').header('cache-control', IMMUTABLE).send(Buffer.concat(records));
  });

  app.get<{ Params: { logId: string; seq: number; size: number } }>('/v1/logs/:logId/proof/inclusion/:seq/:size', { preHandler: regulator, schema: { params: inclusionParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    const { seq, size } = req.params;
    if (seq >= size || size > log.size) throw new HubError('HUB_RANGE', 416, `seq ${seq} in a tree of ${size} (${log.size} stored)`);
    const t = await tree(log, size);
    return sendCbor(reply, { leafHash: t.leafHash(seq), proof: t.inclusionProof(seq, size) }, IMMUTABLE);
  });

  app.get<{ Params: { logId: string; first: number; second: number } }>('/v1/logs/:logId/proof/consistency/:first/:second', { preHandler: regulator, schema: { params: consistencyParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    const { first, second } = req.params;
    if (first < 1 || first > second || second > log.size) throw new HubError('HUB_RANGE', 416, `sizes ${first} → ${second} (${log.size} stored)`);
    const t = await tree(log, second);
    return sendCbor(reply, { proof: t.consistencyProof(first, second) }, IMMUTABLE);
  });

  app.get<{ Params: { logId: string } }>('/v1/logs/:logId/evidence', { preHandler: regulator, schema: { params: logIdParams } }, async (req, reply) => {
    const log = await known(req.params.logId);
    return sendCbor(reply, { evidence: await store.evidence(log.logId) });
  });

  app.get<{ Querystring: { log: string[] } }>('/v1/bundle', { preHandler: regulator, schema: { querystring: bundleQuery } }, async (req, reply) => {
    const bytes = await logsBundle(store, ctx.trust, req.query.log.map(fromHex));
    return reply.header('content-type', BUNDLE_TYPE).header('cache-control', 'no-cache').send(Buffer.from(bytes));
  });

  // Public: one trace code's excerpt, what a consumer's phone verifies.
  app.get<{ Params: { code: string } }>('/v1/trace/:code', { schema: { params: traceParams } }, async (req, reply) => {
    const bytes = await traceBundle(store, ctx.trust, req.params.code);
    return reply.header('content-type', BUNDLE_TYPE).header('cache-control', 'no-cache').send(Buffer.from(bytes));
  });
}
