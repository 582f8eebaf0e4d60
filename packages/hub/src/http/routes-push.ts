import type { FastifyInstance } from 'fastify';
import { encodeCosignature, fromHex } from '@suyuan/core';
import { HubError } from '../errors.js';
import { push, type PushContext } from '../push.js';
import { decodePushRequest } from '../push-request.js';
import type { HubMetrics } from './metrics.js';
import { sendCbor } from './reply.js';
import { logIdParams } from './schemas.js';

/** POST /v1/logs/:logId/push — no token: the checkpoint signature is the authentication. */
export function pushRoutes(app: FastifyInstance, ctx: PushContext, maxRecords: number, metrics: HubMetrics): void {
  app.post<{ Params: { logId: string } }>('/v1/logs/:logId/push', { schema: { params: logIdParams } }, async (req, reply) => {
    try {
      if (!Buffer.isBuffer(req.body)) throw new HubError('HUB_MEDIA_TYPE', 415, 'a push body is application/cbor');
      const request = decodePushRequest(new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length), maxRecords);
      const r = await push(ctx, fromHex(req.params.logId), request);
      metrics.pushes.inc({ result: r.status });
      metrics.ingested.inc(r.appended);
      req.log.info({ logId: req.params.logId, status: r.status, appended: r.appended, size: r.size }, 'push');
      return await sendCbor(reply, { status: r.status, appended: r.appended, size: r.size, ...(r.cosignature !== undefined ? { cosignature: encodeCosignature(r.cosignature) } : {}) }, 'no-store');
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      metrics.refusal(typeof code === 'string' ? code : 'HUB_INTERNAL');
      if (e instanceof HubError && e.status < 500) req.log.info({ logId: req.params.logId, code: e.code, seq: e.where.seq }, 'push refused');
      throw e;
    }
  });
}
