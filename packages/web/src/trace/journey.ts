/**
 * The consumer's journey of one trace code, as plain data: built in the worker from a verified
 * excerpt, rendered by the page. DOM-free and language-free (the page puts it in words).
 */
import type { LogRecord } from '@suyuan/core';
import type { LotGraph, LotId, LotQueries, RecordId } from '@suyuan/food';
import type { BundleFinding, BundleReport, Verdict } from '@suyuan/verify';

/** What the page shows first. Only `verified` is green; `warning` is amber; the rest are red. */
export type TraceState = 'verified' | 'warning' | 'incomplete' | 'recalled' | 'failed' | 'unknown';

/** A reason the trace is not plainly verified, for the page to put in words. */
export type Problem =
  | { kind: 'finding'; code: string; severity: 'error' | 'warning'; business?: string; seq?: number }
  | { kind: 'recall'; business: string; lot: string; reason: string; action: string; time: string }
  | { kind: 'gap'; missing: number }
  | { kind: 'unsigned'; records: number };

export interface Step {
  kind: string;
  seq: number;
  /** The event time as the business recorded it (ISO 8601 with its offset). */
  time: string;
  place?: string;
  lot?: string;
  product?: string;
  quantity?: { value: string; unit: string };
  voided?: boolean;
  /** This receipt's own sale. */
  own?: boolean;
  /** Kind-specific facts, keys the page knows words for (result, analyte, basis …); values as recorded. */
  facts: [key: string, value: string][];
}

export interface Stop {
  logId: string;
  /** The enrolled name (never the log's own genesis claim); absent when not enrolled. */
  name?: string;
  enterprise: string;
  roles: string[];
  /** The hub's cosignature on this business's log: who witnessed it and when (ms). */
  witnessed?: { time: number; byThisHub: boolean };
  steps: Step[];
}

/** What a journey is of: a receipt's trace code, or a lot named by GTIN and lot (GS1 Digital Link `/01/{gtin}/10/{lot}`). */
export type JourneyTarget = { kind: 'code'; code: string } | { kind: 'lot'; gtin: string; lot: string };

export interface Journey {
  /** The trace code, or for a lot its lot code. */
  code: string;
  /** For a lot: its GTIN (as GTIN-14) and lot code, and the business whose lot it is (log id), once found in the excerpt. */
  lot?: { gtin: string; lot: string; logId?: string };
  state: TraceState;
  verdict: Verdict | 'none';
  problems: Problem[];
  /** What was checked: signatures of `businesses` enrolled businesses, witnessed by the hub at `witnessedAt`. */
  checked: { businesses: number; records: number; authorities: number; witnessedAt?: number; witnessedByThisHub: number };
  /** Farm first, this receipt's shop last; empty unless the excerpt verified. */
  stops: Stop[];
}

/** What the worker has after verifying: `openVerifiedBundle`'s answer, or the portable one's. */
export interface OpenedTrace {
  report: BundleReport;
  verified: boolean;
  graph?: LotGraph;
  queries?: LotQueries;
  records(ids: readonly RecordId[]): Map<string, LogRecord>;
}

/** A verified cosignature of some log in the excerpt. */
export interface Witnessing {
  logId: string;
  witness: string;
  time: number;
}

type Body = Record<string, any>; // a decoded, schema-checked food event body

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function facts(kind: string, b: Body): [string, string][] {
  const out: [string, string | undefined][] = [];
  switch (kind) {
    case 'food.input-use':
      out.push(['inputType', str(b.input?.type)], ['inputName', str(b.input?.name)], ['registration', str(b.input?.registration)],
        ['interval', b.safetyIntervalDays === undefined ? undefined : String(b.safetyIntervalDays)], ['field', str(b.target?.field)]);
      break;
    case 'food.harvest':
      out.push(['method', str(b.method)], ['region', str(b.origin?.region)], ['field', str(b.origin?.field)]);
      break;
    case 'food.test':
      out.push(['result', str(b.test?.result)], ['analyte', str(b.test?.analyte)], ['testType', str(b.test?.type)], ['testMethod', str(b.test?.method)], ['lab', str(b.test?.lab)],
        ['value', b.test?.value === undefined ? undefined : `${b.test.value}${b.test.unit ? ` ${b.test.unit}` : ''}`], ['limit', b.test?.limit === undefined ? undefined : `${b.test.limit}${b.test.unit ? ` ${b.test.unit}` : ''}`]);
      break;
    case 'food.certificate':
      out.push(['certType', str(b.certificate?.type)], ['certNumber', str(b.certificate?.number)], ['basis', str(b.origin)], ['issuedOn', str(b.certificate?.issuedOn)]);
      break;
    case 'food.pack':
      out.push(['container', [b.container?.type, b.container?.sscc && `SSCC ${b.container.sscc}`].filter(Boolean).join(' · ')]);
      break;
    case 'food.transform':
      out.push(['inputs', (b.inputs as Body[] | undefined)?.map((l) => l.lot).join(', ')], ['outputs', (b.outputs as Body[] | undefined)?.map((l) => l.lot).join(', ')]);
      break;
    case 'food.ship':
      out.push(['carrier', str(b.carrier)]);
      break;
    case 'food.receive':
      out.push(['status', str(b.status)], ['discrepancy', str(b.discrepancy)]);
      break;
    case 'food.sale':
      out.push(['traceCode', str(b.traceCode)]);
      break;
  }
  out.push(['note', str(b.note)]);
  return out.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
}

/** The first lot line of an event (the event's own, or the first of items/outputs/contents). */
function line(kind: string, b: Body, lots: ReadonlySet<string>): Body | undefined {
  if (typeof b.lot === 'string') return b;
  const key = kind === 'food.transform' ? 'outputs' : kind === 'food.pack' ? 'contents' : 'items';
  const ls = Array.isArray(b[key]) ? (b[key] as Body[]) : [];
  return ls.find((l) => lots.has(l.lot)) ?? ls.find((l) => typeof l.lot === 'string');
}

function toStep(rec: LogRecord, lots: ReadonlySet<string>, ownCode: string, voided: boolean): Step {
  const b = rec.body as Body;
  const l = line(rec.kind, b, lots);
  const place = str(b.bizLocation?.name) ?? str(b.bizLocation?.address);
  const step: Step = { kind: rec.kind, seq: rec.seq, time: String(b.eventTime ?? ''), facts: facts(rec.kind, b) };
  if (place !== undefined) step.place = place;
  if (l !== undefined) {
    if (typeof l.lot === 'string') step.lot = l.lot;
    if (l.product?.description !== undefined) step.product = String(l.product.description);
    if (l.quantity !== undefined) step.quantity = { value: String(l.quantity.value), unit: String(l.quantity.unit) };
  }
  if (voided) step.voided = true;
  if (rec.kind === 'food.sale' && b.traceCode === ownCode) step.own = true;
  return step;
}

const gtin14 = (g: string) => (/^\d{8}$|^\d{12,13}$/.test(g) ? g.padStart(14, '0') : g);

/**
 * The lot a GTIN and lot code name in a verified excerpt: of the lots whose signed records carry
 * that lot with that GTIN (the body's own line, or one of its items, inputs, outputs, contents),
 * the one all others are upstream of (the hub's excerpt starts at it); undefined if none is.
 * The same reading of lot lines as the hub's index (hub/src/lot-lookup/gtin-lots.ts).
 */
function lotOf(opened: OpenedTrace & { graph: LotGraph; queries: LotQueries }, gtin: string, lot: string): { logId: string; lot: string } | undefined {
  const g = opened.graph;
  const ids = g.logs.flatMap((_, i) => g.eventsOf(i).map((ev) => g.recordOf(ev.id)));
  const bodies = opened.records(ids);
  const carries = (v: unknown) => v !== null && typeof v === 'object' && (v as Body).lot === lot && typeof (v as Body).product?.gtin === 'string' && gtin14((v as Body).product.gtin) === gtin14(gtin);
  const found = new Set<string>();
  for (const id of ids) {
    const b = bodies.get(`${id.logId}:${id.seq}`)?.body as Body | undefined;
    if (b === undefined) continue;
    const lines = [b, ...['items', 'inputs', 'outputs', 'contents'].flatMap((k) => (Array.isArray(b[k]) ? (b[k] as unknown[]) : []))];
    if (lines.some(carries) && g.node(g.logNumber(id.logId)!, lot) !== undefined) found.add(id.logId);
  }
  const ups = [...found].map((logId) => ({ logId, up: new Set(opened.queries.traceBack({ logId, lot }).lots.filter((l) => l.lot === lot).map((l) => l.logId)) }));
  const sink = ups.find((x) => ups.every((y) => x.up.has(y.logId)));
  return sink === undefined ? undefined : { logId: sink.logId, lot };
}

/**
 * The journey of a receipt's trace code (or of a lot) through a verified excerpt: every lot
 * upstream of this receipt, the events on them at each business (other customers' sales left
 * out; for a lot, every sale), grouped by business and ordered from the farm on. An invalid
 * excerpt gives no stops: nothing in it is shown as fact.
 */
export function buildJourney(target: string | JourneyTarget, opened: OpenedTrace, hubWitnesses: readonly string[], cosignatures: readonly Witnessing[]): Journey {
  const t: JourneyTarget = typeof target === 'string' ? { kind: 'code', code: target } : target;
  const code = t.kind === 'code' ? t.code : t.lot;
  const r = opened.report;
  const problems: Problem[] = [];
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  const nameOf = new Map(r.logs.map((l) => [l.logId, l]));
  const finding = (f: BundleFinding): Problem => ({ kind: 'finding', code: f.code, severity: f.severity === 'error' ? 'error' : 'warning', ...(f.logId !== undefined && nameOf.get(f.logId)?.enrolment ? { business: nameOf.get(f.logId)!.enrolment!.name } : {}), ...(f.seq !== undefined ? { seq: f.seq } : {}) });
  const byThisHub = new Set(hubWitnesses);
  const business = r.logs.filter((l) => !l.authority);
  const witnessedLogs = new Map<string, { time: number; byThisHub: boolean }>();
  for (const c of cosignatures) {
    const prev = witnessedLogs.get(c.logId);
    const mine = byThisHub.has(c.witness);
    if (prev === undefined || (mine && !prev.byThisHub) || (mine === prev.byThisHub && c.time > prev.time)) witnessedLogs.set(c.logId, { time: c.time, byThisHub: mine });
  }
  const hubTimes = [...witnessedLogs.values()].filter((w) => w.byThisHub).map((w) => w.time);
  const checked = {
    businesses: business.filter((l) => l.enrolment !== undefined).length, records: r.stats.records, authorities: r.logs.filter((l) => l.authority).length,
    witnessedByThisHub: business.filter((l) => witnessedLogs.get(l.logId)?.byThisHub).length,
    ...(hubTimes.length > 0 ? { witnessedAt: Math.max(...hubTimes) } : {}),
  };
  const base: Pick<Journey, 'code' | 'lot' | 'verdict' | 'checked'> = { code, ...(t.kind === 'lot' ? { lot: { gtin: gtin14(t.gtin), lot: t.lot } } : {}), verdict: r.verdict, checked };
  if (r.verdict === 'invalid' || !opened.verified || opened.graph === undefined || opened.queries === undefined) {
    return { ...base, state: 'failed', problems: (errors.length > 0 ? errors : r.findings).map(finding), stops: [] };
  }
  const g = opened.graph;
  const start = t.kind === 'code' ? { traceCode: code } : lotOf({ ...opened, graph: g, queries: opened.queries }, t.gtin, t.lot);
  const back = start === undefined ? undefined : opened.queries.traceBack(start);
  if (back === undefined || back.start.length === 0) return { ...base, state: 'unknown', problems: [], stops: [] };
  if (base.lot !== undefined && start !== undefined && 'logId' in start) base.lot.logId = String(start.logId);

  // The lots of the journey, and the events on them that belong to it.
  const enterprises = new Set(back.lots.map((l) => l.enterprise));
  const events = new Map<string, { id: RecordId; voided: boolean }>();
  const add = (id: RecordId, voided = false) => events.set(`${id.logId}:${id.seq}`, { id, voided });
  for (const lot of back.lots) {
    const node = g.node(g.logNumber(lot.logId)!, lot.lot);
    for (const e of node?.events ?? []) {
      const ev = g.event(e);
      if (ev.kind === 'food.catering-use' || ev.kind === 'food.disposal' || ev.kind === 'food.recall' || ev.kind === 'food.correction') continue;
      add(g.recordOf(e), ev.voided);
    }
  }
  for (const o of back.origins) for (const id of o.inputs) add(id);
  const recalls = g.recalls.map((e) => g.recordOf(e));
  const bodies = opened.records([...[...events.values()].map((e) => e.id), ...recalls]);

  // Recall notices naming a lot of the journey: the recaller's own lot, or a lot at the business it names.
  for (const id of recalls) {
    const rec = bodies.get(`${id.logId}:${id.seq}`);
    if (rec === undefined) continue;
    const recaller = r.logs.find((l) => l.logId === id.logId);
    for (const l of (rec.body as Body).lots as Body[]) {
      const hits = back.lots.filter((x: LotId) => x.lot === l.lot && (l.enterprise === undefined ? x.logId === id.logId : x.enterprise === l.enterprise));
      if (hits.length > 0) {
        problems.push({ kind: 'recall', business: recaller?.enrolment?.name ?? recaller?.enterprise ?? id.logId.slice(0, 12), lot: l.lot, reason: String((rec.body as Body).reason ?? ''), action: String((rec.body as Body).action ?? ''), time: String((rec.body as Body).eventTime ?? '') });
      }
    }
  }
  const lotsByLog = new Map<string, Set<string>>();
  for (const l of back.lots) (lotsByLog.get(l.logId) ?? lotsByLog.set(l.logId, new Set()).get(l.logId)!).add(l.lot);
  const stops = new Map<string, Stop>();
  for (const { id, voided } of events.values()) {
    const rec = bodies.get(`${id.logId}:${id.seq}`);
    if (rec === undefined) continue;
    const b = rec.body as Body;
    if (rec.kind === 'food.sale' && (t.kind === 'lot' || b.traceCode !== code)) continue; // other customers' sales
    if (rec.kind === 'food.ship' && !enterprises.has(String(b.destination?.enterprise))) continue; // shipments elsewhere
    let stop = stops.get(id.logId);
    if (stop === undefined) {
      const s = nameOf.get(id.logId);
      stop = { logId: id.logId, enterprise: s?.enterprise ?? '', roles: s?.enrolment?.roles ?? [], steps: [] };
      if (s?.enrolment?.name !== undefined) stop.name = s.enrolment.name;
      const w = witnessedLogs.get(id.logId);
      if (w !== undefined) stop.witnessed = w;
      stops.set(id.logId, stop);
    }
    stop.steps.push(toStep(rec, lotsByLog.get(id.logId) ?? new Set(), code, voided));
  }
  const ms = (s: Step) => Date.parse(s.time) || 0;
  const ordered = [...stops.values()];
  for (const s of ordered) s.steps.sort((a, b) => ms(a) - ms(b) || a.seq - b.seq);
  ordered.sort((a, b) => ms(a.steps[0]!) - ms(b.steps[0]!) || a.enterprise.localeCompare(b.enterprise) || a.logId.localeCompare(b.logId));

  if (back.incomplete) problems.push({ kind: 'gap', missing: back.gaps.length });
  if (r.verdict === 'unsigned') problems.push({ kind: 'unsigned', records: r.logs.reduce((n, l) => n + (l.unsignedTail ? l.unsignedTail.to - l.unsignedTail.from : 0), 0) });
  problems.push(...warnings.map(finding));
  const state: TraceState = problems.some((p) => p.kind === 'recall') ? 'recalled'
    : problems.some((p) => p.kind === 'gap' || p.kind === 'unsigned') ? 'incomplete'
      : warnings.length > 0 ? 'warning' : 'verified';
  return { ...base, state, problems, stops: ordered };
}
