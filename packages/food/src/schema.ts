import type { FoodCode, FoodFinding } from './findings.js';
import { isValidGln, isValidGtin, isValidLotCode, isValidSscc, isValidUscc } from './identifiers.js';
import { isKnownUnit, isValidDecimal } from './quantity.js';
import { isValidEventTime } from './time.js';

/**
 * A tiny validation vocabulary: each check looks at a value and adds findings for everything
 * wrong with it (never stopping at the first), each with its code and path. A check gets
 * its parent's path and its own key, and only joins them when it reports: sound events,
 * the common case, allocate no path strings.
 */
export type Check = (v: unknown, parent: string, key: string | number, out: FoodFinding[]) => void;

/** `items[2].quantity`: a parent path and a key (a field name or a list index) joined. */
export function join(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;
}

const bad = (out: FoodFinding[], code: FoodCode, parent: string, key: string | number, message: string) => out.push({ code, severity: 'error', message, path: join(parent, key) });

/**
 * Length in Unicode code points (scalar values), as every text limit of the format counts:
 * a CJK character and an emoji are one each. No string is longer in code points than in
 * UTF-16 units, so only strings over the limit in units are counted.
 */
export function codePoints(s: string, atMost: number): number {
  if (s.length <= atMost) {
    let pairs = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { pairs++; i++; }
      }
    }
    return s.length - pairs;
  }
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Text of 1..max code points (default 200), optionally matching a pattern. */
export function text(opts: { max?: number; pattern?: RegExp; code?: FoodCode; what?: string } = {}): Check {
  const max = opts.max ?? 200;
  return (v, parent, key, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be text');
    if (v.length === 0 || (v.length > max && codePoints(v, max) > max)) return void bad(out, opts.code ?? 'FOOD_BAD_VALUE', parent, key, `must be 1..${max} characters (code points)`);
    if (opts.pattern !== undefined && !opts.pattern.test(v)) bad(out, opts.code ?? 'FOOD_BAD_VALUE', parent, key, `is not ${opts.what ?? `like ${opts.pattern}`}`);
  };
}

export function oneOf(values: readonly string[]): Check {
  const set = new Set(values);
  return (v, parent, key, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be text');
    if (!set.has(v)) bad(out, 'FOOD_BAD_VALUE', parent, key, `must be one of ${values.join(', ')}`);
  };
}

function identifier(test: (s: string) => boolean, code: FoodCode, what: string): Check {
  return (v, parent, key, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be text');
    if (!test(v)) bad(out, code, parent, key, `${JSON.stringify(v)} is not a valid ${what}`);
  };
}

export const gtin = identifier(isValidGtin, 'FOOD_BAD_GTIN', 'GTIN (8, 12, 13 or 14 digits with its check digit)');
export const gln = identifier(isValidGln, 'FOOD_BAD_GLN', 'GLN (13 digits with its check digit)');
export const sscc = identifier(isValidSscc, 'FOOD_BAD_SSCC', 'SSCC (18 digits with its check digit)');
export const uscc = identifier(isValidUscc, 'FOOD_BAD_USCC', '统一社会信用代码 (18 characters with its check character)');
export const lotCode = identifier(isValidLotCode, 'FOOD_BAD_LOT', 'lot code (1-20 characters of GS1 CSET 82)');
export const eventTime = identifier(isValidEventTime, 'FOOD_BAD_TIME', 'time: ISO 8601 with seconds and a UTC offset, e.g. 2025-11-26T08:30:00+08:00');
export const date = identifier((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidEventTime(`${s}T00:00:00Z`), 'FOOD_BAD_TIME', 'date (YYYY-MM-DD)');

/** Whether a valid decimal has a digit other than 0 (is more than zero). */
function nonZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

export function decimal(opts: { positive?: boolean } = {}): Check {
  return (v, parent, key, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be a decimal string such as "12.5"');
    if (!isValidDecimal(v)) return void bad(out, 'FOOD_BAD_QUANTITY', parent, key, `${JSON.stringify(v)} is not a decimal (digits, an optional point and up to 6 decimals)`);
    if (opts.positive === true && !nonZero(v)) bad(out, 'FOOD_BAD_QUANTITY', parent, key, 'must be more than zero');
  };
}

export function integer(min: number, max: number): Check {
  return (v, parent, key, out) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be an integer');
    if (v < min || v > max) bad(out, 'FOOD_BAD_VALUE', parent, key, `must be in ${min}..${max}`);
  };
}

export const unit: Check = (v, parent, key, out) => {
  if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be a UN/CEFACT unit code');
  if (!isKnownUnit(v)) bad(out, 'FOOD_BAD_UNIT', parent, key, `${JSON.stringify(v)} is not a supported UN/CEFACT Rec 20 unit code`);
};

export function array(item: Check, opts: { min?: number; max?: number } = {}): Check {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1000;
  return (v, parent, key, out) => {
    if (!Array.isArray(v)) return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be a list');
    if (v.length < min || v.length > max) bad(out, 'FOOD_BAD_VALUE', parent, key, `must have ${min}..${max} entries`);
    const path = join(parent, key);
    for (let i = 0; i < v.length && i < max; i++) item(v[i], path, i, out);
  };
}

export interface Field {
  check: Check;
  required: boolean;
}
export const req = (check: Check): Field => ({ check, required: true });
export const opt = (check: Check): Field => ({ check, required: false });

/**
 * A map with known fields. Unknown fields are refused (a typo must not pass silently);
 * anything an integrator needs beyond them goes under `ext`, a free map.
 */
export function object(fields: Record<string, Field>, rule?: (v: Record<string, unknown>, path: string, out: FoodFinding[]) => void): Check {
  const names = Object.keys(fields);
  const checks = names.map((n) => fields[n]!);
  const index = new Map(names.map((n, i) => [n, i]));
  const required = names.filter((n) => fields[n]!.required);
  // The keys of the last map seen and their fields: maps of one kind of event come with the
  // same keys in the same order (canonical CBOR), so most maps match them key for key (a
  // pointer comparison: property names are interned) and need no lookup.
  let lastKeys: string[] = [];
  let lastFields: number[] = [];
  // One pass over the keys the map has (absent optional fields cost nothing), then the required ones missing.
  return (v, parent, key, out) => {
    if (!isMap(v)) return void bad(out, 'FOOD_WRONG_TYPE', parent, key, 'must be a map');
    const path = join(parent, key);
    let found = 0;
    let j = 0;
    let same = true;
    for (const name in v) {
      let i: number | undefined;
      if (same && j < lastKeys.length && lastKeys[j] === name) i = lastFields[j];
      else {
        if (same) {
          same = false;
          lastKeys = lastKeys.slice(0, j);
          lastFields = lastFields.slice(0, j);
        }
        i = index.get(name);
        if (i !== undefined && lastKeys.length === j) {
          lastKeys.push(name);
          lastFields.push(i);
        }
      }
      j++;
      const value = v[name];
      if (i === undefined) {
        if (name === 'ext') {
          if (value !== undefined && !isMap(value)) bad(out, 'FOOD_WRONG_TYPE', path, 'ext', 'must be a map');
        } else if (Object.hasOwn(v, name)) bad(out, 'FOOD_UNKNOWN_FIELD', path, name, 'is not a field of this event (extensions go under "ext")');
        continue;
      }
      if (value === undefined) continue; // an absent field
      const f = checks[i]!;
      if (f.required) found++;
      f.check(value, path, name, out);
    }
    if (found < required.length) for (const name of required) if (v[name] === undefined) bad(out, 'FOOD_MISSING_FIELD', path, name, 'is required');
    rule?.(v, path, out);
  };
}
