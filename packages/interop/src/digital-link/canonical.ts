import { aiSpec, CONVENIENCE_ALPHAS, gs1CheckDigit } from './ai-table.js';
import { decodeDlValue } from './percent.js';
import { CANONICAL_STEM, isValidPathSequence } from './uri.js';

/**
 * The "constrained canonical" GS1 Digital Link URI the CBV 2.0 Event Hash ID uses for every
 * identifier: EPC URNs (id, class, id pattern) and Digital Link URIs on any domain become
 * `https://id.gs1.org/{key}/{value}[/{qualifier}/{value}]` with only the finest level of
 * identification (a serial drops the lot; CPV and other qualifiers go), no query string.
 * Lenient on purpose (a hash must not depend on how strictly a sender checked): no check
 * digit verification, GTIN-8/12/13 are padded, old path names are accepted.
 */
export function canonicalIdentifier(value: string): string | undefined {
  if (value.startsWith('urn:epc:')) return fromEpcUrn(value);
  if (/^https?:\/\//i.test(value)) return fromDigitalLink(value);
  return undefined;
}

/** Characters written as they are in a canonical value; everything else is %XX. */
const KEEP = /[A-Za-z0-9\-._~';=]/;

function encodeCanonical(value: string): string {
  let out = '';
  for (const ch of value) {
    if (KEEP.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const withCheck = (digits: string): string => digits + gs1CheckDigit(digits);

// ---- EPC URNs (GS1 EPC Tag Data Standard) ----

/** Company prefix (6-12 digits) and a reference that together have `total` digits. */
function splitCp(cp: string | undefined, ref: string | undefined, total: number, refPattern = /^\d*$/): boolean {
  return cp !== undefined && ref !== undefined && /^\d{6,12}$/.test(cp) && refPattern.test(ref) && cp.length + ref.length === total;
}

function gtinOf(cp: string, itemRef: string): string {
  return withCheck(itemRef.slice(0, 1) + cp + itemRef.slice(1));
}

function urnValue(raw: string | undefined, max: number): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = decodeDlValue(raw);
  return v !== undefined && v.length <= max && /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/.test(v) ? v : undefined;
}

function link(key: string, value: string, qualifier?: [string, string]): string {
  return `${CANONICAL_STEM}/${key}/${encodeCanonical(value)}${qualifier ? `/${qualifier[0]}/${encodeCanonical(qualifier[1])}` : ''}`;
}

function fromEpcUrn(urn: string): string | undefined {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.*)$/.exec(urn);
  if (!m) return undefined;
  const [, kind, scheme, body] = m as unknown as [string, string, string, string];
  const f = body.split('.');
  const scope = `${kind}:${scheme}`;
  switch (scope) {
    case 'id:sgtin': case 'class:lgtin': case 'id:upui': {
      if (f.length < 3 || !splitCp(f[0], f[1], 13)) return undefined;
      const tail = urnValue(f.slice(2).join('.'), scope === 'id:upui' ? 28 : 20);
      if (tail === undefined) return undefined;
      return link('01', gtinOf(f[0]!, f[1]!), [scope === 'id:sgtin' ? '21' : scope === 'class:lgtin' ? '10' : '235', tail]);
    }
    case 'idpat:sgtin': case 'idpat:upui':
      return f.length === 3 && f[2] === '*' && splitCp(f[0], f[1], 13) ? link('01', gtinOf(f[0]!, f[1]!)) : undefined;
    case 'id:sscc':
      return f.length === 2 && splitCp(f[0], f[1], 17) ? link('00', withCheck(f[1]!.slice(0, 1) + f[0] + f[1]!.slice(1))) : undefined;
    case 'id:sgln': {
      if (f.length < 3 || !splitCp(f[0], f[1], 12)) return undefined;
      const ext = urnValue(f.slice(2).join('.'), 20);
      if (ext === undefined) return undefined;
      return ext === '0' ? link('414', withCheck(f[0]! + f[1])) : link('414', withCheck(f[0]! + f[1]), ['254', ext]);
    }
    case 'id:pgln':
      return f.length === 2 && splitCp(f[0], f[1], 12) ? link('417', withCheck(f[0]! + f[1])) : undefined;
    case 'id:grai': case 'idpat:grai': {
      if (f.length < 3 || !splitCp(f[0], f[1], 12)) return undefined;
      const base = `0${withCheck(f[0]! + f[1])}`;
      if (kind === 'idpat') return f.length === 3 && f[2] === '*' ? link('8003', base) : undefined;
      const serial = urnValue(f.slice(2).join('.'), 16);
      return serial === undefined ? undefined : link('8003', base + serial);
    }
    case 'id:gdti': case 'idpat:gdti': case 'id:sgcn': case 'idpat:sgcn': {
      if (f.length < 3 || !splitCp(f[0], f[1], 12)) return undefined;
      const key = scheme === 'gdti' ? '253' : '255';
      const base = withCheck(f[0]! + f[1]);
      if (kind === 'idpat') return f.length === 3 && f[2] === '*' ? link(key, base) : undefined;
      const serial = scheme === 'gdti' ? urnValue(f.slice(2).join('.'), 17) : /^\d{1,12}$/.test(f[2] ?? '') && f.length === 3 ? f[2] : undefined;
      return serial === undefined ? undefined : link(key, base + serial);
    }
    case 'id:giai': case 'id:ginc': {
      if (f.length < 2 || !/^\d{6,12}$/.test(f[0]!)) return undefined;
      const ref = urnValue(f.slice(1).join('.'), 30 - f[0]!.length);
      return ref === undefined ? undefined : link(scheme === 'giai' ? '8004' : '401', f[0]! + ref);
    }
    case 'id:gsrn': case 'id:gsrnp':
      return f.length === 2 && splitCp(f[0], f[1], 17) ? link(scheme === 'gsrn' ? '8018' : '8017', withCheck(f[0]! + f[1])) : undefined;
    case 'id:gsin':
      return f.length === 2 && splitCp(f[0], f[1], 16) ? link('402', withCheck(f[0]! + f[1])) : undefined;
    case 'id:itip': case 'idpat:itip': {
      if (f.length < 5 || !splitCp(f[0], f[1], 13) || !/^\d{2}$/.test(f[2]!) || !/^\d{2}$/.test(f[3]!)) return undefined;
      const base = gtinOf(f[0]!, f[1]!) + f[2] + f[3];
      if (kind === 'idpat') return f.length === 5 && f[4] === '*' ? link('8006', base) : undefined;
      const serial = urnValue(f.slice(4).join('.'), 20);
      return serial === undefined ? undefined : link('8006', base, ['21', serial]);
    }
    case 'id:cpi': case 'idpat:cpi': {
      if (f.length !== 3 || !/^\d{6,12}$/.test(f[0]!)) return undefined;
      const ref = decodeDlValue(f[1]!);
      if (ref === undefined || !/^[#\-/0-9A-Z]+$/.test(ref) || f[0]!.length + ref.length > 30) return undefined;
      if (kind === 'idpat') return f[2] === '*' ? link('8010', f[0]! + ref) : undefined;
      return /^\d{1,12}$/.test(f[2]!) ? link('8010', f[0]! + ref, ['8011', f[2]!]) : undefined;
    }
    default:
      return undefined;
  }
}

// ---- Digital Link URIs on any domain ----

const KEY_FORMAT: Readonly<Record<string, RegExp>> = {
  '00': /^\d{18}$/, '01': /^\d{14}$/, '253': /^\d{13}[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{0,17}$/, '255': /^\d{13}\d{0,12}$/,
  '401': /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,30}$/, '402': /^\d{17}$/, '414': /^\d{13}$/, '417': /^\d{13}$/,
  '8003': /^0\d{13}[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{0,16}$/, '8004': /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,30}$/,
  '8006': /^\d{18}$/, '8010': /^[#\-/0-9A-Z]{1,30}$/, '8013': /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,25}$/,
  '8017': /^\d{18}$/, '8018': /^\d{18}$/,
};
/** Qualifiers the constrained canonical form keeps, per key (the finest level wins). */
const KEPT: Readonly<Record<string, string[]>> = { '01': ['21', '10', '235'], '8006': ['21', '10'], '414': ['254'], '8010': ['8011'] };

function fromDigitalLink(uri: string): string | undefined {
  const m = /^https?:\/\/[^/?#]+(\/[^?#]*)/i.exec(uri);
  if (!m || m[1]!.endsWith('/')) return undefined;
  const segs = m[1]!.slice(1).split('/');
  const pairs: [string, string][] = [];
  for (let i = segs.length - 2; i >= 0; i -= 2) {
    const name = segs[i]!;
    const ai = /^\d+$/.test(name) ? name : CONVENIENCE_ALPHAS[name];
    const spec = ai === undefined ? undefined : aiSpec(ai);
    if (!spec) return undefined;
    const value = decodeDlValue(segs[i + 1]!);
    if (value === undefined || value === '') return undefined;
    pairs.unshift([spec.ai, value]);
    if (spec.qualifiers) break;
  }
  const [key, keyValue] = pairs[0] ?? [];
  if (key === undefined || keyValue === undefined || !aiSpec(key)?.qualifiers) return undefined;
  const value = key === '01' && /^(\d{8}|\d{12}|\d{13})$/.test(keyValue) ? keyValue.padStart(14, '0') : keyValue;
  if (!KEY_FORMAT[key]!.test(value)) return undefined;
  const quals = pairs.slice(1);
  if (!isValidPathSequence(aiSpec(key)!, quals.map(([ai]) => ai))) return undefined;
  for (const [ai, v] of quals) if (!/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/.test(v) || v.length > (ai === '235' ? 28 : 20)) return undefined;
  const kept = (KEPT[key] ?? []).map((ai) => quals.find(([q]) => q === ai)).find((q) => q !== undefined);
  return link(key, value, kept);
}
