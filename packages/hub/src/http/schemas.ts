/** JSON Schemas for route parameters: Fastify refuses anything else with 400 before a handler runs. */
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

export const logIdParams = { type: 'object', required: ['logId'], additionalProperties: false, properties: { logId: hex64 } } as const;
export const rangeParams = { type: 'object', required: ['logId', 'from', 'to'], additionalProperties: false, properties: { logId: hex64, from: uint, to: uint } } as const;
export const inclusionParams = { type: 'object', required: ['logId', 'seq', 'size'], additionalProperties: false, properties: { logId: hex64, seq: uint, size: uint } } as const;
export const consistencyParams = { type: 'object', required: ['logId', 'first', 'second'], additionalProperties: false, properties: { logId: hex64, first: uint, second: uint } } as const;
export const bundleQuery = {
  type: 'object', required: ['log'], additionalProperties: false,
  properties: { log: { type: 'array', items: hex64, minItems: 1, maxItems: 1000 } },
} as const;
export const traceParams = { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 256 } } } as const;
