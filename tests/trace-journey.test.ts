import { join } from 'node:path';
import { toHex } from '@suyuan/core';
import { openVerifiedBundle } from '@suyuan/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJourney, type Witnessing } from '../packages/web/src/trace/journey.js';
import { DEMO_LOGS, DEMO_RECEIPT, FARM_A_RECEIPT, demoChain, demoHub } from './support/trace-hub.js';
import { tempDir } from './support/temp-dir.js';

// The journey model on its own (Node's verifier; the browser's is driven in trace-page.test.ts).
let hub: Awaited<ReturnType<typeof demoHub>>;
let recalledHub: Awaited<ReturnType<typeof demoHub>>;
let partialHub: Awaited<ReturnType<typeof demoHub>>;

beforeAll(async () => {
  const dir = tempDir('suyuan-journey-');
  hub = await demoHub(join(dir, 'a'), await demoChain(join(dir, 'a')));
  recalledHub = await demoHub(join(dir, 'b'), await demoChain(join(dir, 'b'), { recall: true }));
  // Farm B never pushed its log: the wholesaler's receipt of its lot points at a shipment the hub does not have.
  partialHub = await demoHub(join(dir, 'c'), join(dir, 'a', 'demo'), undefined, DEMO_LOGS.filter((l) => l !== 'farm-b'));
}, 120_000);
afterAll(async () => {
  await hub?.close();
  await recalledHub?.close();
  await partialHub?.close();
});

async function journeyOf(h: typeof hub, code: string, mutate?: (b: Uint8Array) => void) {
  const bytes = new Uint8Array(await (await fetch(`${h.url}/v1/trace/${code}`)).arrayBuffer());
  mutate?.(bytes);
  const opened = await openVerifiedBundle(bytes, { trust: [h.trust] });
  // Node's verifier does not hand out cosignatures: the hub's witness on every business log stands in.
  const cos: Witnessing[] = opened.report.logs.map((l) => ({ logId: l.logId, witness: toHex(h.witness), time: 1_800_000_000_000 }));
  return buildJourney(code, opened, [toHex(h.witness)], cos);
}

describe('the journey of a receipt', () => {
  it('runs from both farms through the wholesaler and the processor to the supermarket, named by enrolment', async () => {
    const j = await journeyOf(hub, DEMO_RECEIPT);
    expect(j.state).toBe('verified');
    expect(j.stops.map((s) => s.name)).toEqual(['闽侯青口蔬菜基地', '长乐蔬菜合作社', '海峡农产品批发市场', '榕城净菜加工厂', '仓山生鲜超市']);
    expect(j.stops[0]!.roles).toEqual(['farm']);
    const farm = j.stops[0]!.steps.map((s) => s.kind);
    expect(farm).toEqual(['food.input-use', 'food.harvest', 'food.test', 'food.certificate', 'food.ship']);
    const cert = j.stops[0]!.steps.find((s) => s.kind === 'food.certificate')!;
    expect(Object.fromEntries(cert.facts)).toMatchObject({ certType: '承诺达标合格证', basis: '福建省福州市' });
    expect(Object.fromEntries(j.stops[0]!.steps.find((s) => s.kind === 'food.test')!.facts).result).toBe('pass');
    const last = j.stops.at(-1)!.steps;
    expect(last.filter((s) => s.kind === 'food.sale')).toEqual([expect.objectContaining({ own: true })]); // other customers' sales left out
    expect(j.checked.businesses).toBe(5);
    expect(j.checked.witnessedByThisHub).toBe(5);
  });

  it('of a farmers\' market receipt leaves out farm B and the processor', async () => {
    const j = await journeyOf(hub, FARM_A_RECEIPT);
    expect(j.state).toBe('verified');
    expect(j.stops.map((s) => s.name)).toEqual(['闽侯青口蔬菜基地', '海峡农产品批发市场', '鼓楼农贸市场']);
    // The wholesaler's shipments to the processor are not on this receipt's way.
    expect(j.stops[1]!.steps.filter((s) => s.kind === 'food.ship')).toHaveLength(1);
  });

  it('is recalled (with the recaller and the reason) when a lot on the way was recalled', async () => {
    const j = await journeyOf(recalledHub, DEMO_RECEIPT);
    expect(j.state).toBe('recalled');
    expect(j.problems).toContainEqual(expect.objectContaining({ kind: 'recall', business: '长乐蔬菜合作社', lot: 'CL-20251126-B', action: 'return' }));
    // Farm A's lot was not recalled: its market's receipt is untouched.
    expect((await journeyOf(recalledHub, FARM_A_RECEIPT)).state).toBe('verified');
  });

  it('is incomplete, not verified, when an upstream log is missing, and shows what there is', async () => {
    const j = await journeyOf(partialHub, DEMO_RECEIPT);
    expect(j.state).toBe('incomplete');
    expect(j.problems).toContainEqual({ kind: 'gap', missing: 1 });
    expect(j.stops.map((s) => s.name)).not.toContain('长乐蔬菜合作社');
    expect((await journeyOf(partialHub, FARM_A_RECEIPT)).state).toBe('verified');
  });

  it('shows no journey at all for a tampered excerpt, only the findings', async () => {
    const j = await journeyOf(hub, DEMO_RECEIPT, (b) => {
      const at = Buffer.from(b).indexOf(Buffer.from('福建省福州市'));
      b[at]! ^= 1;
    });
    expect(j.state).toBe('failed');
    expect(j.stops).toEqual([]);
    expect(j.problems.length).toBeGreaterThan(0);
    expect(j.problems.every((p) => p.kind === 'finding' && p.severity === 'error')).toBe(true);
  });

  it('is unknown for a code no record of the excerpt carries', async () => {
    const bytes = new Uint8Array(await (await fetch(`${hub.url}/v1/trace/${DEMO_RECEIPT}`)).arrayBuffer());
    const opened = await openVerifiedBundle(bytes, { trust: [hub.trust] });
    expect(buildJourney('NOT-A-CODE', opened, [], []).state).toBe('unknown');
  });
});
