import type { LotId, Origin, RecordId, TraceBack } from '@suyuan/food';

/**
 * Response schemas for the busiest query answers, so Fastify writes them with
 * fast-json-stringify (compiled once) instead of JSON.stringify. Each `properties` lists every
 * key of @suyuan/food's type (checked by `satisfies`): a field added there fails to type-check
 * here rather than being dropped from the answer.
 */
const str = { type: 'string' } as const;
const obj = <P extends Record<string, unknown>>(properties: P) => ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties }) as const;
const list = <I>(items: I) => ({ type: 'array', items }) as const;

const lotId = obj({ logId: str, enterprise: str, lot: str } satisfies Record<keyof LotId, unknown>);
const recordId = obj({ logId: str, seq: { type: 'integer' } } satisfies Record<keyof RecordId, unknown>);
const origin = obj({
  lot: lotId, created: list(recordId), inputs: list(recordId),
  tests: list(obj({ record: recordId, result: str })), certificates: list(recordId),
} satisfies Record<keyof Origin, unknown>);

export const traceBackReply = {
  200: obj({
    start: list(lotId), lots: list(lotId), origins: list(origin),
    tests: list(obj({ record: recordId, lot: lotId, result: str })),
    gaps: list(recordId), incomplete: { type: 'boolean' },
  } satisfies Record<keyof TraceBack, unknown>),
};
