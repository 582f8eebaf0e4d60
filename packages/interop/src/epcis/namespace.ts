import { canonicalIdentifier } from '../digital-link/canonical.js';
import { parseDigitalLink } from '../digital-link/uri.js';

/**
 * Suyuan's JSON-LD namespace for what CBV has no term for. Its URI is part of every exported
 * event's Event Hash ID: changing it changes every ID (docs/DECISIONS.md, issue 16).
 */
export const SUYUAN_NS = 'https://ns.suyuan.dev/epcis/';
export const SUYUAN_PREFIX = 'suyuan';
export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
export const DOCUMENT_CONTEXT = [EPCIS_CONTEXT_URL, { [SUYUAN_PREFIX]: SUYUAN_NS }];

/** Business steps CBV 2.0 has no term for. */
export const SUYUAN_BIZ_STEPS = {
  inputUse: `${SUYUAN_PREFIX}:BizStep-input_use`,
  certifying: `${SUYUAN_PREFIX}:BizStep-certifying`,
  cateringUse: `${SUYUAN_PREFIX}:BizStep-catering_use`,
} as const;

const enc = (s: string): string => encodeURIComponent(s);
const dec = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/** A lot of a product as an EPC class: LGTIN (`https://id.gs1.org/01/{gtin}/10/{lot}`), or a Suyuan URN by category. */
export function classUri(lot: string, product?: { gtin?: string; category?: string }): string {
  if (product?.gtin !== undefined) return canonicalIdentifier(`https://id.gs1.org/01/${product.gtin.padStart(14, '0')}/10/${enc(lot)}`)!;
  return `urn:suyuan:class:${enc(product?.category ?? '')}:${enc(lot)}`;
}

export function parseClassUri(uri: string): { lot: string; gtin?: string; category?: string } | undefined {
  const m = /^urn:suyuan:class:([^:]*):([^:]+)$/.exec(uri);
  if (m) {
    const category = dec(m[1]!);
    const lot = dec(m[2]!);
    if (category === undefined || lot === undefined) return undefined;
    return category === '' ? { lot } : { lot, category };
  }
  const canonical = canonicalIdentifier(uri);
  if (canonical === undefined) return undefined;
  try {
    const dl = parseDigitalLink(canonical);
    const lot = dl.qualifiers.find((q) => q.ai === '10');
    return dl.key.ai === '01' && lot !== undefined && dl.qualifiers.length === 1 ? { lot: lot.value, gtin: dl.key.value } : undefined;
  } catch {
    return undefined;
  }
}

export const partyUri = (enterprise: string): string => `urn:suyuan:party:${enc(enterprise)}`;
export const parsePartyUri = (uri: string): string | undefined => {
  const m = /^urn:suyuan:party:([^:]+)$/.exec(uri);
  return m ? dec(m[1]!) : undefined;
};

/** A location: its GLN as a Digital Link where it has one, else a URN scoped by its owner. */
export function locationUri(loc: { id: string; gln?: string }, owner: string): string {
  return loc.gln !== undefined ? `https://id.gs1.org/414/${loc.gln}` : `urn:suyuan:loc:${enc(owner)}:${enc(loc.id)}`;
}

export function parseLocationUri(uri: string): { id: string; gln?: string; owner?: string } | undefined {
  const m = /^urn:suyuan:loc:([^:]*):([^:]+)$/.exec(uri);
  if (m) {
    const owner = dec(m[1]!);
    const id = dec(m[2]!);
    return owner === undefined || id === undefined ? undefined : { id, owner };
  }
  const g = /^https:\/\/id\.gs1\.org\/414\/(\d{13})$/.exec(canonicalIdentifier(uri) ?? '');
  return g ? { id: g[1]!, gln: g[1]! } : undefined;
}

export const containerUri = (c: { sscc?: string; id?: string }, owner: string): string =>
  c.sscc !== undefined ? `https://id.gs1.org/00/${c.sscc}` : `urn:suyuan:container:${enc(owner)}:${enc(c.id!)}`;
export function parseContainerUri(uri: string): { sscc?: string; id?: string } | undefined {
  const m = /^urn:suyuan:container:([^:]*):([^:]+)$/.exec(uri);
  if (m) {
    const id = dec(m[2]!);
    return id === undefined ? undefined : { id };
  }
  const s = /^https:\/\/id\.gs1\.org\/00\/(\d{18})$/.exec(canonicalIdentifier(uri) ?? '');
  return s ? { sscc: s[1]! } : undefined;
}

/** A business document: kept as it is when already a URI, else a Suyuan URN. */
export const bizTransactionUri = (id: string): string => (/^(https?:\/\/|urn:)/i.test(id) ? id : `urn:suyuan:bt:${enc(id)}`);
export const parseBizTransactionUri = (uri: string): string | undefined => (uri.startsWith('urn:suyuan:bt:') ? dec(uri.slice(14)) : uri);

export const certificateUri = (type: string, number: string): string => `urn:suyuan:cert:${enc(type)}:${enc(number)}`;
export const sampleUri = (sampleId: string): string => `urn:suyuan:sample:${enc(sampleId)}`;
