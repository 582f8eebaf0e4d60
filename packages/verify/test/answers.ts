/** What a regulator acts on, in a form that does not depend on the order of anything: for comparing bundles. */
import type { TraceStart } from '@suyuan/food';
import { openVerifiedBundle, type BundleFinding } from '../src/index.js';
import { AUTHORITY_KEY } from './fixture.js';

/** Arrays sorted by their JSON, recursively; byte offsets dropped (they move with the sections). */
export function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'offset').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canon(x)]));
  return v;
}

const findings = (fs: BundleFinding[], food: boolean) => canon(fs.filter((f) => (f.layer === 'food') === food));

export async function answers(bytes: Uint8Array, traceCodes: readonly string[], recalls: readonly TraceStart[]) {
  const o = await openVerifiedBundle(bytes, { trust: [AUTHORITY_KEY], unverified: true });
  const q = o.queries!;
  return {
    verdict: o.report.verdict,
    layers: { ...o.report.layers, food: undefined },
    // Not canonicalised: the report lists its logs in one order whatever the bundle's order.
    logs: o.report.logs,
    findings: findings(o.report.findings, false),
    counts: Object.fromEntries(Object.entries(o.report.counts).filter(([code]) => !code.startsWith('FOOD_')).sort()),
    foodFindings: findings(o.report.findings, true),
    traces: canon(traceCodes.map((traceCode) => ({ traceCode, back: q.traceBack({ traceCode }) }))),
    recalls: canon(recalls.map((start) => q.recall([start]))),
  };
}
