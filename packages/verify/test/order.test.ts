/**
 * Issue 10: order never matters. The sections of generated chains and of the demo-like
 * scenario are permuted; verdict, findings, traces and recalls must not change.
 * The lot graph is food's order-independent LotGraphBuilder, fed through verify's adapter
 * (graph.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../src/index.js';
import { answers } from './answers.js';
import { buildChain, chainBundle, plan } from './chains.js';
import { AUTHORITY_KEY, scenarioBundle } from './fixture.js';
import { permuteSections, sectionCount } from './permute.js';

const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });

/** A plan, and sort keys that give a permutation of however many sections its bundle has. */
const generated = fc.tuple(plan, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }));
const orderOf = (keys: number[], n: number) => [...Array(n).keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);

async function compare(part: 'verdict' | 'food' | 'queries', bytes: Uint8Array, order: number[], codes: string[], recalls: { logId: Uint8Array; lot: string }[]) {
  const a = await answers(bytes, codes, recalls);
  const b = await answers(permuteSections(bytes, order), codes, recalls);
  if (part === 'verdict') expect([b.layers, b.findings, b.counts, b.logs]).toEqual([a.layers, a.findings, a.counts, a.logs]);
  if (part === 'food') expect([b.verdict, b.foodFindings]).toEqual([a.verdict, a.foodFindings]);
  if (part === 'queries') expect([b.traces, b.recalls]).toEqual([a.traces, a.recalls]);
}

describe('generated chains in any order of sections', () => {
  for (const part of ['verdict', 'food', 'queries'] as const) {
    it(part === 'verdict' ? 'findings of the bundle, log, refs and policy layers are the same' : part === 'food' ? 'verdict and food findings are the same' : 'trace back from every trace code and recall of every farm lot are the same', async () => {
      await fc.assert(fc.asyncProperty(generated, async ([p, keys]) => {
        const chain = buildChain(p);
        const { bytes } = await chainBundle(chain);
        await compare(part, bytes, orderOf(keys, chain.all.length + 1), chain.traceCodes, chain.lots);
      }), { numRuns: 25 });
    });
  }
});

describe('the demo-like chain in any order of sections', () => {
  const demo = scenarioBundle();
  const codes = [...Array(10).keys()].map((i) => `M1-${i}`).concat([...Array(4).keys()].map((i) => `M2-${i}`));

  it('is valid as written', async () => {
    expect((await verifyBundle((await demo).bytes, { trust: [AUTHORITY_KEY] })).verdict).toBe('valid');
  });

  for (const part of ['verdict', 'food', 'queries'] as const) {
    it(part === 'verdict' ? 'findings of the bundle, log, refs and policy layers are the same' : part === 'food' ? 'verdict and food findings are the same' : 'every trace and recall is the same', async () => {
      const { bytes, scenario } = await demo;
      const recalls = [{ logId: scenario.businesses.farmA.logId, lot: 'QK-A1' }, { logId: scenario.businesses.farmB.logId, lot: 'QK-B1' }];
      const n = sectionCount(bytes);
      const reversed = [...Array(n).keys()].reverse();
      await compare(part, bytes, reversed, codes, recalls);
      await fc.assert(fc.asyncProperty(permutation(n), async (order) => compare(part, bytes, order, codes, recalls)), { numRuns: 15 });
      if (part === 'food') expect((await verifyBundle(permuteSections(bytes, reversed), { trust: [AUTHORITY_KEY] })).verdict).toBe('valid');
    });
  }
});
