import type { AffectedLot, EndPoint, ForwardGap, LotId, Origin, Recall, RecordId, TraceBack, TraceForward } from '@suyuan/food';

/**
 * Response schemas for the busiest query answers, so Fastify writes them with
 * fast-json-stringify (compiled once) instead of JSON.stringify. Each `properties` lists every
 * key of @suyuan/food's type (checked by `satisfies`): a field added there fails to type-check
 * here rather than being dropped from the answer.
 */
const str = { type: 'string' } as const;
const obj = <P extends Record<string, unknown>>(properties: P) => ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties }) as const;
/**
 * An object whose keys may be absent (undefined), left out as JSON.stringify leaves them out.
 * All or none: fast-json-stringify writes required keys before optional ones, which would
 * change the order of keys.
 */
const loose = <P extends Record<string, unknown>>(properties: P) => ({ type: 'object', additionalProperties: false, properties }) as const;
const list = <I>(items: I) => ({ type: 'array', items }) as const;

const lotId = obj({ logId: str, enterprise: str, lot: str } satisfies Record<keyof LotId, unknown>);
const int = { type: 'integer' } as const;
const recordId = obj({ logId: str, seq: int } satisfies Record<keyof RecordId, unknown>);
/** Quantities by dimension (`Amounts`): any keys, each a decimal string. */
const amounts = { type: 'object', additionalProperties: str } as const;
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

const endPoint = {
  lot: lotId, in: amounts, sold: amounts, catered: amounts, disposed: amounts, onHand: amounts,
} satisfies Record<keyof EndPoint, unknown>;
// Loose: food asserts a gap's `quantity` is there (`lineQuantity(l)!`); should one ever be
// missing, the answer leaves it out as before instead of failing.
const forwardGap = loose({
  ship: recordId, lot: lotId, quantity: obj({ value: str, unit: str }), destination: str, reason: str,
} satisfies Record<keyof ForwardGap, unknown>);

export const traceForwardReply = {
  200: obj({
    start: list(lotId), lots: list(lotId), endpoints: list(obj(endPoint)),
    gaps: list(forwardGap), incomplete: { type: 'boolean' }, gapCount: int,
  } satisfies Record<keyof TraceForward, unknown>),
};

const amountsBy = obj({ onHand: amounts, sold: amounts, catered: amounts, inGaps: amounts } satisfies Record<keyof Recall['totals'], unknown>);

export const recallReply = {
  200: obj({
    start: list(lotId),
    affected: list(obj({ ...endPoint, shipped: amounts, used: amounts } satisfies Record<keyof AffectedLot, unknown>)),
    businesses: list(obj({
      enterprise: str, logId: str, lots: int, onHand: amounts, sold: amounts, catered: amounts,
    } satisfies Record<keyof Recall['businesses'][number], unknown>)),
    totals: amountsBy,
    gaps: list(forwardGap), incomplete: { type: 'boolean' }, gapCount: int,
  } satisfies Record<keyof Recall, unknown>),
};
