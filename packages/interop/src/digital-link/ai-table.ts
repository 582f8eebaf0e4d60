/**
 * The GS1 Application Identifiers this package understands, written from the GS1 General
 * Specifications: each AI's value format, whether it is a Digital Link primary key (and the
 * key qualifiers it takes, in their fixed order), whether it may appear as a Digital Link data
 * attribute in the query string, and whether its length is predefined (no FNC1 after it in an
 * element string). AIs outside this table are refused as unknown.
 */

/** One component of an AI value: N digits, X = GS1 CSET 82, Y = CSET 39. */
export interface Part {
  type: 'N' | 'X' | 'Y';
  min: number;
  max: number;
  /** csum: GS1 mod-10 check digit; zero: must be "0"; date: YYMMDD (day 00 allowed). */
  lint?: 'csum' | 'zero' | 'date';
  optional?: boolean;
}

export interface AiSpec {
  ai: string;
  parts: Part[];
  /** Predefined length: no FNC1 separator after it in an element string. */
  fixed: boolean;
  /** May be a Digital Link data attribute (query string). */
  attribute: boolean;
  /** A Digital Link primary key: its alternative qualifier sequences (each in path order). */
  qualifiers?: string[][];
}

const n = (len: number, lint?: Part['lint']): Part => ({ type: 'N', min: len, max: len, ...(lint ? { lint } : {}) });
const nv = (max: number): Part => ({ type: 'N', min: 1, max });
const x = (max: number, min = 1): Part => ({ type: 'X', min, max });
const opt = (p: Part): Part => ({ ...p, min: 0, optional: true });

const TABLE: AiSpec[] = [];
function add(ais: string | string[], parts: Part[], flags: { fixed?: boolean; attribute?: boolean; qualifiers?: string[][] } = {}): void {
  for (const ai of Array.isArray(ais) ? ais : [ais]) {
    TABLE.push({ ai, parts, fixed: flags.fixed ?? false, attribute: flags.attribute ?? false, ...(flags.qualifiers ? { qualifiers: flags.qualifiers } : {}) });
  }
}
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

// Primary keys
add('00', [n(18, 'csum')], { fixed: true, attribute: true, qualifiers: [] });
add('01', [n(14, 'csum')], { fixed: true, attribute: true, qualifiers: [['22', '10', '21'], ['235']] });
add('253', [n(13, 'csum'), opt(x(17))], { attribute: true, qualifiers: [] });
add('255', [n(13, 'csum'), opt(nv(12))], { attribute: true, qualifiers: [] });
add('401', [x(30)], { attribute: true, qualifiers: [] });
add('402', [n(17, 'csum')], { attribute: true, qualifiers: [] });
add('414', [n(13, 'csum')], { fixed: true, attribute: true, qualifiers: [['254'], ['7040']] });
add('417', [n(13, 'csum')], { fixed: true, attribute: true, qualifiers: [['7040']] });
add('8003', [n(1, 'zero'), n(13, 'csum'), opt(x(16))], { attribute: true, qualifiers: [] });
add('8004', [x(30)], { attribute: true, qualifiers: [['7040']] });
add('8006', [n(14, 'csum'), n(4)], { attribute: true, qualifiers: [['22', '10', '21']] });
add('8010', [{ type: 'Y', min: 1, max: 30 }], { attribute: true, qualifiers: [['8011']] });
add('8013', [x(25)], { attribute: true, qualifiers: [] });
add('8017', [n(18, 'csum')], { attribute: true, qualifiers: [['8019']] });
add('8018', [n(18, 'csum')], { attribute: true, qualifiers: [['8019']] });
// Key qualifiers (path only)
add('22', [x(20)]);
add('21', [x(20)]);
add('235', [x(28)]);
add('254', [x(20)]);
add('7040', [x(4, 4)]);
add('8011', [nv(12)]);
add('8019', [nv(10)]);
// Data attributes
add('10', [x(20)], { attribute: true });
add('02', [n(14, 'csum')], { fixed: true, attribute: true });
add(['11', '12', '13', '15', '16', '17'], [n(6, 'date')], { fixed: true, attribute: true });
add('20', [n(2)], { fixed: true, attribute: true });
add('30', [nv(8)], { attribute: true });
add('37', [nv(8)], { attribute: true });
// 31nn-36nn trade measures (kg, m, m², litres, m³ …): six digits with the decimal position in the AI
for (const prefix of ['31', '32', '33', '34', '35', '36']) {
  for (let m = 0; m <= 6; m++) add(range(0, 5).map((d) => `${prefix}${m}${d}`), [n(6)], { fixed: true, attribute: true });
}
add(range(3920, 3929), [nv(15)], { attribute: true });
add('241', [x(30)], { attribute: true });
add('242', [nv(6)], { attribute: true });
add('250', [x(30)], { attribute: true });
add('251', [x(30)], { attribute: true });
add('400', [x(30)], { attribute: true });
add(['410', '411', '412', '413', '415', '416'], [n(13, 'csum')], { fixed: true, attribute: true });
add('422', [n(3)], { attribute: true });
add('7003', [n(6, 'date'), n(4)], { attribute: true });
add('7006', [n(6, 'date')], { attribute: true });
add('7007', [n(6, 'date'), opt(n(6, 'date'))], { attribute: true });
add('8200', [x(70)]);
add('90', [x(30)], { attribute: true });
add(range(91, 99), [x(90)], { attribute: true });

const BY_AI = new Map(TABLE.map((s) => [s.ai, s]));

export function aiSpec(ai: string): AiSpec | undefined {
  return BY_AI.get(ai);
}

/** The AI at the start of an element string (2 to 4 digits, the table decides which). */
export function aiAtStart(s: string): AiSpec | undefined {
  for (const len of [2, 3, 4]) {
    const spec = BY_AI.get(s.slice(0, len));
    if (spec) return spec;
  }
  return undefined;
}

/** Deprecated path names still seen in the wild ("convenience alphas"). */
export const CONVENIENCE_ALPHAS: Readonly<Record<string, string>> = {
  cpid: '8010', cpsn: '8011', cpv: '22', gcn: '255', gdti: '253', giai: '8004', ginc: '401', gln: '414', glnx: '254',
  gmn: '8013', grai: '8003', gsin: '402', gsrn: '8018', gsrnp: '8017', gtin: '01', itip: '8006', lot: '10', party: '417',
  refno: '8020', ser: '21', srin: '8019', sscc: '00',
};

/** GS1 CSET 82: the characters allowed in alphanumeric AI values. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
/** GS1 CSET 39: upper case, digits, # - / */
const CSET39 = /^[#\-/0-9A-Z]*$/;

/** GS1 mod-10 check digit of the digits before it. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10;
}

function validDate(s: string): boolean {
  const mm = Number(s.slice(2, 4));
  const dd = Number(s.slice(4, 6));
  return mm >= 1 && mm <= 12 && dd <= 31;
}

/** Why the value does not fit the AI's format, or undefined if it does. */
export function checkAiValue(spec: AiSpec, value: string): { code: 'DL_BAD_VALUE' | 'DL_CHECK_DIGIT'; why: string } | undefined {
  let rest = value;
  for (const part of spec.parts) {
    const last = part === spec.parts[spec.parts.length - 1];
    const take = last ? rest.length : Math.min(part.max, rest.length);
    const piece = rest.slice(0, take);
    rest = rest.slice(take);
    if (piece.length === 0 && part.optional) continue;
    if (piece.length < Math.max(part.min, 1) || piece.length > part.max) return { code: 'DL_BAD_VALUE', why: `(${spec.ai}) has the wrong length` };
    const charset = part.type === 'N' ? /^\d*$/ : part.type === 'X' ? CSET82 : CSET39;
    if (!charset.test(piece)) return { code: 'DL_BAD_VALUE', why: `(${spec.ai}) has a character outside its character set` };
    if (part.lint === 'csum' && gs1CheckDigit(piece.slice(0, -1)) !== piece.charCodeAt(piece.length - 1) - 48) return { code: 'DL_CHECK_DIGIT', why: `(${spec.ai}) check digit is wrong` };
    if (part.lint === 'zero' && piece !== '0') return { code: 'DL_BAD_VALUE', why: `(${spec.ai}) must start with 0` };
    if (part.lint === 'date' && !validDate(piece)) return { code: 'DL_BAD_VALUE', why: `(${spec.ai}) is not a YYMMDD date` };
  }
  if (rest.length > 0) return { code: 'DL_BAD_VALUE', why: `(${spec.ai}) is too long` };
  return undefined;
}
