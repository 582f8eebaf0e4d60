import { InteropError } from '../errors.js';
import { RawNumber, type Json } from '../hash/values.js';
import { SUYUAN_PREFIX } from './namespace.js';

/**
 * What of a Suyuan body the standard EPCIS fields do not carry. The exporter maps a body to
 * standard fields, maps those back, and keeps the difference here; the importer maps the
 * standard fields back and lays this over them. So every body survives export → import
 * exactly, whatever fields it has, and the part EPCIS has no term for travels in one
 * namespaced extension (`suyuan:detail`) whose keys are the body's own field names.
 *
 * Objects hold only the keys that differ; a list of objects of the same length holds one
 * difference per member (`{}` where equal); any other list that differs is replaced whole.
 */
type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };
type Obj = { [k: string]: Plain };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
const REPLACE = '$replace';

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

/** The difference of `body` over `base`; undefined when equal. `base` must not hold keys `body` lacks. */
export function difference(body: unknown, base: unknown, path = ''): Plain | undefined {
  if (equal(body, base)) return undefined;
  if (isObj(body) && isObj(base)) {
    const out: Obj = {};
    for (const k of Object.keys(base)) {
      if (base[k] !== undefined && body[k] === undefined) throw new InteropError('EXPORT_UNSUPPORTED_VALUE', `internal: the mapping invented ${path}${k}`, { path: `${path}${k}` });
    }
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined) continue;
      const d = difference(v, base[k], `${path}${k}.`);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  if (Array.isArray(body) && Array.isArray(base) && body.length === base.length && body.every(isObj) && base.every(isObj)) {
    try {
      return body.map((x, i) => difference(x, base[i], `${path}${i}.`) ?? {});
    } catch {
      // members in another order (e.g. containers between lots): the list goes whole
    }
  }
  return Array.isArray(body) ? { [REPLACE]: body as Plain[] } : (body as Plain);
}

/** `base` with the difference laid over it. */
export function overlay(base: unknown, diff: Plain | undefined): unknown {
  if (diff === undefined) return base;
  if (Array.isArray(diff)) return Array.isArray(base) && base.length === diff.length ? base.map((x, i) => overlay(x, diff[i])) : diff;
  if (isObj(diff) && Object.hasOwn(diff, REPLACE)) return diff[REPLACE];
  if (isObj(diff) && isObj(base)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(diff)) out[k] = overlay(base[k], v) as Plain;
    return out;
  }
  return diff;
}

/** JSON-LD wants every key of an extension namespaced: `suyuan:` before each. */
export function toExtension(v: Plain): Json {
  if (Array.isArray(v)) return v.map(toExtension);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [`${SUYUAN_PREFIX}:${k}`, toExtension(x)]));
  return v;
}

/** The inverse of `toExtension`; numbers come back as JS numbers. */
export function fromExtension(v: Json, path: string): Plain {
  if (v instanceof RawNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map((x, i) => fromExtension(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (!k.startsWith(`${SUYUAN_PREFIX}:`)) throw new InteropError('EPCIS_UNMAPPED_FIELD', `${k} is not a Suyuan field`, { path: `${path}.${k}` });
      const name = k.slice(SUYUAN_PREFIX.length + 1);
      out[name] = fromExtension(x, `${path}.${k}`);
    }
    return out;
  }
  return v;
}
