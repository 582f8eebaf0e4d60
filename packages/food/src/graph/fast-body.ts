import { isValidGtin, isValidLotCode } from '../identifiers.js';
import { isKnownUnit, isValidDecimal } from '../quantity.js';
import { parseEventTime } from '../time.js';

/**
 * The lot-line events (food.sale, food.catering-use, food.disposal: most records of a real
 * bundle) read straight from their canonical CBOR into what the graph keeps, without building
 * the body's objects. It only ever ACCEPTS: a body it returns is one `validateEvent` finds
 * nothing wrong with, and what it returns is what `EventStore.add` takes from the decoded body.
 * Anything else (any field it does not read, such as bizLocation or ext; any value a check
 * refuses; any byte it does not expect) gives undefined, and the caller takes the general path
 * (decode, validateEvent, add), which reports the findings. A property test holds the two
 * paths to one graph and one list of findings (test/fast-body.test.ts).
 */

export interface LotEvent {
  time: number;
  lot: string;
  value: string;
  unit: string;
  /** food.sale's trace code. */
  code: string | undefined;
}

/** What `readLotEvent` returns: one object, overwritten by the next call (the caller takes its fields at once). */
const event: LotEvent = { time: 0, lot: '', value: '', unit: '', code: undefined };

export const LOT_EVENT_KINDS: ReadonlySet<string> = new Set(['food.sale', 'food.catering-use', 'food.disposal']);

const TRACE_CODE = /^[A-Za-z0-9_-]+$/;

// Field bits: which fields a map had (a key seen twice is refused).
const EVENT_TIME = 1, LOT = 2, PRODUCT = 4, QUANTITY = 8, NOTE = 16, EXTRA = 32;

/** The keys read, matched by their bytes (no string is made for a key). */
const KEYS = ['eventTime', 'lot', 'product', 'quantity', 'note', 'traceCode', 'dish', 'reason', 'description', 'gtin', 'category', 'unit', 'value'] as const;
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as { [k in (typeof KEYS)[number]]: number };
const KEY_BYTES = KEYS.map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0)));

export function readLotEvent(kind: string, b: Uint8Array, start: number, end: number): LotEvent | undefined {
  if (!LOT_EVENT_KINDS.has(kind)) return undefined;
  const r = cursor.reset(b, start, end);
  const n = r.mapHead();
  let seen = 0;
  let time = Number.NaN;
  let lot = '';
  let q = false;
  let code: string | undefined;
  for (let i = 0; i < n; i++) {
    const key = r.key();
    let bit: number;
    switch (key) {
      case K.eventTime: {
        bit = EVENT_TIME;
        const s = r.ascii();
        time = s === undefined ? Number.NaN : parseEventTime(s);
        if (Number.isNaN(time)) return undefined;
        break;
      }
      case K.lot: {
        bit = LOT;
        const s = r.ascii();
        if (s === undefined || !isValidLotCode(s)) return undefined;
        lot = s;
        break;
      }
      case K.product:
        bit = PRODUCT;
        if (!readProduct(r)) return undefined;
        break;
      case K.quantity:
        bit = QUANTITY;
        q = readQuantity(r);
        if (!q) return undefined;
        break;
      case K.note:
        bit = NOTE;
        if (!r.text(1000)) return undefined;
        break;
      case K.traceCode:
        if (kind !== 'food.sale') return undefined;
        bit = EXTRA;
        code = r.ascii();
        if (code === undefined || code.length === 0 || code.length > 64 || !TRACE_CODE.test(code)) return undefined;
        break;
      case K.dish:
        if (kind !== 'food.catering-use') return undefined;
        bit = EXTRA;
        if (!r.text(200)) return undefined;
        break;
      case K.reason:
        if (kind !== 'food.disposal') return undefined;
        bit = EXTRA;
        if (!r.text(1000)) return undefined;
        break;
      default:
        return undefined;
    }
    if ((seen & bit) !== 0 || r.failed) return undefined;
    seen |= bit;
  }
  const required = EVENT_TIME | LOT | PRODUCT | QUANTITY | (kind === 'food.disposal' ? EXTRA : 0);
  if (r.failed || r.pos !== end || (seen & required) !== required || !q) return undefined;
  event.time = time;
  event.lot = lot;
  event.code = code;
  return event;
}

/** A product: a description, and a GTIN or a category (or both). */
function readProduct(r: Bytes): boolean {
  const n = r.mapHead();
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const key = r.key();
    let bit: number;
    if (key === K.description) {
      bit = 1;
      if (!r.text(200)) return false;
    } else if (key === K.gtin) {
      bit = 2;
      const s = r.ascii();
      if (s === undefined || !isValidGtin(s)) return false;
    } else if (key === K.category) {
      bit = 4;
      if (!r.text(64)) return false;
    } else return false;
    if ((seen & bit) !== 0 || r.failed) return false;
    seen |= bit;
  }
  return !r.failed && (seen & 1) !== 0 && (seen & 6) !== 0;
}

/** A quantity: a decimal above zero and a known unit, nothing else (into `event`). */
function readQuantity(r: Bytes): boolean {
  if (r.mapHead() !== 2 || r.key() !== K.unit) return false;
  const unit = r.ascii();
  if (r.key() !== K.value) return false;
  const value = r.ascii();
  if (r.failed || unit === undefined || value === undefined || !isKnownUnit(unit) || !isValidDecimal(value) || !nonZero(value)) return false;
  event.unit = unit;
  event.value = value;
  return true;
}

/** A cursor that never throws: anything unexpected sets `failed`, and the caller gives up. */
class Bytes {
  failed = false;
  b: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;

  reset(b: Uint8Array, pos: number, end: number): this {
    this.b = b;
    this.pos = pos;
    this.end = end;
    this.failed = false;
    return this;
  }

  /** The length argument of a head of major type `major` (small heads only: up to 2^16 - 1), or -1. */
  private head(major: number): number {
    if (this.pos >= this.end) return this.fail();
    const ib = this.b[this.pos++]!;
    if (ib >> 5 !== major) return this.fail();
    const info = ib & 31;
    if (info < 24) return info;
    // Shortest form only, as in canonical CBOR.
    if (info === 24 && this.pos + 1 <= this.end && this.b[this.pos]! >= 24) return this.b[this.pos++]!;
    if (info === 25 && this.pos + 2 <= this.end && this.b[this.pos]! > 0) {
      this.pos += 2;
      return (this.b[this.pos - 2]! << 8) | this.b[this.pos - 1]!;
    }
    return this.fail();
  }

  private fail(): number {
    this.failed = true;
    this.pos = this.end;
    return -1;
  }

  mapHead(): number {
    const n = this.head(5);
    return n < 0 ? 0 : n;
  }

  /** A map key: its index in KEYS, or -1 when it is none of them (or not a text string). */
  key(): number {
    const len = this.head(3);
    if (len < 0 || this.pos + len > this.end) return this.fail();
    const b = this.b;
    const p = this.pos;
    this.pos = p + len;
    for (let k = 0; k < KEY_BYTES.length; k++) {
      const kb = KEY_BYTES[k]!;
      if (kb.length !== len) continue;
      let i = 0;
      while (i < len && kb[i] === b[p + i]) i++;
      if (i === len) return k;
    }
    return -1;
  }

  /** A text string of ASCII only, or undefined (and the cursor is past it when it is a text string). */
  ascii(): string | undefined {
    const len = this.head(3);
    if (len < 0 || this.pos + len > this.end) {
      this.fail();
      return undefined;
    }
    const b = this.b;
    const p = this.pos;
    this.pos = p + len;
    let s = '';
    for (let i = p; i < p + len; i++) {
      const c = b[i]!;
      if (c >= 0x80) return undefined;
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** Whether a text string of 1..max code points of valid UTF-8 is next (and steps over it). */
  text(max: number): boolean {
    const len = this.head(3);
    if (len < 0 || this.pos + len > this.end) return this.fail() === 0;
    const n = codePointsOf(this.b, this.pos, this.pos + len);
    this.pos += len;
    return n >= 1 && n <= max;
  }
}

/** One cursor for every body: reading one is never interrupted by another. */
const cursor = new Bytes();

/** Code points in a range of strict UTF-8 (no overlongs, surrogates or values past U+10FFFF); -1 if it is not valid. */
function codePointsOf(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; n++) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    if (c < 0xc2 || c > 0xf4) return -1;
    if (c < 0xe0) {
      if (i + 1 >= end || (b[i + 1]! & 0xc0) !== 0x80) return -1;
      i += 2;
      continue;
    }
    const c1 = b[i + 1]!;
    if (c < 0xf0) {
      if (i + 2 >= end || c1 < (c === 0xe0 ? 0xa0 : 0x80) || c1 > (c === 0xed ? 0x9f : 0xbf) || (b[i + 2]! & 0xc0) !== 0x80) return -1;
      i += 3;
      continue;
    }
    if (i + 3 >= end || c1 < (c === 0xf0 ? 0x90 : 0x80) || c1 > (c === 0xf4 ? 0x8f : 0xbf) || (b[i + 2]! & 0xc0) !== 0x80 || (b[i + 3]! & 0xc0) !== 0x80) return -1;
    i += 4;
  }
  return n;
}

/** Whether a decimal has a digit other than 0 (is more than zero). */
function nonZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}
