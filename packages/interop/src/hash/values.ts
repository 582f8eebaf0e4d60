import { canonicalIdentifier } from '../digital-link/canonical.js';
import { CBV_URNS, type Vocabulary } from './vocabulary.js';

/** A JSON number kept as the text it was written with (JSON.parse would round it). */
export class RawNumber {
  constructor(readonly text: string) {}
  toJSON(): number {
    return Number(this.text);
  }
}

/** A parsed JSON value whose numbers may be RawNumbers. */
export type Json = string | number | boolean | null | RawNumber | Json[] | { [key: string]: Json };

export type Prefixes = Readonly<Record<string, string>>;

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A number written without leading zeros, trailing fractional zeros, a "+" or an exponent:
 * "1.50" → "1.5", "1e3" → "1000", "-0" → "0". Undefined if the text is not a number. Exact
 * (no floating point), so long decimals keep every digit.
 */
export function canonicalNumber(text: string): string | undefined {
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + (m[4] === undefined ? 0 : Number(m[4]));
  if (Math.abs(point) > 400) return undefined;
  if (point < 0) { digits = '0'.repeat(-point) + digits; point = 0; }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const out = frac === '' ? int : `${int}.${frac}`;
  return out === '0' || m[1] !== '-' ? out : `-${out}`;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** A timestamp in UTC with milliseconds ("…T10:00:30.000Z"), the 4th decimal rounding half up. */
export function canonicalTime(text: string): string {
  const m = TIME.exec(text.trim());
  if (!m) return text.trim();
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m as unknown as string[];
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const f = `${frac}0000`;
  ms += Number(f.slice(0, 3)) + (Number(f[3]) >= 5 ? 1 : 0);
  if (zone !== 'Z' && zone !== 'z') {
    const z = zone.replace(':', '');
    ms -= (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
  }
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? text.trim() : date.toISOString();
}

/** `prefix:rest` → full URI when the prefix is known; anything else unchanged. */
export function expandCurie(text: string, prefixes: Prefixes): string {
  const colon = text.indexOf(':');
  if (colon <= 0) return text;
  const ns = prefixes[text.slice(0, colon)];
  return ns === undefined || text.startsWith('//', colon + 1) ? text : ns + text.slice(colon + 1);
}

/** A key as the pre-hash string names it: `{namespace}local` for a prefixed key. */
export function keyName(key: string, prefixes: Prefixes): string {
  const colon = key.indexOf(':');
  if (colon <= 0) return key;
  const ns = prefixes[key.slice(0, colon)];
  return ns === undefined ? key : `{${ns}}${key.slice(colon + 1)}`;
}

/** The text of a scalar, or undefined for null, objects and arrays. */
export function scalarText(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof RawNumber) return v.text;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * One value as the pre-hash string writes it: trimmed; a bare standard term of the field's
 * vocabulary, a CURIE or an old CBV URN becomes its Web URI; a number loses its spelling;
 * an EPC URN or Digital Link becomes the constrained canonical Digital Link.
 */
export function canonicalValue(v: Json, prefixes: Prefixes, vocab?: Vocabulary): string | undefined {
  const raw = scalarText(v);
  if (raw === undefined) return undefined;
  let text = raw.trim();
  if (vocab !== undefined && vocab.terms.has(text)) return vocab.base + text;
  text = expandCurie(text, prefixes);
  for (const [urn, web] of CBV_URNS) if (text.startsWith(urn)) { text = web + text.slice(urn.length); break; }
  const num = canonicalNumber(text);
  if (num !== undefined) return num;
  return canonicalIdentifier(text) ?? text;
}
