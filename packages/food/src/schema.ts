import type { FoodCode, FoodFinding } from './findings.js';
import { isValidGln, isValidGtin, isValidLotCode, isValidSscc, isValidUscc } from './identifiers.js';
import { isKnownUnit, isValidDecimal, toMicro } from './quantity.js';
import { isValidEventTime } from './time.js';

/**
 * A tiny validation vocabulary: each check looks at a value and adds findings for everything
 * wrong with it (never stopping at the first), each with its code and path.
 */
export type Check = (v: unknown, path: string, out: FoodFinding[]) => void;

const bad = (out: FoodFinding[], code: FoodCode, path: string, message: string) => out.push({ code, severity: 'error', message, path });

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function text(opts: { max?: number; pattern?: RegExp; code?: FoodCode; what?: string } = {}): Check {
  const max = opts.max ?? 200;
  return (v, path, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be text');
    if (v.length === 0 || v.length > max) return void bad(out, opts.code ?? 'FOOD_BAD_VALUE', path, `must be 1..${max} characters`);
    if (opts.pattern !== undefined && !opts.pattern.test(v)) bad(out, opts.code ?? 'FOOD_BAD_VALUE', path, `is not ${opts.what ?? `like ${opts.pattern}`}`);
  };
}

export function oneOf(values: readonly string[]): Check {
  return (v, path, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be text');
    if (!values.includes(v)) bad(out, 'FOOD_BAD_VALUE', path, `must be one of ${values.join(', ')}`);
  };
}

function identifier(test: (s: string) => boolean, code: FoodCode, what: string): Check {
  return (v, path, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be text');
    if (!test(v)) bad(out, code, path, `${JSON.stringify(v)} is not a valid ${what}`);
  };
}

export const gtin = identifier(isValidGtin, 'FOOD_BAD_GTIN', 'GTIN (8, 12, 13 or 14 digits with its check digit)');
export const gln = identifier(isValidGln, 'FOOD_BAD_GLN', 'GLN (13 digits with its check digit)');
export const sscc = identifier(isValidSscc, 'FOOD_BAD_SSCC', 'SSCC (18 digits with its check digit)');
export const uscc = identifier(isValidUscc, 'FOOD_BAD_USCC', '统一社会信用代码 (18 characters with its check character)');
export const lotCode = identifier(isValidLotCode, 'FOOD_BAD_LOT', 'lot code (1-20 characters of GS1 CSET 82)');
export const eventTime = identifier(isValidEventTime, 'FOOD_BAD_TIME', 'time: ISO 8601 with seconds and a UTC offset, e.g. 2025-11-26T08:30:00+08:00');
export const date = identifier((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidEventTime(`${s}T00:00:00Z`), 'FOOD_BAD_TIME', 'date (YYYY-MM-DD)');

export function decimal(opts: { positive?: boolean } = {}): Check {
  return (v, path, out) => {
    if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be a decimal string such as "12.5"');
    if (!isValidDecimal(v)) return void bad(out, 'FOOD_BAD_QUANTITY', path, `${JSON.stringify(v)} is not a decimal (digits, an optional point and up to 6 decimals)`);
    if (opts.positive && toMicro(v) === 0n) bad(out, 'FOOD_BAD_QUANTITY', path, 'must be more than zero');
  };
}

export function integer(min: number, max: number): Check {
  return (v, path, out) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be an integer');
    if (v < min || v > max) bad(out, 'FOOD_BAD_VALUE', path, `must be in ${min}..${max}`);
  };
}

export const unit: Check = (v, path, out) => {
  if (typeof v !== 'string') return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be a UN/CEFACT unit code');
  if (!isKnownUnit(v)) bad(out, 'FOOD_BAD_UNIT', path, `${JSON.stringify(v)} is not a supported UN/CEFACT Rec 20 unit code`);
};

export function array(item: Check, opts: { min?: number; max?: number } = {}): Check {
  const min = opts.min ?? 0;
  const max = opts.max ?? 1000;
  return (v, path, out) => {
    if (!Array.isArray(v)) return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be a list');
    if (v.length < min || v.length > max) bad(out, 'FOOD_BAD_VALUE', path, `must have ${min}..${max} entries`);
    v.slice(0, max).forEach((x, i) => item(x, `${path}[${i}]`, out));
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
  return (v, path, out) => {
    if (!isMap(v)) return void bad(out, 'FOOD_WRONG_TYPE', path, 'must be a map');
    for (const [name, f] of Object.entries(fields)) {
      const p = path === '' ? name : `${path}.${name}`;
      if (!Object.hasOwn(v, name) || v[name] === undefined) {
        if (f.required) bad(out, 'FOOD_MISSING_FIELD', p, 'is required');
      } else f.check(v[name], p, out);
    }
    for (const name of Object.keys(v)) {
      if (!Object.hasOwn(fields, name) && name !== 'ext') bad(out, 'FOOD_UNKNOWN_FIELD', path === '' ? name : `${path}.${name}`, 'is not a field of this event (extensions go under "ext")');
    }
    if (Object.hasOwn(v, 'ext') && !isMap(v.ext)) bad(out, 'FOOD_WRONG_TYPE', path === '' ? 'ext' : `${path}.ext`, 'must be a map');
    rule?.(v, path, out);
  };
}
