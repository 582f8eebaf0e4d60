export { FOOD_CODES, type FoodCode, type FoodFinding } from './findings.js';
export { isValidGtin, isValidGln, isValidSscc, isValidUscc, isValidLotCode } from './identifiers.js';
export { isValidDecimal, toMicro, fromMicro, normalise, isKnownUnit, UNITS, type Quantity } from './quantity.js';
export { isValidEventTime, eventTimeMs } from './time.js';
export {
  validateEvent, isFoodKind, FOOD_KINDS, STAGE, EPCIS_MAPPING,
  type FoodKind, type EventBodies, type Common, type Product, type LotLine, type ItemLine, type Location, type Party, type BizTransaction,
  type InputUse, type Harvest, type TestResult, type Certificate, type Pack, type Transform, type Ship, type Receive,
  type Sale, type CateringUse, type Disposal, type RecallNotice, type Correction,
} from './events.js';
export { LotGraph, type GraphOptions } from './graph/build.js';
export {
  LotQueries,
  type TraceStart, type TraceBack, type TraceForward, type Origin, type EndPoint, type Recall, type AffectedLot, type Step, type MassBalance,
} from './graph/queries.js';
export type { GraphLog, RecordId, LotId, Amounts, LotNode, GraphEvent } from './graph/types.js';
