/**
 * Every failure @suyuan/interop reports carries one of these codes: a closed list, stable,
 * matched by tools and tests (never the message). docs/INTEROP.md says what each means.
 */
export const INTEROP_CODES = [
  // GS1 Digital Link
  'DL_SYNTAX',
  'DL_UNKNOWN_AI',
  'DL_BAD_VALUE',
  'DL_CHECK_DIGIT',
  'DL_KEY_QUALIFIER',
  'DL_NOT_ATTRIBUTE',
  'DL_DUPLICATE_AI',
  'DL_NO_PRIMARY_KEY',
  // reading an EPCIS document
  'EPCIS_JSON',
  'EPCIS_DOCUMENT',
  // one event that cannot become a Suyuan event (import)
  'EPCIS_EVENT_SHAPE',
  'EPCIS_UNSUPPORTED',
  'EPCIS_UNMAPPED_FIELD',
  'EPCIS_INVALID_BODY',
  'EPCIS_UNRESOLVED',
  // one record that cannot become an EPCIS event (export)
  'EXPORT_NOT_FOOD',
  'EXPORT_INVALID_BODY',
  'EXPORT_UNSUPPORTED_VALUE',
  'EXPORT_CORRECTION_TARGET',
  // FSMA 204 spreadsheet
  'FSMA_ARGUMENT',
] as const;

export type InteropCode = (typeof INTEROP_CODES)[number];

export interface InteropLocation {
  /** Index of the event in the document's event list (import), counted from 0. */
  index?: number;
  /** The record concerned (export): hex log id and seq. */
  logId?: string;
  seq?: number;
  /** Path of the field inside the event or body, e.g. `quantityList[0].uom`. */
  path?: string;
  /** Character offset in the document text, where known. */
  offset?: number;
}

export class InteropError extends Error {
  override readonly name = 'InteropError';
  readonly code: InteropCode;
  readonly detail: string;
  readonly where: InteropLocation;

  constructor(code: InteropCode, detail: string, where: InteropLocation = {}) {
    const at = Object.entries(where).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v}`);
    super(`${code}: ${detail}${at.length > 0 ? ` (at ${at.join(', ')})` : ''}`);
    this.code = code;
    this.detail = detail;
    this.where = where;
  }
}

export function isInteropError(e: unknown, code?: InteropCode): e is InteropError {
  return e instanceof InteropError && (code === undefined || e.code === code);
}
