/**
 * Issue 10: trace excerpts are complete. An excerpt verifies valid on its own, food rules on,
 * and a trace on it equals the trace on the whole bundle: over generated chains and over every
 * sale of the demo-like scenario. Issue 14 Q9: an authority log carried as an excerpt still
 * enrols the businesses whose enrolments it proves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceStart } from '@suyuan/food';
import { BundleWriter, exportTrace, openVerifiedBundle } from '../src/index.js';
import { canon } from './answers.js';
import { authorityFor, buildChain, chainBundle, plan } from './chains.js';
import { AUTHORITY_KEY, scenarioBundle } from './fixture.js';

type Logs = Parameters<typeof exportTrace>[1]['logs'];
type Authority = NonNullable<Parameters<typeof exportTrace>[1]['authorities']>[number];

async function excerpt(logs: Logs, authority: Authority, start: TraceStart) {
  const w = BundleWriter.toMemory({ created: 2 });
  exportTrace(w, { logs, authorities: [authority], start });
  return w.finish()!;
}

/** Trace back (and, for a lot, trace forward and recall) on the excerpt equal those on the whole bundle; the excerpt is valid. */
async function checkExcerpt(full: Uint8Array, logs: Logs, authority: Authority, start: TraceStart) {
  const whole = await openVerifiedBundle(full, { trust: [AUTHORITY_KEY] });
  const part = await openVerifiedBundle(await excerpt(logs, authority, start), { trust: [AUTHORITY_KEY] });
  expect(part.report.findings).toEqual([]);
  expect(part.report.verdict).toBe('valid');
  expect(part.report.logs.filter((l) => !l.authority).every((l) => l.mode === 'excerpt' && l.enrolment !== undefined)).toBe(true);
  expect(canon(part.queries!.traceBack(start))).toEqual(canon(whole.queries!.traceBack(start)));
  if (!('traceCode' in start)) {
    expect(canon(part.queries!.traceForward(start))).toEqual(canon(whole.queries!.traceForward(start)));
    expect(canon(part.queries!.recall([start]))).toEqual(canon(whole.queries!.recall([start])));
  }
}

describe('trace excerpts', () => {
  it('every sale of the demo-like chain: the excerpt is valid and traces back the same', async () => {
    const { bytes, scenario, checkpoints, authorityLog } = await scenarioBundle();
    const logs = Object.entries(scenario.businesses).map(([name, b]) => ({ logId: b.logId, enterprise: b.enterprise, records: [b.writer.genesis, ...b.appended], checkpoints: [checkpoints[name]!] }));
    for (const code of [...[...Array(10).keys()].map((i) => `M1-${i}`), ...[...Array(4).keys()].map((i) => `M2-${i}`)]) await checkExcerpt(bytes, logs, authorityLog, { traceCode: code });
  });

  it('every farm lot of the demo-like chain: back, forward and recall the same', async () => {
    const { bytes, scenario, checkpoints, authorityLog } = await scenarioBundle();
    const logs = Object.entries(scenario.businesses).map(([name, b]) => ({ logId: b.logId, enterprise: b.enterprise, records: [b.writer.genesis, ...b.appended], checkpoints: [checkpoints[name]!] }));
    await checkExcerpt(bytes, logs, authorityLog, { logId: scenario.businesses.farmA.logId, lot: 'QK-A1' });
    await checkExcerpt(bytes, logs, authorityLog, { logId: scenario.businesses.farmB.logId, lot: 'QK-B1' });
  });

  it('generated chains: every trace code and every farm lot', async () => {
    await fc.assert(fc.asyncProperty(plan, async (p) => {
      const chain = buildChain(p);
      const { bytes, logs } = await chainBundle(chain);
      const authority = await authorityFor(chain.roles);
      for (const traceCode of chain.traceCodes) await checkExcerpt(bytes, logs, authority, { traceCode });
      for (const lot of chain.lots) await checkExcerpt(bytes, logs, authority, lot);
    }), { numRuns: 20 });
  });

  it('an authority log carried as an excerpt proves just the enrolments of the businesses in the excerpt, and they count', async () => {
    const { scenario, checkpoints, authorityLog } = await scenarioBundle();
    const logs = Object.entries(scenario.businesses).map(([name, b]) => ({ logId: b.logId, enterprise: b.enterprise, records: [b.writer.genesis, ...b.appended], checkpoints: [checkpoints[name]!] }));
    const opened = await openVerifiedBundle(await excerpt(logs, authorityLog, { traceCode: 'M1-3' }), { trust: [AUTHORITY_KEY] });
    const auth = opened.report.logs.find((l) => l.authority)!;
    expect(auth.mode).toBe('excerpt');
    expect(auth.records).toBe(4); // genesis + farm A, wholesaler, market 1
    expect(opened.report.logs.filter((l) => !l.authority).map((l) => l.name).sort()).toEqual(['青口蔬菜基地', '海峡农产品批发市场', '鼓楼农贸市场'].sort());
  });
});
