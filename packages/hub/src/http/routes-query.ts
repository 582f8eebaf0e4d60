import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../errors.js';
import { traceStart } from '../queries.js';
import type { ReadContext } from './routes-read.js';
import { recallReply, traceBackReply, traceForwardReply } from './query-replies.js';
import { logIdParams } from './schemas.js';

const startQuery = {
  type: 'object', additionalProperties: false,
  properties: {
    traceCode: { type: 'string', minLength: 1, maxLength: 256 },
    logId: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    lot: { type: 'string', minLength: 1, maxLength: 256 },
    seq: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
} as const;

type StartQuery = { traceCode?: string; logId?: string; lot?: string; seq?: number };

/**
 * Regulators' cross-business queries, answered by @suyuan/food's LotQueries over the hub's
 * logs (JSON), from the index pushes keep (lot-index.ts). Not evidence by themselves: a regulator who must rely on an answer fetches the
 * bundle of the logs it names and verifies it.
 */
export function queryRoutes(app: FastifyInstance, ctx: ReadContext): void {
  const regulator = (req: FastifyRequest, _reply: FastifyReply, done: (e?: Error) => void) => {
    done(ctx.tokens.allows(req.headers.authorization) ? undefined : new HubError('HUB_UNAUTHORIZED', 401, 'queries need a regulator token (Authorization: Bearer …)'));
  };
  const start = (q: StartQuery) => {
    const s = traceStart(q);
    if (s === undefined) throw new HubError('HUB_BAD_REQUEST', 400, 'start from ?traceCode=, ?logId=&lot= or ?logId=&seq= (exactly one)');
    return s;
  };
  const opts = { preHandler: regulator, schema: { querystring: startQuery } };
  const json = (reply: FastifyReply, v: unknown) => reply.header('cache-control', 'no-cache').send(v);

  app.get<{ Querystring: StartQuery }>('/v1/query/trace-back', { ...opts, schema: { ...opts.schema, response: traceBackReply } }, async (req, reply) => json(reply, (await ctx.index.queries()).traceBack(start(req.query))));
  app.get<{ Querystring: StartQuery }>('/v1/query/trace-forward', { ...opts, schema: { ...opts.schema, response: traceForwardReply } }, async (req, reply) => json(reply, (await ctx.index.queries()).traceForward(start(req.query))));
  app.get<{ Querystring: StartQuery }>('/v1/query/recall', { ...opts, schema: { ...opts.schema, response: recallReply } }, async (req, reply) => json(reply, (await ctx.index.queries()).recall([start(req.query)])));
  app.get<{ Querystring: StartQuery }>('/v1/query/mass-balance', opts, async (req, reply) => {
    const { logId, lot } = req.query;
    if (logId === undefined || lot === undefined) throw new HubError('HUB_BAD_REQUEST', 400, 'mass balance of ?logId=&lot=');
    const mb = (await ctx.index.queries()).massBalance({ logId, lot });
    if (mb === undefined) throw new HubError('HUB_NOT_FOUND', 404, 'no such lot at that business');
    return json(reply, mb);
  });
  app.get<{ Params: { logId: string } }>('/v1/query/one-step-back/:logId', { preHandler: regulator, schema: { params: logIdParams } }, async (req, reply) => json(reply, (await ctx.index.queries()).oneStepBack(req.params.logId)));
  app.get<{ Params: { logId: string } }>('/v1/query/one-step-forward/:logId', { preHandler: regulator, schema: { params: logIdParams } }, async (req, reply) => json(reply, (await ctx.index.queries()).oneStepForward(req.params.logId)));
}
