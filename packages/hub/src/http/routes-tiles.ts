import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromHex, suiteCrypto } from '@suyuan/core';
import { HubError } from '../errors.js';
import { TILE_WIDTH, parseTilePath, tileHashes, tileLeaves } from '../tiles.js';
import { IMMUTABLE } from './reply.js';
import type { ReadContext } from './routes-read.js';

const hex64 = /^[0-9a-f]{64}$/;

/**
 * Tiles after C2SP tlog-tiles: `GET /v1/logs/{logId}/tile/{L}/{N}[.p/{W}]` (hashes) and
 * `/tile/entries/{N}[.p/{W}]` (records). A full tile never changes once the log reaches it
 * (the hub stores one history), so it is immutable and any cache may keep it for good; a
 * partial tile is superseded by the full one, so it is revalidated (`no-cache`). Tiles past
 * the stored tree are 404, as the model wants, so clients fall back to a narrower one.
 */
export function tileRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const regulator = async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!ctx.tokens.allows(req.headers.authorization)) throw new HubError('HUB_UNAUTHORIZED', 401, 'tiles need a regulator token (Authorization: Bearer …)');
  };
  app.get<{ Params: { logId: string; '*': string } }>('/v1/logs/:logId/tile/*', { preHandler: regulator }, async (req, reply) => {
    if (!hex64.test(req.params.logId)) throw new HubError('HUB_BAD_REQUEST', 400, 'a log id is 64 lower-case hex digits');
    const tile = parseTilePath(req.params['*']);
    const log = await ctx.store.log(fromHex(req.params.logId));
    if (log === undefined) throw new HubError('HUB_UNKNOWN_LOG', 404, 'no such log on this hub');
    const { first, end } = tileLeaves(tile);
    if (end > log.size) throw new HubError('HUB_NOT_FOUND', 404, `the tile spans leaves [${first}, ${end}); ${log.size} are stored`);
    const cache = tile.width === TILE_WIDTH ? IMMUTABLE : 'no-cache';
    if (tile.kind === 'entries') {
      // A CBOR sequence (RFC 8742): each record is one self-delimiting CBOR item.
      const records = await ctx.store.records(log.logId, first, end);
      return reply.header('content-type', 'application/cbor-seq').header('cache-control', cache).send(Buffer.concat(records));
    }
    const hashes = await tileHashes(suiteCrypto(log.suite, ctx.crypto), tile, (from, to) => ctx.store.leafHashes(log.logId, from, to));
    return reply.header('content-type', 'application/octet-stream').header('cache-control', cache).send(Buffer.from(hashes));
  });
}
