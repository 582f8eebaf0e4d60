export { FOOD_CODES, compareFindings, type FoodCode, type FoodFinding } from './findings.js';
export { isValidGtin, isValidGln, isValidSscc, isValidUscc, isValidLotCode } from './identifiers.js';
export { isValidDecimal, toMicro, fromMicro, normalise, isKnownUnit, UNITS, type Quantity } from './quantity.js';
export { isValidEventTime, eventTimeMs } from './time.js';
export {
  validateEvent, isFoodKind, FOOD_KINDS, STAGE, EPCIS_MAPPING,
  type FoodKind, type EventBodies, type Common, type Product, type LotLine, type ItemLine, type Location, type Party, type BizTransaction,
  type InputUse, type Harvest, type TestResult, type Certificate, type Pack, type Transform, type Ship, type Receive,
  type Sale, type CateringUse, type Disposal, type RecallNotice, type Correction,
} from './events.js';
export { checkAppend, KIND_NAMESPACES } from './check-append.js';
export { LotGraph, type LogEntry } from './graph/graph.js';
export { LotGraphBuilder } from './graph/builder.js';
export { CERTIFICATE_REQUIRED_FROM } from './graph/safety.js';
export {
  LotQueries,
  type TraceStart, type TraceBack, type TraceForward, type ForwardGap, type Origin, type EndPoint, type Recall, type AffectedLot, type Step, type MassBalance,
} from './graph/queries.js';
export type { GraphLog, GraphLogInfo, GraphOptions, RecordId, LotId, Amounts, LotNode, GraphEvent, Ledger } from './graph/types.js';
