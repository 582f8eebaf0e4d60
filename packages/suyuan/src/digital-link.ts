/**
 * The trace code URIs the SDK prints: a GS1 Digital Link URI with GTIN (01) and batch/lot
 * (10), or the hub's `/t/{code}` URL where there is no GTIN.
 *
 * TEMPORARY: GS1 Digital Link parsing and formatting belong in @suyuan/interop, which has them
 * now (`productLink`, `parseDigitalLink`), but its only entry loads exceljs (FSMA spreadsheets)
 * on import, which a till should not pay for. Once interop has an entry for Digital Link alone,
 * this file becomes calls to it; nothing else in the SDK knows the URI syntax.
 */
import { isValidGtin, isValidLotCode } from '@suyuan/food';
import { SdkError } from './errors.js';

/** What a trace code URI names. */
export type TraceTarget =
  | { kind: 'gtin-lot'; host: string; gtin: string; lot: string }
  | { kind: 'hub'; host: string; code: string };

// RFC 3986 unreserved characters stay; everything else of the lot (GS1 CSET 82) is percent-encoded.
const encodeSegment = (s: string) => s.replace(/[^A-Za-z0-9\-._~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a code fits a hub's `/t/{code}` URL: 1–64 letters, digits, - and _. */
export function isUriTraceCode(code: string): boolean {
  return CODE.test(code);
}

/** Checks a host name (with an optional port) given as a resolver or hub. */
export function isValidHost(host: string): boolean {
  return HOST.test(host) && !host.startsWith('.') && !host.endsWith('.');
}

/**
 * `https://{host}/01/{gtin-14}/10/{lot}` (GTIN-8, -12 and -13 zero-padded to 14 digits, as
 * GS1 Digital Link's canonical form has them) or `https://{host}/t/{code}`.
 */
export function formatTraceUri(t: TraceTarget): string {
  if (!isValidHost(t.host)) throw new SdkError('LEDGER_OPTIONS', `${JSON.stringify(t.host)} is not a host name`, { path: t.kind === 'hub' ? 'hub' : 'resolver' });
  if (t.kind === 'hub') {
    if (!CODE.test(t.code)) throw new SdkError('TRACE_URI_FORMAT', 'a trace code is 1–64 letters, digits, - and _', { path: 'code' });
    return `https://${t.host}/t/${t.code}`;
  }
  if (!isValidGtin(t.gtin)) throw new SdkError('FOOD_BAD_GTIN', `${JSON.stringify(t.gtin)} is not a GTIN`, { path: 'gtin' });
  if (!isValidLotCode(t.lot)) throw new SdkError('FOOD_BAD_LOT', `${JSON.stringify(t.lot)} is not a lot code`, { path: 'lot' });
  return `https://${t.host}/01/${t.gtin.padStart(14, '0')}/10/${encodeSegment(t.lot)}`;
}

/** Reads a URI `formatTraceUri` writes; anything else is `TRACE_URI_FORMAT`. */
export function parseTraceUri(uri: string): TraceTarget {
  const bad = (why: string) => new SdkError('TRACE_URI_FORMAT', why, { path: 'uri' });
  const m = /^https:\/\/([^/?#]+)(\/[^?#]*)$/.exec(uri);
  if (m === null || !isValidHost(m[1]!)) throw bad('not an https URL with a host and a path (and no query or fragment)');
  const host = m[1]!;
  const parts = m[2]!.split('/').slice(1);
  if (parts.length === 2 && parts[0] === 't') {
    if (!CODE.test(parts[1]!)) throw bad('a /t/ URL ends in a trace code of letters, digits, - and _');
    return { kind: 'hub', host, code: parts[1]! };
  }
  if (parts.length === 4 && parts[0] === '01' && parts[2] === '10') {
    const gtin = parts[1]!;
    if (!/^\d{14}$/.test(gtin) || !isValidGtin(gtin)) throw bad('(01) needs a 14-digit GTIN with its check digit');
    let lot: string;
    try {
      lot = decodeURIComponent(parts[3]!);
    } catch {
      throw bad('the lot is not properly percent-encoded');
    }
    if (!isValidLotCode(lot) || encodeSegment(lot) !== parts[3]) throw bad('(10) needs a lot code of GS1 CSET 82, percent-encoded where RFC 3986 requires');
    return { kind: 'gtin-lot', host, gtin, lot };
  }
  throw bad('neither /01/{gtin}/10/{lot} nor /t/{code}');
}
