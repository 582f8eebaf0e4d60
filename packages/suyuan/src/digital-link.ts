/**
 * The trace code URIs the SDK prints: a GS1 Digital Link URI with GTIN (01) and batch/lot
 * (10), or the hub's `/t/{code}` URL where there is no GTIN. The Digital Link syntax itself
 * lives once, in @suyuan/interop (`productLink`, `parseDigitalLink`); this file only says
 * which of its URIs are trace codes, in the SDK's error codes.
 */
import { isValidGtin, isValidLotCode } from '@suyuan/food';
import { isInteropError, parseDigitalLink, productLink } from '@suyuan/interop';
import { SdkError } from './errors.js';

/** What a trace code URI names. */
export type TraceTarget =
  | { kind: 'gtin-lot'; host: string; gtin: string; lot: string }
  | { kind: 'hub'; host: string; code: string };

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
  return productLink({ gtin: t.gtin, lot: t.lot, resolver: `https://${t.host}` });
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
  let link;
  try {
    link = parseDigitalLink(uri);
  } catch (e) {
    if (isInteropError(e)) throw bad(`not a GS1 Digital Link: ${e.message}`);
    throw e;
  }
  const [q] = link.qualifiers;
  if (link.stem === `https://${host}` && link.key.ai === '01' && link.qualifiers.length === 1 && q!.ai === '10' && link.attributes.length === 0) {
    if (!isValidLotCode(q!.value)) throw bad('(10) needs a lot code of GS1 CSET 82');
    const target: TraceTarget = { kind: 'gtin-lot', host, gtin: link.key.value, lot: q!.value };
    // One spelling per trace code: the canonical one formatTraceUri writes (percent-encoding included).
    if (formatTraceUri(target) !== uri) throw bad('not in the canonical form of a trace code URI (GTIN-14, the lot percent-encoded where GS1 requires)');
    return target;
  }
  throw bad('neither /01/{gtin}/10/{lot} nor /t/{code}');
}
