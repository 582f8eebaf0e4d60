import type { FastifyInstance } from 'fastify';
import { encodeCosignature, fromHex } from '@suyuan/core';
import { HubError } from '../errors.js';
import { push, type PushContext } from '../push.js';
import { decodePushRequest } from '../push-request.js';
import { sendCbor } from './reply.js';
import { logIdParams } from './schemas.js';

/** POST /v1/logs/:logId/push — no token: the checkpoint signature is the authentication. */
export function pushRoutes(app: FastifyInstance, ctx: PushContext, maxRecords: number): void {
  app.post<{ Params: { logId: string } }>('/v1/logs/:logId/push', { schema: { params: logIdParams } }, async (req, reply) => {
    if (!Buffer.isBuffer(req.body)) throw new HubError('HUB_MEDIA_TYPE', 415, 'a push body is application/cbor');
    const request = decodePushRequest(new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length), maxRecords);
    const r = await push(ctx, fromHex(req.params.logId), request);
    req.log.info({ logId: req.params.logId, status: r.status, appended: r.appended, size: r.size }, 'push');
    return sendCbor(reply, { status: r.status, appended: r.appended, size: r.size, cosignature: encodeCosignature(r.cosignature) }, 'no-store');
  });
}
