import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@suyuan/core';
import { openVerifiedBundle } from '@suyuan/verify';
import { formatTraceUri } from '../packages/suyuan/src/digital-link.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJourney, type JourneyTarget, type Witnessing } from '../packages/web/src/trace/journey.js';
import { DEMO_GTIN13, DEMO_LOGS, DEMO_LOT_PATH, DEMO_RECEIPT, demoChain, demoHub, suyuan } from './support/trace-hub.js';
import { tempDir } from './support/temp-dir.js';

// A lot's GS1 Digital Link (/01/{gtin}/10/{lot}): the hub's excerpt, checked by `suyuan verify`,
// and the journey model on it (the browser drives the same in trace-page.test.ts).
const LOT: JourneyTarget = { kind: 'lot', gtin: `0${DEMO_GTIN13}`, lot: 'P-MIX-1' };
const EXCERPT = `/v1/trace-lot/0${DEMO_GTIN13}/P-MIX-1`;

let dir: string;
let hub: Awaited<ReturnType<typeof demoHub>>;
let recalled: Awaited<ReturnType<typeof demoHub>>;
let partial: Awaited<ReturnType<typeof demoHub>>;

beforeAll(async () => {
  dir = tempDir('suyuan-trace-lot-');
  hub = await demoHub(join(dir, 'a'), await demoChain(join(dir, 'a'), { gtin: true }));
  recalled = await demoHub(join(dir, 'b'), await demoChain(join(dir, 'b'), { gtin: true, recall: true }));
  // Farm B never pushed its log: the lot's way back is cut there.
  partial = await demoHub(join(dir, 'c'), join(dir, 'a', 'demo'), undefined, DEMO_LOGS.filter((l) => l !== 'farm-b'));
}, 120_000);
afterAll(async () => {
  await hub?.close();
  await recalled?.close();
  await partial?.close();
});

async function journeyOf(h: typeof hub, path: string, target: JourneyTarget | string, mutate?: (b: Uint8Array) => void) {
  const res = await fetch(`${h.url}${path}`);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  mutate?.(bytes);
  const opened = await openVerifiedBundle(bytes, { trust: [h.trust] });
  const cos: Witnessing[] = opened.report.logs.map((l) => ({ logId: l.logId, witness: toHex(h.witness), time: 1_800_000_000_000 }));
  return buildJourney(target, opened, [toHex(h.witness)], cos);
}

describe('a lot named by its GS1 Digital Link', () => {
  it('is at the path of the URI the SDK prints for the sale\'s lot line (GTIN-13 as GTIN-14)', () => {
    expect(formatTraceUri({ kind: 'gtin-lot', host: 'hub.example.cn', gtin: DEMO_GTIN13, lot: 'P-MIX-1' })).toBe(`https://hub.example.cn${DEMO_LOT_PATH}`);
  });

  it('has an excerpt that `suyuan verify` passes unchanged (exit 0)', async () => {
    const file = join(dir, 'lot.bundle');
    writeFileSync(file, new Uint8Array(await (await fetch(`${hub.url}${EXCERPT}`)).arrayBuffer()));
    await suyuan('verify', file, '--trust', join(dir, 'a', 'demo', 'authority.pub'));
  });

  it('runs from both farms to the supermarket whose lot it is, with no sale of anyone\'s shown', async () => {
    const j = await journeyOf(hub, EXCERPT, LOT);
    expect(j.state).toBe('verified');
    expect(j.problems).toEqual([]);
    expect(j.stops.map((s) => s.name)).toEqual(['闽侯青口蔬菜基地', '长乐蔬菜合作社', '海峡农产品批发市场', '榕城净菜加工厂', '仓山生鲜超市']);
    expect(j.stops.flatMap((s) => s.steps).filter((s) => s.kind === 'food.sale')).toEqual([]);
    expect(j.lot).toEqual({ gtin: `0${DEMO_GTIN13}`, lot: 'P-MIX-1', logId: j.stops.at(-1)!.logId });
    expect(j.stops.at(-1)!.steps.map((s) => s.kind)).toEqual(['food.receive']);
  });

  it('is recalled when a lot on its way was', async () => {
    const j = await journeyOf(recalled, EXCERPT, LOT);
    expect(j.state).toBe('recalled');
    expect(j.problems).toContainEqual(expect.objectContaining({ kind: 'recall', lot: 'CL-20251126-B' }));
  });

  it('is incomplete, not verified, when a log on its way is missing', async () => {
    const j = await journeyOf(partial, EXCERPT, LOT);
    expect(j.state).toBe('incomplete');
    expect(j.problems).toContainEqual({ kind: 'gap', missing: 1 });
  });

  it('is unknown in an excerpt that holds no such lot with that GTIN', async () => {
    expect((await journeyOf(hub, `/v1/trace/${DEMO_RECEIPT}`, LOT)).state).toBe('unknown'); // the receipt's sale carries no GTIN
    expect((await journeyOf(hub, EXCERPT, { ...LOT, lot: 'P-MIX-2' })).state).toBe('unknown');
  });

  it('shows no journey for a tampered excerpt', async () => {
    const j = await journeyOf(hub, EXCERPT, LOT, (b) => {
      b[Buffer.from(b).indexOf(Buffer.from('福建省福州市'))]! ^= 1;
    });
    expect(j.state).toBe('failed');
    expect(j.stops).toEqual([]);
  });

  it('answers an unknown lot 404 HUB_NOT_FOUND', async () => {
    const res = await fetch(`${hub.url}/v1/trace-lot/0${DEMO_GTIN13}/NO-SUCH-LOT`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('HUB_NOT_FOUND');
  });
});
