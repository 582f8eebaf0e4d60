import type { FastifyInstance } from 'fastify';
import { lotBundle } from '../lot-lookup/lot-bundle.js';
import { BUNDLE_TYPE, type ReadContext } from './routes-read.js';

const lotParams = {
  type: 'object', required: ['gtin', 'lot'], additionalProperties: false,
  properties: { gtin: { type: 'string', pattern: '^[0-9]{14}$' }, lot: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

/** Where the trace page fetches a lot's excerpt. */
export const lotBundlePath = (gtin: string, lot: string): string => `/v1/trace-lot/${gtin}/${encodeURIComponent(lot)}`;

/**
 * Public: the trace excerpt of the lot a GS1 Digital Link `/01/{gtin}/10/{lot}` names, what a
 * shopper's phone verifies (issue 18). Like `/v1/trace/{code}`: that trace only, no token.
 */
export function lotRoutes(app: FastifyInstance, ctx: Pick<ReadContext, 'store' | 'trust' | 'lots'>): void {
  app.get<{ Params: { gtin: string; lot: string } }>('/v1/trace-lot/:gtin/:lot', { schema: { params: lotParams } }, async (req, reply) => {
    const bytes = await lotBundle(ctx.store, ctx.trust, ctx.lots, req.params.gtin, req.params.lot);
    return reply.header('content-type', BUNDLE_TYPE).header('cache-control', 'no-cache').send(Buffer.from(bytes));
  });
}
