import { randomFillSync } from 'node:crypto';
import { SdkError } from './errors.js';
import { formatTraceUri, isUriTraceCode, type TraceTarget } from './digital-link.js';

/** Hosts a trace code's URI is formed on. */
export interface TraceHosts {
  /** The GS1 Digital Link resolver for products with a GTIN. */
  resolver: string;
  /** The hub serving `/t/{code}` for products without one; without it such codes have no URI. */
  hub: string | undefined;
}

/** Options of the SVG QR code. */
export interface QrOptions {
  /** Error correction level; default `M` (15%), what receipt printers smudge. */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules; default 4, as ISO/IEC 18004 requires. */
  margin?: number;
}

/** The code printed on a receipt or a case label, its URI and its QR code. */
export class TraceCode {
  /**
   * @param code the code itself, as recorded (a sale's `traceCode`, a container's id)
   * @param target what the URI names, if one can be formed
   */
  constructor(readonly code: string, private readonly target: () => TraceTarget | undefined) {}

  /**
   * The URI a phone opens: a GS1 Digital Link URI where the product has a GTIN, else the
   * hub's `/t/{code}` URL; undefined when neither applies (no GTIN and no hub configured, or
   * a container id that cannot be part of a URL).
   */
  get uri(): string | undefined {
    const t = this.target();
    return t === undefined ? undefined : formatTraceUri(t);
  }

  /** The URI as an SVG QR code (the `qrcode` library); `TRACE_CODE_NO_URI` if there is no URI. */
  async qrSvg(opts: QrOptions = {}): Promise<string> {
    const uri = this.uri;
    if (uri === undefined) throw new SdkError('TRACE_CODE_NO_URI', `trace code ${this.code} has no GTIN and no hub is configured (Ledger.open({ hub }))`);
    // Loaded on first use: a program that never draws a QR code (the command line) does not pay for loading it.
    const { default: QRCode } = await import('qrcode');
    return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M', margin: opts.margin ?? 4 });
  }

  /** The code. */
  toString(): string {
    return this.code;
  }
}

/**
 * The trace code of a lot line: its URI (formed when first asked for) is GS1 Digital Link by
 * GTIN and lot where a GTIN is known, else the hub's `/t/` form.
 */
export function traceCodeFor(code: string, l: { lot: string; gtin?: string | undefined } | undefined, hosts: TraceHosts): TraceCode {
  return new TraceCode(code, () => {
    if (l?.gtin !== undefined) return { kind: 'gtin-lot', host: hosts.resolver, gtin: l.gtin, lot: l.lot };
    // A container id may hold characters a /t/ URL cannot: such a code has no URI.
    return hosts.hub === undefined || !isUriTraceCode(code) ? undefined : { kind: 'hub', host: hosts.hub, code };
  });
}

// 80 random bits a code: unguessable, and no coordination between tills. Drawn from a pool,
// since a syscall per sale would show at counter speed.
const CODE_LENGTH = 16;
const pool = new Uint8Array(CODE_LENGTH * 512);
let used = pool.length;

/** RFC 4648 base32's alphabet (A–Z, 2–7), as character codes. */
const ALPHABET = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (c) => c.charCodeAt(0));

/**
 * A new trace code: 16 characters of the RFC 4648 base32 alphabet (A–Z, 2–7), each from 5
 * random bits (the low bits of one pool byte), 80 bits in all. One `fromCharCode` call: a
 * general base32 encoder cost 3% of a sale, and building the string a character at a time
 * 1.5 µs (bench/sdk.ts).
 */
export function newTraceCode(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const p = pool;
  const a = ALPHABET;
  const u = used;
  used += CODE_LENGTH;
  return String.fromCharCode(
    a[p[u]! & 31]!, a[p[u + 1]! & 31]!, a[p[u + 2]! & 31]!, a[p[u + 3]! & 31]!, a[p[u + 4]! & 31]!, a[p[u + 5]! & 31]!, a[p[u + 6]! & 31]!, a[p[u + 7]! & 31]!,
    a[p[u + 8]! & 31]!, a[p[u + 9]! & 31]!, a[p[u + 10]! & 31]!, a[p[u + 11]! & 31]!, a[p[u + 12]! & 31]!, a[p[u + 13]! & 31]!, a[p[u + 14]! & 31]!, a[p[u + 15]! & 31]!,
  );
}
