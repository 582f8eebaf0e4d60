import { toHex } from '@suyuan/core';
import { eventTimeMs, isFoodKind, validateEvent, type EventBodies, type Location, type LotLine, type Party, type Product } from '@suyuan/food';
import { InteropError } from '../errors.js';
import type { ExportRecord } from '../epcis/export.js';

/**
 * The FSMA 204 sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)): one row per Critical Tracking
 * Event and traceability lot, with its Key Data Elements as columns. docs/INTEROP.md says
 * which Suyuan field fills which KDE, and which KDEs a Suyuan chain cannot supply.
 */
export type Cte = 'Harvesting' | 'First land-based receiving' | 'Initial packing' | 'Shipping' | 'Receiving' | 'Transformation';

export const FSMA_COLUMNS = [
  ['cte', 'Critical tracking event'],
  ['tlc', 'Traceability lot code'],
  ['tlcSource', 'Traceability lot code source (location description)'],
  ['product', 'Product description'],
  ['productId', 'Product identifier (GTIN or category)'],
  ['quantity', 'Quantity'],
  ['unit', 'Unit of measure'],
  ['date', 'Date of event'],
  ['time', 'Time of event (with UTC offset)'],
  ['location', 'Location of event (description)'],
  ['shipFrom', 'Ship-from / immediate previous source'],
  ['shipTo', 'Ship-to / immediate subsequent recipient'],
  ['inputTlcs', 'Input traceability lot codes (transformation)'],
  ['harvestArea', 'Harvest field / origin'],
  ['referenceType', 'Reference document type'],
  ['referenceNumber', 'Reference document number'],
  ['business', 'Business (统一社会信用代码)'],
  ['record', 'Suyuan record (log id / seq)'],
] as const;

export type FsmaRow = { [K in (typeof FSMA_COLUMNS)[number][0]]: string };

export interface FsmaOptions {
  /** Only rows of this traceability lot code (as TLC or as a transformation input). */
  lot?: string;
  /** Only rows of this product (GTIN, category code, or exact description). */
  product?: string;
  /** Only events from / until this date (YYYY-MM-DD, the event's own local date, inclusive) or instant (ISO 8601). */
  from?: string;
  to?: string;
  /** Business names by 统一社会信用代码 (from enrolments), for location descriptions. */
  names?: Readonly<Record<string, string>>;
}

const BTT: Readonly<Record<string, string>> = { po: 'Purchase order', desadv: 'Despatch advice', inv: 'Invoice', bol: 'Bill of lading', recadv: 'Receiving advice', prodorder: 'Production order', cert: 'Certificate' };

function describe(loc: Location | undefined, enterprise: string | undefined, names: Readonly<Record<string, string>>): string {
  const parts = [enterprise !== undefined ? names[enterprise] ?? enterprise : undefined, loc?.name, loc?.address, loc?.gln !== undefined ? `GLN ${loc.gln}` : loc?.id !== undefined && loc.name === undefined ? loc.id : undefined];
  return parts.filter((p): p is string => p !== undefined && p !== '').join(', ');
}
const party = (p: Party, names: Readonly<Record<string, string>>): string => describe(p.location, p.enterprise, { ...names, ...(p.name ? { [p.enterprise]: p.name } : {}) });
const productId = (p: Product | undefined): string => (p?.gtin !== undefined ? `GTIN ${p.gtin}` : p?.category !== undefined ? `category ${p.category}` : '');

/** A GTIN of any length matches its 14-digit form; a category code or description matches exactly. */
function matchesProduct(row: FsmaRow, wanted: string): boolean {
  const gtin = (s: string) => (/^\d{8,14}$/.test(s) ? s.padStart(14, '0') : s);
  return (row.productId.startsWith('GTIN ') && gtin(row.productId.slice(5)) === gtin(wanted)) || row.productId === `category ${wanted}` || row.product === wanted;
}

/** Is the event inside [from, to]? A date bound compares the event's own (local) date, an instant compares instants. */
function within(eventTime: string, from: string | undefined, to: string | undefined): boolean {
  const test = (b: string, after: boolean): boolean => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(b)) return after ? eventTime.slice(0, 10) >= b : eventTime.slice(0, 10) <= b;
    return after ? eventTimeMs(eventTime) >= Date.parse(b) : eventTimeMs(eventTime) <= Date.parse(b);
  };
  return (from === undefined || test(from, true)) && (to === undefined || test(to, false));
}

function checkBound(b: string | undefined): void {
  if (b !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(b) || Number.isNaN(Date.parse(b.length === 10 ? `${b}T00:00:00Z` : b)))) {
    throw new InteropError('FSMA_ARGUMENT', `${b} is not an ISO 8601 date or time`);
  }
}

/**
 * The spreadsheet's rows, in record order, one record at a time (memory: the lots seen, for
 * their TLC source). Records that are not food events, or whose body is invalid, give no row.
 */
export async function* fsma204Rows(records: Iterable<ExportRecord> | AsyncIterable<ExportRecord>, opts: FsmaOptions = {}): AsyncGenerator<FsmaRow> {
  const names = opts.names ?? {};
  checkBound(opts.from);
  checkBound(opts.to);
  /** (business, lot) → where the lot code was assigned. */
  const sources = new Map<string, string>();
  for await (const rec of records) {
    if (!isFoodKind(rec.kind) || validateEvent(rec.kind, rec.body).length > 0) continue;
    const body = rec.body as EventBodies['food.ship'];
    if (!within(body.eventTime, opts.from, opts.to)) continue;
    const here = describe(body.bizLocation, rec.enterprise, names);
    const doc = body.bizTransactions?.[0];
    const base = {
      date: body.eventTime.slice(0, 10), time: body.eventTime.slice(11), location: here, shipFrom: '', shipTo: '', inputTlcs: '', harvestArea: '',
      referenceType: doc ? BTT[doc.type] ?? doc.type : '', referenceNumber: doc?.id ?? '', business: rec.enterprise,
      record: rec.logId !== undefined ? `${typeof rec.logId === 'string' ? rec.logId : toHex(rec.logId)}/${rec.seq ?? ''}` : '',
    };
    const key = (lot: string, business = rec.enterprise) => `${business}\u0000${lot}`;
    const line = (cte: Cte, l: LotLine, tlcSource: string, extra: Partial<FsmaRow> = {}): FsmaRow => ({
      ...base, cte, tlc: l.lot, tlcSource, product: l.product.description, productId: productId(l.product), quantity: l.quantity.value, unit: l.quantity.unit, ...extra,
    });
    const rows: FsmaRow[] = [];
    switch (rec.kind) {
      case 'food.harvest': {
        const h = rec.body as EventBodies['food.harvest'];
        sources.set(key(h.lot), here);
        rows.push(line(h.method === 'catch' ? 'First land-based receiving' : 'Harvesting', h, here, { harvestArea: [h.origin?.region, h.origin?.field].filter(Boolean).join(', ') }));
        break;
      }
      case 'food.pack': {
        const p = rec.body as EventBodies['food.pack'];
        for (const l of p.contents) rows.push(line('Initial packing', l, sources.get(key(l.lot)) ?? here, { referenceNumber: base.referenceNumber || (p.container.sscc ?? p.container.id ?? '') }));
        break;
      }
      case 'food.transform': {
        const t = rec.body as EventBodies['food.transform'];
        const inputs = t.inputs.map((i) => i.lot).join('; ');
        for (const o of t.outputs) {
          sources.set(key(o.lot), here);
          rows.push(line('Transformation', o, here, { inputTlcs: inputs }));
        }
        break;
      }
      case 'food.ship': {
        for (const item of body.items) {
          if ('sscc' in item) {
            rows.push({ ...base, cte: 'Shipping', tlc: '', tlcSource: '', product: `container SSCC ${item.sscc}`, productId: '', quantity: '1', unit: 'container', shipFrom: here, shipTo: party(body.destination, names) });
            continue;
          }
          rows.push(line('Shipping', item, sources.get(key(item.lot)) ?? '', { shipFrom: here, shipTo: party(body.destination, names) }));
        }
        break;
      }
      case 'food.receive': {
        const r = rec.body as EventBodies['food.receive'];
        if (r.status === 'rejected') break;
        const previous = party(r.source, names);
        for (const item of r.items) {
          if ('sscc' in item) continue;
          const source = sources.get(key(item.lot, r.source.enterprise)) ?? previous;
          sources.set(key(item.lot), source);
          rows.push(line('Receiving', item, source, { shipFrom: previous, shipTo: here }));
        }
        break;
      }
      default:
        break;
    }
    for (const row of rows) {
      if (opts.lot !== undefined && row.tlc !== opts.lot && !row.inputTlcs.split('; ').includes(opts.lot)) continue;
      if (opts.product !== undefined && !matchesProduct(row, opts.product)) continue;
      yield row;
    }
  }
}
