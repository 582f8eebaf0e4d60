import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SuyuanError, encode, type CborValue } from '@suyuan/core';
import { HubError } from '../errors.js';

export const CBOR = 'application/cbor';
/** Responses that never change for their URL: a stored history is never rewritten. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';

export function sendCbor(reply: FastifyReply, value: CborValue, cache = 'no-cache'): FastifyReply {
  return reply.header('content-type', CBOR).header('cache-control', cache).send(Buffer.from(encode(value)));
}

/** Every refusal is JSON { code, message, seq?, path? } with a stable code. */
export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  const body = (status: number, code: string, message: string, where: { seq?: number; path?: string } = {}) => {
    void reply.status(status).header('cache-control', 'no-store').send({ code, message, ...where });
  };
  if (err instanceof HubError) return body(err.status, err.code, err.detail, err.where);
  if (err instanceof SuyuanError) return body(400, err.code, err.detail, { ...(err.seq !== undefined ? { seq: err.seq } : {}), ...(err.path !== undefined ? { path: err.path } : {}) });
  const f = err as FastifyError;
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return body(413, 'HUB_TOO_LARGE', f.message);
  if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || f.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return body(415, 'HUB_MEDIA_TYPE', f.message);
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) return body(f.statusCode, 'HUB_BAD_REQUEST', f.message);
  req.log.error({ err }, 'internal error');
  body(500, 'HUB_INTERNAL', 'internal error');
}
