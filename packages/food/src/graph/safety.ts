import { eventTimeMs } from '../time.js';
import type { Context } from './assemble.js';
import type { LotGraph } from './graph.js';
import { FAIL, PROMISE } from './intake.js';
import type { LotNode } from './types.js';
import { pushTo } from './multimap.js';

/**
 * Food-safety rules (docs/FOOD.md has each with its code, severity and how it applies to
 * excerpts). They compare event times (instants), never log order: a lab result is often
 * logged after the sale it concerns.
 */
export function checkSafety(ctx: Context): void {
  safetyIntervals(ctx);
  failedTests(ctx);
  certificates(ctx);
  afterRecalls(ctx);
}

/** A certificate of conformity (承诺达标合格证) is needed for a producer's first sale from this instant on. */
export const CERTIFICATE_REQUIRED_FROM = '2026-02-01T00:00:00+08:00';

const HOUR = 3_600_000;
const short = (kind: string) => kind.slice(5);
const ago = (ms: number) => (ms < 48 * HOUR ? `${(ms / HOUR).toFixed(ms % HOUR === 0 ? 0 : 1)} h` : `${(ms / (24 * HOUR)).toFixed(1)} days`);

/** Harvest (or, for a treated lot, sale, shipment or kitchen use) inside a pesticide's safety interval or a drug's withdrawal period. */
function safetyIntervals({ graph: g, report }: Context): void {
  for (let id = 0; id < g.eventCount; id++) {
    if (g.kindOf(id) !== 'food.input-use' || g.voided(id)) continue;
    const { intervalMs, type } = g.extra(id, 'input-use');
    if (intervalMs <= 0) continue;
    const from = g.ev.time[id]!;
    const until = from + intervalMs;
    const inside = (e: number) => g.ev.time[e]! >= from && g.ev.time[e]! < until;
    const hits = new Set<number>();
    const field = g.ev.aux[id]!;
    if (field >= 0) for (const h of g.fieldHarvests.get(g.fieldKey(g.ev.log[id]!, field)) ?? []) if (inside(h)) hits.add(h);
    if (g.ev.lineEnd[id]! > g.ev.lineStart[id]!) { // the target lot
      for (const e of g.nodes[g.lines.node[g.ev.lineStart[id]!]!]!.events) {
        const k = g.kindOf(e);
        if ((k === 'food.harvest' || k === 'food.ship' || k === 'food.sale' || k === 'food.catering-use') && inside(e)) hits.add(e);
      }
    }
    const period = type === 'veterinary-drug' ? 'withdrawal period (休药期)' : 'safety interval (安全间隔期)';
    for (const e of [...hits].sort((a, b) => a - b)) {
      report('FOOD_SAFETY_INTERVAL', 'error', `${short(g.kindOf(e))} ${ago(g.ev.time[e]! - from)} after a ${type} use with a ${intervalMs / (24 * HOUR)}-day ${period}`, e, { evidence: [g.recordOf(id)] });
    }
  }
}

/** Time order of events, ties broken by log order. */
const byTime = (g: LotGraph) => (a: number, b: number) => g.ev.time[a]! - g.ev.time[b]! || g.ev.seq[a]! - g.ev.seq[b]!;

/** Shipped, sold or served after a failed test of the lot here, with no passing test or disposal between. */
function failedTests({ graph: g, report }: Context): void {
  const failing = new Set<number>();
  for (let id = 0; id < g.eventCount; id++) {
    if (g.kindOf(id) === 'food.test' && (g.ev.flags[id]! & FAIL) !== 0 && !g.voided(id)) for (const n of g.nodesOf(id)) failing.add(n);
  }
  for (const n of [...failing].sort((a, b) => a - b)) {
    const node = g.nodes[n]!;
    if (g.logs[node.log]!.partial) continue; // a passing retest or a disposal may be outside the excerpt
    let failed: number | undefined;
    for (const e of node.events.slice().sort(byTime(g))) {
      const k = g.kindOf(e);
      if (k === 'food.test') failed = (g.ev.flags[e]! & FAIL) !== 0 ? failed ?? e : undefined;
      else if (k === 'food.disposal') failed = undefined;
      else if (failed !== undefined && (k === 'food.sale' || k === 'food.catering-use' || (k === 'food.ship' && !returnsToSupplier(g, e, node)))) {
        report('FOOD_FAILED_TEST', 'error', `${short(k)} of lot ${node.lot} after it failed a test, with no passing test or disposal since`, e, { evidence: [g.recordOf(failed)] });
      }
    }
  }
}

/** A producer's first sale or shipment of a lot it harvested, without a 承诺达标合格证 issued by then. */
function certificates({ graph: g, report, opts }: Context): void {
  const required = eventTimeMs(opts.certificateRequiredFrom ?? CERTIFICATE_REQUIRED_FROM);
  for (const node of g.nodes) {
    if (g.logs[node.log]!.partial) continue; // the first sale, and the certificate, may be outside the excerpt
    const harvest = node.sources.find((s) => g.kindOf(s) === 'food.harvest');
    if (harvest === undefined) continue;
    let first: number | undefined;
    for (const e of node.events) {
      const k = g.kindOf(e);
      if ((k === 'food.sale' || k === 'food.ship') && (first === undefined || byTime(g)(e, first) < 0)) first = e;
    }
    if (first === undefined || g.ev.time[first]! < required) continue;
    const certified = node.events.some((e) => g.kindOf(e) === 'food.certificate' && (g.ev.flags[e]! & PROMISE) !== 0 && g.ev.time[e]! <= g.ev.time[first]!);
    if (!certified) report('FOOD_NO_CERTIFICATE', 'warning', `first ${short(g.kindOf(first))} of lot ${node.lot}, harvested here, without a 承诺达标合格证 issued by then`, first, { evidence: [g.recordOf(harvest)] });
  }
}

/**
 * Shipped, sold or served after a recall notice for the lot: the business's own notice, or
 * anyone's naming the business (`enterprise`). Lots downstream of the recalled one (moved on
 * or made from it) sold after the notice are a warning: the notice may not have reached them.
 */
function afterRecalls({ graph: g, report }: Context): void {
  const logsOf = new Map<string, number[]>();
  g.logs.forEach((l, i) => pushTo(logsOf, l.enterprise, i));
  const flagged = new Set<number>();
  const upstream: { recall: number; node: LotNode }[] = [];
  for (const r of g.recalls) {
    const issuer = g.logs[g.ev.log[r]!]!.enterprise;
    for (const { lot, enterprise } of g.extra(r, 'recall').lots) {
      for (const log of enterprise === undefined ? [g.ev.log[r]!] : logsOf.get(enterprise) ?? []) {
        const node = g.node(log, lot);
        if (node === undefined) continue;
        for (const e of afterNotice(g, r, node, issuer)) {
          if (flagged.has(e)) continue;
          flagged.add(e);
          report('FOOD_AFTER_RECALL', 'error', `${short(g.kindOf(e))} of lot ${lot} after a recall notice for it`, e, { evidence: [g.recordOf(r)] });
        }
        upstream.push({ recall: r, node });
      }
    }
  }
  for (const { recall: r, node } of upstream) {
    for (const d of downstreamOf(g, node)) {
      for (const e of afterNotice(g, r, d, g.logs[g.ev.log[r]!]!.enterprise)) {
        if (flagged.has(e)) continue;
        flagged.add(e);
        report('FOOD_AFTER_RECALL_UPSTREAM', 'warning', `${short(g.kindOf(e))} of lot ${d.lot}, which comes from recalled lot ${node.lot} at ${g.logs[node.log]!.enterprise}, after the recall notice`, e, { evidence: [g.recordOf(r)] });
      }
    }
  }
}

/** Sales, kitchen uses and shipments (other than returns) of a lot here after a recall notice. */
function afterNotice(g: LotGraph, recall: number, node: LotNode, issuer: string): number[] {
  const t = g.ev.time[recall]!;
  const sameLog = g.ev.log[recall] === node.log;
  return node.events.filter((e) => {
    const k = g.kindOf(e);
    if (k !== 'food.sale' && k !== 'food.catering-use' && k !== 'food.ship') return false;
    const after = g.ev.time[e]! > t || (sameLog && g.ev.time[e] === t && g.ev.seq[e]! > g.ev.seq[recall]!);
    if (!after) return false;
    return k !== 'food.ship' || (g.extra(e, 'ship').destination !== issuer && !returnsToSupplier(g, e, node));
  });
}

/** A shipment back to a business this lot was received from. */
function returnsToSupplier(g: LotGraph, ship: number, node: LotNode): boolean {
  const to = g.extra(ship, 'ship').destination;
  return node.sources.some((s) => g.kindOf(s) === 'food.receive' && g.extra(s, 'receive').source === to);
}

/** Every lot downstream of a node, the node excluded. */
function downstreamOf(g: LotGraph, start: LotNode): LotNode[] {
  const seen = new Set([start.id]);
  const out: LotNode[] = [];
  const queue = [...start.downstream];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = g.nodes[id]!;
    out.push(node);
    queue.push(...node.downstream);
  }
  return out;
}
