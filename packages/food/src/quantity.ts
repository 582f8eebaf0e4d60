/**
 * Quantities are exact decimals written as strings ("12.500"), with a UN/CEFACT
 * Recommendation 20 unit code. Arithmetic is on integers of micro-units (10^-6), never on
 * floating point, so sums and balances are exact.
 */

export interface Quantity {
  value: string;
  unit: string;
}

const SCALE = 1_000_000n;

/**
 * At most 12 integer digits and 6 decimals: up to 10^12 units, exact to a millionth
 * (`^(0|[1-9]\d{0,11})(\.\d{1,6})?$`, read by char code: every quantity of every record).
 */
export function isValidDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === 0 || i > 12 || (i > 1 && s.charCodeAt(0) === 48)) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const point = i++;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  return i === n && i - point - 1 >= 1 && i - point - 1 <= 6;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The decimal as an integer count of millionths. */
export function toMicro(s: string): bigint {
  const [int, frac = ''] = s.split('.');
  return BigInt(int!) * SCALE + BigInt(frac.padEnd(6, '0'));
}

/** Millionths back to the shortest decimal string. */
export function fromMicro(n: bigint): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const int = a / SCALE;
  const frac = (a % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Units and their dimension with the factor to the dimension's base unit (in millionths of it). */
export const UNITS: Readonly<Record<string, { dimension: 'mass' | 'volume' | 'count'; name: string; factor: bigint }>> = {
  KGM: { dimension: 'mass', name: 'kilogram', factor: 1_000_000n },
  GRM: { dimension: 'mass', name: 'gram', factor: 1_000n },
  TNE: { dimension: 'mass', name: 'tonne', factor: 1_000_000_000n },
  LTR: { dimension: 'volume', name: 'litre', factor: 1_000_000n },
  MLT: { dimension: 'volume', name: 'millilitre', factor: 1_000n },
  H87: { dimension: 'count', name: 'piece', factor: 1_000_000n },
  EA: { dimension: 'count', name: 'each', factor: 1_000_000n },
  XBX: { dimension: 'count', name: 'box', factor: 1_000_000n },
  XCT: { dimension: 'count', name: 'carton', factor: 1_000_000n },
  XBG: { dimension: 'count', name: 'bag', factor: 1_000_000n },
  DZN: { dimension: 'count', name: 'dozen', factor: 12_000_000n },
};

export function isKnownUnit(u: string): boolean {
  return unitIndex(u) >= 0;
}

/**
 * A quantity in its dimension's base unit (kg, litre, piece), in millionths; cartons, boxes
 * and bags are counted as themselves, so they only add up with each other when the unit is
 * the same (the dimension key then includes the unit).
 */
export function normalise(q: Quantity): { dimension: string; micro: bigint } {
  const u = UNITS[q.unit]!;
  const micro = (toMicro(q.value) * u.factor) / SCALE;
  const dimension = u.dimension === 'count' && q.unit !== 'H87' && q.unit !== 'EA' && q.unit !== 'DZN' ? `count:${q.unit}` : u.dimension;
  return { dimension, micro };
}

/** Unit codes by a small index, for compact storage (the lot graph keeps a byte per quantity). */
export const UNIT_CODES: readonly string[] = Object.keys(UNITS);
/**
 * A unit code (2 or 3 characters, below U+0100) as one number: read by char code, since
 * looking a freshly decoded string up in a map or an object hashes it first.
 */
function unitKey(u: string): number {
  const n = u.length;
  if (n < 2 || n > 3) return -1;
  let k = n;
  for (let i = 0; i < n; i++) {
    const c = u.charCodeAt(i);
    if (c > 0xff) return -1;
    k = k * 256 + c;
  }
  return k;
}
const UNIT_INDEX = new Map(UNIT_CODES.map((u, i) => [unitKey(u), i]));

/** The index of a unit code in UNIT_CODES, or -1 if it is not one. */
export function unitIndex(unit: string): number {
  const k = unitKey(unit);
  return k < 0 ? -1 : UNIT_INDEX.get(k) ?? -1;
}

/**
 * A valid decimal as a count of millionths in a plain number when that is exact (up to
 * 999,999,999 units), else NaN: the caller then falls back to `toMicro`. Avoids BigInt on
 * the hot path of building a graph.
 */
export function toMicroNumber(s: string): number {
  let int = 0;
  let i = 0;
  for (; i < s.length && s.charCodeAt(i) !== 46; i++) int = int * 10 + (s.charCodeAt(i) - 48);
  if (i > 9) return Number.NaN;
  let frac = 0;
  let scale = 1_000_000;
  for (i++; i < s.length; i++) {
    scale /= 10;
    frac += (s.charCodeAt(i) - 48) * scale;
  }
  return int * 1_000_000 + frac;
}

/** A count of millionths of a unit (by its index in UNIT_CODES) in its dimension's base unit, as `normalise` does. */
export function normaliseMicro(unit: number, micro: bigint): { dimension: string; micro: bigint } {
  return { dimension: DIMENSIONS[unit]!, micro: (micro * UNITS[UNIT_CODES[unit]!]!.factor) / SCALE };
}

const DIMENSIONS = UNIT_CODES.map((u) => normalise({ value: '1', unit: u }).dimension);

/** Each unit's dimension (as `normalise` names it), by unit index. */
export const UNIT_DIMENSIONS: readonly string[] = DIMENSIONS;

/**
 * Each unit's factor to its dimension's base unit, by unit index, as a number: a whole
 * multiplier (1, 1000, 12), or 0.001 for units of a thousandth (gram, millilitre).
 */
export const UNIT_SCALE: readonly number[] = UNIT_CODES.map((u) => {
  const f = UNITS[u]!.factor;
  if (f % SCALE === 0n) return Number(f / SCALE);
  if (f * 1000n === SCALE) return 0.001;
  throw new Error(`unit ${u}: a factor the lot graph cannot scale exactly`);
});
