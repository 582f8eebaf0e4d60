import type { BizTransaction, EventBodies, FoodKind, ItemLine, Location, LotLine, Party, Product } from '@suyuan/food';
import { InteropError } from '../errors.js';
import { RawNumber, scalarText, type Json } from '../hash/values.js';
import {
  bizTransactionUri, certificateUri, classUri, containerUri, locationUri, parseBizTransactionUri, parseClassUri, parseContainerUri,
  parseLocationUri, parsePartyUri, partyUri, sampleUri, SUYUAN_BIZ_STEPS,
} from './namespace.js';

/**
 * The standard-field half of the mapping, both ways: what of each Suyuan body EPCIS 2.0 / CBV
 * 2.0 have a place for. `toStandard` writes those fields; `fromStandard` reads them back into
 * a (partial) body. Whatever the round trip does not reproduce goes into `suyuan:detail`
 * (residue.ts). docs/INTEROP.md has the table.
 */
export type Obj = { [key: string]: Json };

/** How each kind is spelled in EPCIS: event type, action, business step, disposition. */
export const EPCIS_SHAPE: Record<FoodKind, { type: string; action?: string; bizStep: string; disposition?: string }> = {
  'food.input-use': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: SUYUAN_BIZ_STEPS.inputUse },
  'food.harvest': { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active' },
  'food.test': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting' },
  'food.certificate': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: SUYUAN_BIZ_STEPS.certifying },
  'food.pack': { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', disposition: 'in_progress' },
  'food.transform': { type: 'TransformationEvent', bizStep: 'commissioning', disposition: 'active' },
  'food.ship': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit' },
  'food.receive': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'receiving' },
  'food.sale': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'retail_selling', disposition: 'retail_sold' },
  'food.catering-use': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: SUYUAN_BIZ_STEPS.cateringUse },
  'food.disposal': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'destroying', disposition: 'destroyed' },
  'food.recall': { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'holding', disposition: 'recalled' },
  'food.correction': { type: 'ObjectEvent', bizStep: 'other' }, // written as an errorDeclaration on the events it voids
};

const TEST_DISPOSITION = { pass: 'conformant', fail: 'non_conformant' } as const;
const RECEIVE_DISPOSITION = { accepted: 'in_progress', partial: 'mismatch_quantity', rejected: 'non_conformant' } as const;

/** Which kind an event is, from its type, business step and disposition; undefined if none. */
export function kindOf(event: Obj): FoodKind | undefined {
  const bizStep = bare(event.bizStep);
  for (const [kind, shape] of Object.entries(EPCIS_SHAPE) as [FoodKind, (typeof EPCIS_SHAPE)[FoodKind]][]) {
    if (kind === 'food.correction') continue;
    if (shape.type === event.type && shape.bizStep === bizStep && (shape.action === undefined || shape.action === event.action)) return kind;
  }
  return undefined;
}

/** A CBV value written as a bare term, a CURIE or a Web URI / URN, as its bare term. */
export function bare(v: Json | undefined): string | undefined {
  const s = v === undefined ? undefined : scalarText(v);
  if (s === undefined) return undefined;
  const m = /^(?:https:\/\/ref\.gs1\.org\/cbv\/|cbv:)(?:BizStep|Disp|BTT|SDT|ER)-(.+)$/.exec(s) ?? /^urn:epcglobal:cbv:(?:bizstep|disp|btt|sdt|er):(.+)$/.exec(s);
  if (m) return m[1];
  return s.startsWith('https://ns.suyuan.dev/epcis/') ? `suyuan:${s.slice(28)}` : s;
}

// ---- lots, quantities, places, parties ----

export interface MapContext {
  /** The enterprise (USCC) the event belongs to: it scopes location and container URNs. */
  enterprise: string;
}

function quantity(line: LotLine): Obj {
  return { epcClass: classUri(line.lot, line.product), quantity: new RawNumber(line.quantity.value), uom: line.quantity.unit };
}

function productOf(c: { gtin?: string; category?: string }, description: string | undefined): Product {
  return { description: description ?? '', ...(c.gtin !== undefined ? { gtin: c.gtin } : {}), ...(c.category !== undefined ? { category: c.category } : {}) };
}

function lotLineOf(q: Json, path: string): LotLine {
  const o = asObj(q, path);
  const c = parseClassUri(scalarText(o.epcClass ?? null) ?? '');
  if (!c) throw new InteropError('EPCIS_UNSUPPORTED', 'epcClass is neither an LGTIN nor a Suyuan class', { path: `${path}.epcClass` });
  const qty = o.quantity instanceof RawNumber ? o.quantity.text : typeof o.quantity === 'number' ? String(o.quantity) : undefined;
  const unit = scalarText(o.uom ?? null);
  if (qty === undefined || unit === undefined) throw new InteropError('EPCIS_UNSUPPORTED', 'a lot without a quantity and unit', { path });
  for (const k of Object.keys(o)) if (!['epcClass', 'quantity', 'uom'].includes(k)) throw new InteropError('EPCIS_UNMAPPED_FIELD', `${k} in a quantity element`, { path: `${path}.${k}` });
  return { lot: c.lot, product: productOf(c, c.gtin !== undefined ? `GTIN ${c.gtin}` : c.category), quantity: { value: decimalOf(qty), unit } };
}

/** EPCIS numbers as Suyuan decimal strings (no exponent, no sign, no trailing zeros). */
function decimalOf(text: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (m) return `${m[1]!.replace(/^0+(?=\d)/, '')}${m[2] && /[1-9]/.test(m[2]) ? `.${m[2].replace(/0+$/, '')}` : ''}`;
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : text;
}

function location(loc: Location | undefined, owner: string): Obj | undefined {
  return loc === undefined ? undefined : { id: locationUri(loc, owner) };
}

function locationOf(v: Json | undefined, path: string): Location | undefined {
  if (v === undefined) return undefined;
  const o = asObj(v, path);
  const l = parseLocationUri(scalarText(o.id ?? null) ?? '');
  if (!l) throw new InteropError('EPCIS_UNSUPPORTED', 'a location that is neither a GLN nor a Suyuan location', { path: `${path}.id` });
  return l.gln !== undefined ? { id: l.id, gln: l.gln } : { id: l.id };
}

function partyList(p: Party, role: 'source' | 'destination'): Obj[] {
  const out: Obj[] = [{ type: 'owning_party', [role]: partyUri(p.enterprise) }];
  if (p.location) out.push({ type: 'location', [role]: locationUri(p.location, p.enterprise) });
  return out;
}

function partyOf(list: Json | undefined, role: 'source' | 'destination', path: string): Party {
  let enterprise: string | undefined;
  let loc: Location | undefined;
  for (const [i, e] of asList(list).entries()) {
    const o = asObj(e, `${path}[${i}]`);
    const type = bare(o.type);
    const uri = scalarText(o[role] ?? null) ?? '';
    if (type === 'owning_party' || type === 'possessing_party') enterprise ??= parsePartyUri(uri);
    else if (type === 'location') loc = locationOf({ id: uri }, `${path}[${i}]`);
  }
  if (enterprise === undefined) throw new InteropError('EPCIS_UNSUPPORTED', `no Suyuan party (urn:suyuan:party:…) in ${path}`, { path });
  return loc ? { enterprise, location: loc } : { enterprise };
}

function items(lines: ItemLine[]): { epcList?: Json[]; quantityList?: Json[] } {
  const lots = lines.filter((l): l is LotLine => !('sscc' in l));
  const boxes = lines.filter((l): l is { sscc: string } => 'sscc' in l);
  return {
    ...(boxes.length > 0 ? { epcList: boxes.map((b) => `https://id.gs1.org/00/${b.sscc}`) } : {}),
    ...(lots.length > 0 ? { quantityList: lots.map(quantity) } : {}),
  };
}

function itemsOf(event: Obj): ItemLine[] {
  const out: ItemLine[] = asList(event.quantityList).map((q, i) => lotLineOf(q, `quantityList[${i}]`));
  for (const [i, e] of asList(event.epcList).entries()) {
    const c = parseContainerUri(scalarText(e) ?? '');
    if (c?.sscc === undefined) throw new InteropError('EPCIS_UNSUPPORTED', 'only whole containers (SSCC) can be listed as EPCs', { path: `epcList[${i}]` });
    out.push({ sscc: c.sscc });
  }
  return out;
}

function asObj(v: Json | undefined, path: string): Obj {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v) || v instanceof RawNumber) throw new InteropError('EPCIS_EVENT_SHAPE', 'must be an object', { path });
  return v;
}
const asList = (v: Json | undefined): Json[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

// ---- whole events ----

type Body<K extends FoodKind> = EventBodies[K];

/** The standard EPCIS fields of one body (without eventID and Suyuan extensions). */
export function toStandard(kind: FoodKind, body: Body<FoodKind>, ctx: MapContext): Obj {
  const shape = EPCIS_SHAPE[kind];
  const b = body as unknown as Record<string, never>;
  const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(body.eventTime)?.[1] ?? 'Z';
  const ev: Obj = { type: shape.type, eventTime: body.eventTime, eventTimeZoneOffset: offset === 'Z' ? '+00:00' : offset };
  const set = (k: string, v: Json | undefined): void => {
    if (v !== undefined) ev[k] = v;
  };
  switch (kind) {
    case 'food.input-use': {
      const u = body as Body<'food.input-use'>;
      set('quantityList', [{ epcClass: `urn:suyuan:input:${encodeURIComponent(u.input.type)}:${encodeURIComponent(u.input.name)}`, quantity: new RawNumber(u.input.quantity.value), uom: u.input.quantity.unit }]);
      break;
    }
    case 'food.harvest': case 'food.certificate': case 'food.sale': case 'food.catering-use': case 'food.disposal':
      set('quantityList', [quantity(body as LotLine & Body<'food.harvest'>)]);
      if (kind === 'food.certificate') {
        const c = (body as Body<'food.certificate'>).certificate;
        set('certificationInfo', certificateUri(c.type, c.number));
      }
      break;
    case 'food.test': {
      const t = body as Body<'food.test'>;
      if (t.test.sampleId !== undefined) set('certificationInfo', sampleUri(t.test.sampleId));
      set('quantityList', [{ epcClass: classUri(t.lot, t.product) }]);
      break;
    }
    case 'food.pack': {
      const p = body as Body<'food.pack'>;
      set('parentID', containerUri(p.container, ctx.enterprise));
      set('childQuantityList', p.contents.map(quantity));
      break;
    }
    case 'food.transform': {
      const t = body as Body<'food.transform'>;
      set('inputQuantityList', t.inputs.map(quantity));
      set('outputQuantityList', t.outputs.map(quantity));
      break;
    }
    case 'food.ship': case 'food.receive':
      Object.assign(ev, items((body as Body<'food.ship'>).items));
      break;
    case 'food.recall':
      set('quantityList', (body as Body<'food.recall'>).lots.map((l) => ({ epcClass: classUri(l.lot, l.product) })));
      break;
    case 'food.correction':
      break;
  }
  set('action', shape.action);
  set('bizStep', shape.bizStep);
  const disposition = kind === 'food.test' ? TEST_DISPOSITION[(body as Body<'food.test'>).test.result]
    : kind === 'food.receive' ? RECEIVE_DISPOSITION[(body as Body<'food.receive'>).status] : shape.disposition;
  set('disposition', disposition);
  if (kind === 'food.ship') set('readPoint', location(body.bizLocation, ctx.enterprise));
  else set('bizLocation', location(body.bizLocation, ctx.enterprise));
  if (body.bizTransactions) set('bizTransactionList', body.bizTransactions.map((t) => ({ type: t.type, bizTransaction: bizTransactionUri(t.id) })));
  if (kind === 'food.ship') set('destinationList', partyList((body as Body<'food.ship'>).destination, 'destination'));
  if (kind === 'food.receive') set('sourceList', partyList((body as Body<'food.receive'>).source, 'source'));
  void b;
  return ev;
}

/** Standard fields each kind reads (anything else outside `suyuan:` is refused on import). */
export const STANDARD_KEYS = new Set(['type', 'eventTime', 'eventTimeZoneOffset', 'eventID', 'recordTime', '@context', 'action', 'bizStep', 'disposition',
  'bizLocation', 'readPoint', 'bizTransactionList', 'quantityList', 'epcList', 'childQuantityList', 'parentID', 'inputQuantityList', 'outputQuantityList',
  'certificationInfo', 'sourceList', 'destinationList', 'errorDeclaration', 'ilmd']);

/** The body the standard fields say, as far as they say it (the inverse of `toStandard`). */
export function fromStandard(kind: FoodKind, ev: Obj): Record<string, unknown> {
  const body: Record<string, unknown> = { eventTime: scalarText(ev.eventTime ?? null) };
  const loc = locationOf(kind === 'food.ship' ? ev.readPoint : ev.bizLocation ?? ev.readPoint, kind === 'food.ship' ? 'readPoint' : 'bizLocation');
  if (loc) body.bizLocation = loc;
  const bts = asList(ev.bizTransactionList).map((t, i): BizTransaction => {
    const o = asObj(t, `bizTransactionList[${i}]`);
    return { type: bare(o.type) ?? 'po', id: parseBizTransactionUri(scalarText(o.bizTransaction ?? null) ?? '') ?? '' };
  });
  if (bts.length > 0) body.bizTransactions = bts;
  const lines = () => asList(ev.quantityList).map((q, i) => lotLineOf(q, `quantityList[${i}]`));
  const one = () => {
    const l = lines();
    if (l.length !== 1) throw new InteropError('EPCIS_UNSUPPORTED', `a ${kind} event names exactly one lot`, { path: 'quantityList' });
    return l[0]!;
  };
  const disposition = bare(ev.disposition);
  switch (kind) {
    case 'food.input-use': {
      const q = asObj(asList(ev.quantityList)[0], 'quantityList[0]');
      const m = /^urn:suyuan:input:([^:]+):([^:]+)$/.exec(scalarText(q.epcClass ?? null) ?? '');
      if (!m) throw new InteropError('EPCIS_UNSUPPORTED', 'an input use names its input as urn:suyuan:input:…', { path: 'quantityList[0].epcClass' });
      body.input = { type: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!), quantity: { value: decimalOf(scalarText(q.quantity ?? null) ?? ''), unit: scalarText(q.uom ?? null) } };
      break;
    }
    case 'food.harvest':
      Object.assign(body, one(), { method: 'harvest' });
      break;
    case 'food.certificate': case 'food.sale': case 'food.catering-use': case 'food.disposal':
      Object.assign(body, one());
      break;
    case 'food.test': {
      const q = asObj(asList(ev.quantityList)[0], 'quantityList[0]');
      const c = parseClassUri(scalarText(q.epcClass ?? null) ?? '');
      if (!c) throw new InteropError('EPCIS_UNSUPPORTED', 'the tested lot is neither an LGTIN nor a Suyuan class', { path: 'quantityList[0].epcClass' });
      body.lot = c.lot;
      if (c.gtin !== undefined || c.category !== undefined) body.product = productOf(c, c.gtin !== undefined ? `GTIN ${c.gtin}` : c.category);
      body.test = { result: disposition === 'non_conformant' ? 'fail' : 'pass' };
      break;
    }
    case 'food.pack': {
      const c = parseContainerUri(scalarText(ev.parentID ?? null) ?? '');
      if (!c) throw new InteropError('EPCIS_UNSUPPORTED', 'the parent is neither an SSCC nor a Suyuan container', { path: 'parentID' });
      body.container = c;
      body.contents = asList(ev.childQuantityList).map((q, i) => lotLineOf(q, `childQuantityList[${i}]`));
      break;
    }
    case 'food.transform':
      body.inputs = asList(ev.inputQuantityList).map((q, i) => lotLineOf(q, `inputQuantityList[${i}]`));
      body.outputs = asList(ev.outputQuantityList).map((q, i) => lotLineOf(q, `outputQuantityList[${i}]`));
      break;
    case 'food.ship':
      body.items = itemsOf(ev);
      body.destination = partyOf(ev.destinationList, 'destination', 'destinationList');
      break;
    case 'food.receive':
      body.items = itemsOf(ev);
      body.source = partyOf(ev.sourceList, 'source', 'sourceList');
      body.status = disposition === 'mismatch_quantity' ? 'partial' : disposition === 'non_conformant' ? 'rejected' : 'accepted';
      break;
    case 'food.recall':
      body.lots = asList(ev.quantityList).map((q, i) => {
        const c = parseClassUri(scalarText(asObj(q, `quantityList[${i}]`).epcClass ?? null) ?? '');
        if (!c) throw new InteropError('EPCIS_UNSUPPORTED', 'a recalled lot is neither an LGTIN nor a Suyuan class', { path: `quantityList[${i}]` });
        return c.gtin !== undefined || c.category !== undefined ? { lot: c.lot, product: productOf(c, c.gtin !== undefined ? `GTIN ${c.gtin}` : c.category) } : { lot: c.lot };
      });
      break;
    case 'food.correction':
      break;
  }
  return body;
}
