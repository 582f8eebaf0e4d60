import type { FoodCode, FoodFinding } from '@suyuan/food';

/**
 * Codes of the failures the SDK itself reports. The list is closed and the codes are stable:
 * match on them, never on messages. Errors of the layers below pass through unchanged
 * (`SuyuanError` from core and store: `STORE_LOCKED`, `KEY_FILE`, …).
 */
export const SDK_CODES = [
  /** The ledger was closed; open it again. */
  'LEDGER_CLOSED',
  /** `Ledger.open` was given options that cannot work together (`path` names the option). */
  'LEDGER_OPTIONS',
  /** The ledger exists but belongs to another enterprise than the one given. */
  'LEDGER_ENTERPRISE_MISMATCH',
  /** The ledger exists but its key file is missing (a new key would be a different author). */
  'LEDGER_KEY_MISSING',
  /** `authority.*` records (enrolments, revocations) go only into an authority's ledger (`Ledger.open({ authority: true })`). */
  'LEDGER_NOT_AUTHORITY',
  /** An enrolment that repeats the key's current one exactly (key, enterprise, name, roles, validity): nothing new to record. */
  'ENROL_DUPLICATE',
  /** An authority's ledger enrolling its own key as a member: an authority is trusted by its key, not enrolled. */
  'ENROL_OWN_KEY',
  /** A key file is never replaced: the file named exists (or appeared while the pair was written). */
  'KEY_EXISTS',
  /** A shipment reference string is not one this SDK wrote (bad prefix, characters or length). */
  'REF_FORMAT',
  /** A shipment reference string's check characters do not match: a typo or a damaged scan. */
  'REF_CHECK',
  /** A receive names no shipment reference. */
  'RECEIVE_WITHOUT_SHIPMENT',
  /** No record of this ledger carries the trace code. */
  'TRACE_CODE_UNKNOWN',
  /** No record of this ledger names the lot. */
  'LOT_UNKNOWN',
  /** A trace code's URI cannot be formed: no GTIN and no hub configured. */
  'TRACE_CODE_NO_URI',
  /** A trace code URI that is neither a GS1 Digital Link with (01) and (10) nor a hub `/t/` URL. */
  'TRACE_URI_FORMAT',
  /** The export target already exists; nothing is overwritten. */
  'EXPORT_EXISTS',
  /** `push` was given something that is not a hub's http:// or https:// URL. */
  'PUSH_URL',
  /** The bundle could not be written (no such directory, no space, no permission); nothing is left behind. */
  'EXPORT_IO',
] as const;

/** A code of the SDK's own. */
export type SdkCode = (typeof SDK_CODES)[number];

/** Every code an `SdkError` may carry: the SDK's own, or a food validation code for a bad event. */
export type SdkErrorCode = SdkCode | FoodCode;

/** Where an SDK error happened, as far as known. */
export interface SdkErrorLocation {
  /** The field concerned, e.g. `quantity.value` in an event, or an option's name. */
  path?: string;
  /** Position of the event in an `appendBatch` call. */
  index?: number;
  /** A file concerned (export target, key file). */
  file?: string;
}

/**
 * The SDK's error: a stable `code` and where. A rejected event carries every problem found
 * in `problems` (each with its food code and field path); `code` and `path` are the first's.
 */
export class SdkError extends Error {
  override readonly name = 'SdkError';
  /** The stable code: an `SdkCode`, or a `FoodCode` for an event that failed validation. */
  readonly code: SdkErrorCode;
  /** The field concerned. */
  readonly path: string | undefined;
  /** The position in a batch. */
  readonly index: number | undefined;
  /** The file concerned. */
  readonly file: string | undefined;
  /** Every problem with a rejected event (empty for other errors). */
  readonly problems: readonly FoodFinding[];
  /** The message without code and location. */
  readonly detail: string;

  constructor(code: SdkErrorCode, detail: string, where: SdkErrorLocation = {}, problems: readonly FoodFinding[] = []) {
    const at = [where.index !== undefined ? `event ${where.index}` : '', where.path ?? '', where.file ?? ''].filter((s) => s !== '');
    super(`${code}: ${detail}${at.length > 0 ? ` (at ${at.join(', ')})` : ''}`);
    this.code = code;
    this.detail = detail;
    this.path = where.path;
    this.index = where.index;
    this.file = where.file;
    this.problems = problems;
  }
}

/** True if `e` is an `SdkError` (with `code`, when given). */
export function isSdkError(e: unknown, code?: SdkErrorCode): e is SdkError {
  return e instanceof SdkError && (code === undefined || e.code === code);
}
