import { randomFillSync } from 'node:crypto';
import QRCode from 'qrcode';
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
const CODE_BYTES = 10;
const pool = new Uint8Array(CODE_BYTES * 512);
let used = pool.length;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A new trace code: 16 characters of RFC 4648 base32 (A–Z, 2–7), from 80 random bits. (Five
 * bits a character straight from the pool: a general base32 encoder cost 3% of a sale.)
 */
export function newTraceCode(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let code = '';
  for (let half = 0; half < 2; half++, used += 5) {
    // 5 bytes = 40 bits = 8 characters; 40 bits fit a double exactly.
    let bits = pool[used]! * 2 ** 32 + ((pool[used + 1]! << 24) >>> 0) + (pool[used + 2]! << 16) + (pool[used + 3]! << 8) + pool[used + 4]!;
    let chunk = '';
    for (let i = 0; i < 8; i++, bits = Math.floor(bits / 32)) chunk = ALPHABET[bits % 32]! + chunk;
    code += chunk;
  }
  return code;
}
