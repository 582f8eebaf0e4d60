import { BIZ_STEPS, BIZ_TRANSACTION_TYPES, DISPOSITIONS, ERROR_REASONS, SOURCE_DEST_TYPES } from '../hash/vocabulary.js';

/**
 * A JSON Schema (draft-07) of exactly the EPCIS 2.0 subset Suyuan writes, stated by us from
 * the EPCIS 2.0 and CBV 2.0 standards (GS1's own schema carries no licence to redistribute;
 * docs/INTEROP.md says how to validate against it). Stricter than GS1's where we know what we
 * write: extension keys are `suyuan:` ones, eventID is always an Event Hash ID.
 */
const uri = { type: 'string', format: 'uri' };
const time = { type: 'string', format: 'date-time' };
const suyuanKeys = { propertyNames: { pattern: '^suyuan:[A-Za-z$][A-Za-z0-9_$-]*$' } };
const quantityElement = {
  type: 'object', required: ['epcClass'], additionalProperties: false,
  properties: { epcClass: uri, quantity: { type: 'number', exclusiveMinimum: 0 }, uom: { type: 'string', pattern: '^[A-Z0-9]{2,3}$' } },
};
const quantityList = { type: 'array', minItems: 1, items: quantityElement };
const place = { type: 'object', required: ['id'], properties: { id: uri }, additionalProperties: false };
const typed = (role: string, types: string[]) => ({
  type: 'array', minItems: 1,
  items: { type: 'object', required: ['type', role], additionalProperties: false, properties: { type: { enum: types }, [role]: uri } },
});
const ref = {
  type: 'object', required: ['suyuan:log', 'suyuan:seq', 'suyuan:leaf'], additionalProperties: false,
  properties: { 'suyuan:log': { type: 'string', pattern: '^[0-9a-f]{64}$' }, 'suyuan:seq': { type: 'integer', minimum: 0 }, 'suyuan:leaf': { type: 'string', pattern: '^[0-9a-f]{64}$' } },
};
/** The business, and where the record sits when it is in a log (all three or none). */
const position = {
  type: 'object', required: ['suyuan:enterprise'], additionalProperties: false,
  dependencies: { 'suyuan:log': ['suyuan:seq', 'suyuan:leaf'], 'suyuan:seq': ['suyuan:log', 'suyuan:leaf'], 'suyuan:leaf': ['suyuan:log', 'suyuan:seq'] },
  properties: {
    'suyuan:log': { type: 'string', pattern: '^[0-9a-f]{64}$' }, 'suyuan:seq': { type: 'integer', minimum: 0 },
    'suyuan:leaf': { type: 'string', pattern: '^[0-9a-f]{64}$' }, 'suyuan:enterprise': { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
  },
};
const suyuanBizStep = { type: 'string', pattern: '^suyuan:BizStep-[a-z_]+$' };

const common = {
  type: { enum: ['ObjectEvent', 'AggregationEvent', 'TransformationEvent'] },
  eventID: { type: 'string', pattern: '^ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0$' },
  eventTime: time,
  recordTime: time,
  eventTimeZoneOffset: { type: 'string', pattern: '^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$' },
  certificationInfo: uri,
  bizStep: { anyOf: [{ enum: BIZ_STEPS }, suyuanBizStep] },
  disposition: { enum: DISPOSITIONS },
  readPoint: place,
  bizLocation: place,
  bizTransactionList: typed('bizTransaction', BIZ_TRANSACTION_TYPES),
  sourceList: typed('source', SOURCE_DEST_TYPES),
  destinationList: typed('destination', SOURCE_DEST_TYPES),
  errorDeclaration: {
    type: 'object', required: ['declarationTime', 'reason'],
    properties: { declarationTime: time, reason: { enum: ERROR_REASONS }, 'suyuan:detail': { type: 'object', ...suyuanKeys }, 'suyuan:ext': { type: 'string' }, 'suyuan:record': position },
    additionalProperties: false,
  },
  'suyuan:detail': { type: 'object', ...suyuanKeys },
  'suyuan:ext': { type: 'string', contentMediaType: 'application/json' },
  'suyuan:record': position,
  'suyuan:refs': { type: 'array', minItems: 1, items: ref },
};
const commonRequired = ['type', 'eventID', 'eventTime', 'eventTimeZoneOffset', 'bizStep'];

const objectEvent = {
  type: 'object', required: [...commonRequired, 'action'], additionalProperties: false,
  properties: {
    ...common, type: { const: 'ObjectEvent' }, action: { enum: ['OBSERVE', 'ADD'] },
    epcList: { type: 'array', minItems: 1, uniqueItems: true, items: uri }, quantityList,
    ilmd: { type: 'object', ...suyuanKeys, propertyNames: { ...suyuanKeys.propertyNames, format: 'uri' } },
  },
  anyOf: [{ required: ['epcList'] }, { required: ['quantityList'] }],
  // ILMD only when something comes into being (action ADD)
  if: { required: ['ilmd'] }, then: { properties: { action: { const: 'ADD' } } },
};
const aggregationEvent = {
  type: 'object', required: [...commonRequired, 'action', 'parentID', 'childQuantityList'], additionalProperties: false,
  properties: { ...common, type: { const: 'AggregationEvent' }, action: { const: 'ADD' }, parentID: uri, childQuantityList: quantityList },
};
const transformationEvent = {
  type: 'object', required: [...commonRequired, 'inputQuantityList', 'outputQuantityList'], additionalProperties: false,
  properties: { ...common, type: { const: 'TransformationEvent' }, inputQuantityList: quantityList, outputQuantityList: quantityList },
};

export const EPCIS_EXPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ns.suyuan.dev/epcis/export-schema.json',
  title: 'EPCIS 2.0 JSON-LD documents as Suyuan writes them',
  type: 'object',
  required: ['@context', 'type', 'schemaVersion', 'creationDate', 'epcisBody'],
  additionalProperties: false,
  properties: {
    '@context': {
      type: 'array', minItems: 2, maxItems: 2,
      items: [{ const: 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld' }, { type: 'object', required: ['suyuan'], properties: { suyuan: uri } }],
    },
    type: { const: 'EPCISDocument' },
    schemaVersion: { const: '2.0' },
    creationDate: time,
    epcisBody: {
      type: 'object', required: ['eventList'], additionalProperties: false,
      properties: { eventList: { type: 'array', items: { oneOf: [objectEvent, aggregationEvent, transformationEvent] } } },
    },
  },
} as const;
