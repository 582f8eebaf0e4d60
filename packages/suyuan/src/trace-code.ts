import { randomFillSync } from 'node:crypto';
import { base32nopad } from '@scure/base';
import QRCode from 'qrcode';
import { SdkError } from './errors.js';
import { formatTraceUri, type TraceTarget } from './digital-link.js';

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
  constructor(readonly code: string, private readonly target: TraceTarget | undefined) {}

  /**
   * The URI a phone opens: a GS1 Digital Link URI where the product has a GTIN, else the
   * hub's `/t/{code}` URL; undefined when neither applies (no GTIN and no hub configured).
   */
  get uri(): string | undefined {
    return this.target === undefined ? undefined : formatTraceUri(this.target);
  }

  /** The URI as an SVG QR code (the `qrcode` library); `TRACE_CODE_NO_URI` if there is no URI. */
  async qrSvg(opts: QrOptions = {}): Promise<string> {
    const uri = this.uri;
    if (uri === undefined) throw new SdkError('TRACE_CODE_NO_URI', `trace code ${this.code} has no GTIN and no hub is configured (Ledger.open({ hub }))`);
    return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M', margin: opts.margin ?? 4 });
  }

  /** The code. */
  toString(): string {
    return this.code;
  }
}

/** The trace code of a product line: GS1 Digital Link by GTIN and lot where a GTIN is known. */
export function traceCodeFor(code: string, line: { lot: string; gtin?: string | undefined } | undefined, hosts: TraceHosts): TraceCode {
  if (line?.gtin !== undefined) return new TraceCode(code, { kind: 'gtin-lot', host: hosts.resolver, gtin: line.gtin, lot: line.lot });
  return new TraceCode(code, hosts.hub === undefined ? undefined : { kind: 'hub', host: hosts.hub, code });
}

// 80 random bits a code: unguessable, and no coordination between tills. Drawn from a pool,
// since a syscall per sale would show at counter speed.
const CODE_BYTES = 10;
const pool = new Uint8Array(CODE_BYTES * 512);
let used = pool.length;

/** A new trace code: 16 characters of RFC 4648 base32 (A–Z, 2–7), from 80 random bits. */
export function newTraceCode(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const code = base32nopad.encode(pool.subarray(used, used + CODE_BYTES));
  used += CODE_BYTES;
  return code;
}
