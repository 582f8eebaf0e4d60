/**
 * Food-domain finding codes: a closed list, stable, matched by tools and tests. Every
 * finding says where: the field path inside an event body, and the record (log, seq) when
 * it comes from a log.
 */
export const FOOD_CODES = [
  // one event's shape (validateEvent)
  'FOOD_UNKNOWN_KIND',
  'FOOD_MISSING_FIELD',
  'FOOD_UNKNOWN_FIELD',
  'FOOD_WRONG_TYPE',
  'FOOD_BAD_VALUE',
  'FOOD_BAD_QUANTITY',
  'FOOD_BAD_UNIT',
  'FOOD_BAD_TIME',
  'FOOD_BAD_GTIN',
  'FOOD_BAD_GLN',
  'FOOD_BAD_SSCC',
  'FOOD_BAD_USCC',
  'FOOD_BAD_LOT',
  // what may be appended at all (checkAppend)
  'FOOD_KIND_NAMESPACE',
  // rules across records (the lot graph)
  'FOOD_STAGE_ORDER',
  'FOOD_RECEIVE_WITHOUT_SHIP',
  'FOOD_RECEIVE_MISMATCH',
  'FOOD_YIELD',
  'FOOD_UNIT_MISMATCH',
  'FOOD_CORRECTION_TARGET',
  'FOOD_LOT_REDEFINED',
  'FOOD_REF_MISSING',
  'FOOD_CYCLE',
  'FOOD_OVERDRAWN',
  // food-safety rules
  'FOOD_SAFETY_INTERVAL',
  'FOOD_FAILED_TEST',
  'FOOD_NO_CERTIFICATE',
  'FOOD_AFTER_RECALL',
  'FOOD_AFTER_RECALL_UPSTREAM',
] as const;

export type FoodCode = (typeof FOOD_CODES)[number];

export interface FoodFinding {
  code: FoodCode;
  severity: 'error' | 'warning';
  message: string;
  /** Path of the field inside the event body, e.g. `items[2].quantity.value`. */
  path?: string;
  /** The record concerned: its log id (hex) and seq. */
  logId?: string;
  seq?: number;
  /** Other records that prove the finding (e.g. the sales that overdraw a lot). */
  evidence?: { logId: string; seq: number }[];
}

/**
 * The canonical order of findings: by log id, then seq (findings without a record first),
 * code, path and message. Sorting by it makes a list of findings independent of the order
 * the logs were read in.
 */
export function compareFindings(a: FoodFinding, b: FoodFinding): number {
  return cmp(a.logId ?? '', b.logId ?? '') || (a.seq ?? -1) - (b.seq ?? -1) || cmp(a.code, b.code) || cmp(a.path ?? '', b.path ?? '') || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
