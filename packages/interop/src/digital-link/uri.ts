import { InteropError } from '../errors.js';
import { aiSpec, checkAiValue, CONVENIENCE_ALPHAS, type AiSpec } from './ai-table.js';
import { decodeDlValue, encodeDlValue } from './percent.js';

/** One AI and its value (decoded, as it would be in a barcode). */
export interface AiValue {
  ai: string;
  value: string;
}

/** A GS1 Digital Link URI taken apart. */
export interface DigitalLink {
  /** Scheme, host and any path before the primary key, e.g. `https://id.gs1.org`. */
  stem: string;
  /** The primary key, e.g. `{ ai: '01', value: '09520123456788' }`. */
  key: AiValue;
  /** Key qualifiers in path order (22, 10, 21 for a GTIN; 254 for a GLN …). */
  qualifiers: AiValue[];
  /** Data attributes from the query string, in their order there. */
  attributes: AiValue[];
}

export interface DigitalLinkOptions {
  /** Accept the deprecated path names (`/gtin/`, `/lot/`, `/ser/` …). Default false. */
  permitConvenienceAlphas?: boolean;
  /** Accept GTIN-8/12/13 in (01) and pad them to 14 digits. Default false. */
  permitZeroSuppressedGtin?: boolean;
}

export const CANONICAL_STEM = 'https://id.gs1.org';

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_DOMAIN_CHARS = /[_~?#@!$&'()*+,;=%]/;

function fail(code: ConstructorParameters<typeof InteropError>[0], why: string, path?: string): never {
  throw new InteropError(code, why, path === undefined ? {} : { path });
}

/** Is `seq` (key first) an ordered selection from one of the key's qualifier sequences? */
export function isValidPathSequence(key: AiSpec, seq: string[]): boolean {
  const alternatives = key.qualifiers ?? [];
  if (seq.length === 0) return true;
  return alternatives.some((alt) => {
    let at = 0;
    for (const ai of seq) {
      while (at < alt.length && alt[at] !== ai) at++;
      if (at === alt.length) return false;
      at++;
    }
    return true;
  });
}

function checkValue(spec: AiSpec, value: string, where: string): void {
  const bad = checkAiValue(spec, value);
  if (bad) fail(bad.code, bad.why, where);
}

function padGtin(ai: string, value: string, opts: DigitalLinkOptions): string {
  return ai === '01' && opts.permitZeroSuppressedGtin && /^(\d{8}|\d{12}|\d{13})$/.test(value) ? value.padStart(14, '0') : value;
}

/**
 * Parses a Digital Link URI the way GS1's reference parser does: the primary key is the
 * rightmost key in the path that all later path segments qualify; values are percent-decoded
 * and checked (format, check digits); query parameters with numeric names are AIs and must be
 * permitted data attributes that do not belong in the path; other query parameters and the
 * fragment are ignored. Throws an InteropError (`DL_*`) saying what is wrong.
 */
export function parseDigitalLink(uri: string, opts: DigitalLinkOptions = {}): DigitalLink {
  if (typeof uri !== 'string' || !URI_CHARS.test(uri)) fail('DL_SYNTAX', 'not a URI (illegal characters)');
  const scheme = /^(http|HTTP|https|HTTPS):\/\//.exec(uri);
  if (!scheme) fail('DL_SYNTAX', 'a Digital Link starts with http:// or https://');
  const rest = uri.slice(scheme[0].length);
  const hashAt = rest.indexOf('#');
  const noFragment = hashAt < 0 ? rest : rest.slice(0, hashAt);
  const qAt = noFragment.indexOf('?');
  const hierarchy = qAt < 0 ? noFragment : noFragment.slice(0, qAt);
  const query = qAt < 0 ? '' : noFragment.slice(qAt + 1);
  const slash = hierarchy.indexOf('/');
  const domain = slash < 0 ? hierarchy : hierarchy.slice(0, slash);
  const path = slash < 0 ? '' : hierarchy.slice(slash);
  if (domain === '' || BAD_DOMAIN_CHARS.test(domain)) fail('DL_SYNTAX', 'missing or bad domain');
  if (path === '' || path === '/') fail('DL_SYNTAX', 'no path information');
  if (path.endsWith('/')) fail('DL_SYNTAX', 'the path may not end in "/"');

  const segs = path.slice(1).split('/');
  const pathAis: AiValue[] = [];
  let keyAt = -1;
  for (let i = segs.length - 2; i >= 0; i -= 2) {
    const name = segs[i]!;
    const ai = /^\d+$/.test(name) ? name : opts.permitConvenienceAlphas ? CONVENIENCE_ALPHAS[name] : undefined;
    const spec = ai === undefined ? undefined : aiSpec(ai);
    if (!spec) {
      if (pathAis.length > 0 || ai !== undefined) fail('DL_UNKNOWN_AI', `"${name}" in the path is not a known AI`, name);
      break;
    }
    const raw = segs[i + 1]!;
    const value = decodeDlValue(raw);
    if (value === undefined || value === '') fail('DL_BAD_VALUE', `(${spec.ai}) has an empty or undecodable value`, spec.ai);
    pathAis.unshift({ ai: spec.ai, value: padGtin(spec.ai, value, opts) });
    if (spec.qualifiers) {
      keyAt = i;
      break;
    }
  }
  if (keyAt < 0) fail('DL_NO_PRIMARY_KEY', 'no GS1 primary key in the path');
  const keySpec = aiSpec(pathAis[0]!.ai)!;
  for (const { ai, value } of pathAis) checkValue(aiSpec(ai)!, value, ai);
  if (!isValidPathSequence(keySpec, pathAis.slice(1).map((a) => a.ai))) {
    fail('DL_KEY_QUALIFIER', `(${pathAis.map((a) => a.ai).join(') (')}) is not a valid key-qualifier sequence`);
  }

  const attributes: AiValue[] = [];
  for (const param of query.split('&')) {
    if (param === '') continue;
    const eq = param.indexOf('=');
    const name = eq < 0 ? param : param.slice(0, eq);
    if (!/^\d+$/.test(name)) continue; // not an AI: ignored, as the standard says
    const spec = aiSpec(name);
    if (!spec) fail('DL_UNKNOWN_AI', `query parameter ${name} is not a known AI`, name);
    const value = eq < 0 ? '' : decodeDlValue(param.slice(eq + 1), true);
    if (value === undefined || value === '') fail('DL_BAD_VALUE', `(${name}) has an empty or undecodable value`, name);
    const padded = padGtin(name, value, opts);
    checkValue(spec, padded, name);
    attributes.push({ ai: name, value: padded });
  }
  const seen = new Set<string>();
  for (const { ai } of [...pathAis, ...attributes]) {
    if (seen.has(ai)) fail('DL_DUPLICATE_AI', `(${ai}) appears twice`, ai);
    seen.add(ai);
  }
  const pathSeq = pathAis.slice(1).map((a) => a.ai);
  for (const { ai } of attributes) {
    if (!aiSpec(ai)!.attribute) fail('DL_NOT_ATTRIBUTE', `(${ai}) may not be a Digital Link data attribute`, ai);
    for (let j = 0; j <= pathSeq.length; j++) {
      if (isValidPathSequence(keySpec, [...pathSeq.slice(0, j), ai, ...pathSeq.slice(j)])) fail('DL_KEY_QUALIFIER', `(${ai}) belongs in the path, not the query`, ai);
    }
  }
  return {
    stem: `${scheme[0]}${domain}${path.slice(0, path.length - segs.slice(keyAt).join('/').length - 1)}`,
    key: pathAis[0]!,
    qualifiers: pathAis.slice(1),
    attributes,
  };
}

/**
 * Writes a Digital Link URI from AI values in any order (as they come from a barcode): the
 * first primary key goes in the path with the longest qualifier sequence the data satisfies,
 * everything else in the query, predefined-length AIs first, each group in the given order.
 * Repeated AIs with the same value are written once; with different values it is an error.
 */
export function formatDigitalLink(elements: AiValue[], stem: string = CANONICAL_STEM): string {
  const unique: AiValue[] = [];
  for (const el of elements) {
    const spec = aiSpec(el.ai);
    if (!spec) fail('DL_UNKNOWN_AI', `(${el.ai}) is not a known AI`, el.ai);
    checkValue(spec, el.value, el.ai);
    const prior = unique.find((u) => u.ai === el.ai);
    if (prior && prior.value !== el.value) fail('DL_DUPLICATE_AI', `(${el.ai}) given twice with different values`, el.ai);
    if (!prior) unique.push(el);
  }
  const key = unique.find((u) => aiSpec(u.ai)!.qualifiers !== undefined);
  if (!key) fail('DL_NO_PRIMARY_KEY', 'no GS1 primary key among the AIs');
  const present = new Set(unique.map((u) => u.ai));
  let best: string[] = [];
  let bestName = '';
  for (const alt of aiSpec(key.ai)!.qualifiers!) {
    const chosen = alt.filter((ai) => present.has(ai));
    const name = [key.ai, ...chosen].join(' ');
    if (chosen.length > best.length || (chosen.length === best.length && chosen.length > 0 && name < bestName)) {
      best = chosen;
      bestName = name;
    }
  }
  const inPath = new Set([key.ai, ...best]);
  let out = stem.endsWith('/') ? stem.slice(0, -1) : stem;
  for (const ai of [key.ai, ...best]) out += `/${ai}/${encodeDlValue(unique.find((u) => u.ai === ai)!.value)}`;
  const rest = unique.filter((u) => !inPath.has(u.ai));
  const ordered = [...rest.filter((u) => aiSpec(u.ai)!.fixed), ...rest.filter((u) => !aiSpec(u.ai)!.fixed)];
  const params = ordered.map((u) => {
    if (!aiSpec(u.ai)!.attribute) fail('DL_NOT_ATTRIBUTE', `(${u.ai}) may not be a Digital Link data attribute`, u.ai);
    return `${u.ai}=${encodeDlValue(u.value, true)}`;
  });
  return params.length > 0 ? `${out}?${params.join('&')}` : out;
}

/** The trace-code URI of a lot (`/01/{gtin}/10/{lot}`) or of one item (`/01/{gtin}/21/{serial}`). */
export function productLink(opts: { gtin: string; lot?: string; serial?: string; resolver?: string }): string {
  const gtin = /^(\d{8}|\d{12}|\d{13})$/.test(opts.gtin) ? opts.gtin.padStart(14, '0') : opts.gtin;
  const els: AiValue[] = [{ ai: '01', value: gtin }];
  if (opts.lot !== undefined) els.push({ ai: '10', value: opts.lot });
  if (opts.serial !== undefined) els.push({ ai: '21', value: opts.serial });
  return formatDigitalLink(els, opts.resolver === undefined ? CANONICAL_STEM : opts.resolver.includes('://') ? opts.resolver : `https://${opts.resolver}`);
}
