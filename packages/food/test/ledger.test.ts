import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotGraph, normalise, type Quantity } from '../src/index.js';
import { Business, line, USCC } from './chain.js';

/**
 * The linker sums quantities as plain numbers while they are exact and falls back to BigInt
 * beyond; its ledgers must equal BigInt sums of `normalise` for every size and unit.
 */
describe('ledgers are exact (property)', () => {
  const decimal = fc.oneof(
    fc.integer({ min: 1, max: 999 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 1, max: 999_999 })).map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`),
    fc.tuple(fc.integer({ min: 1_000_000_000, max: 999_999_999_999 }), fc.integer({ min: 0, max: 999_999 })).map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(6, '0')}`)),
    fc.constantFrom('0.000001', '0.000999', '0.001', '0.001999', '9007199254.740991', '9007199254.740992', '999999999999.999999'),
  );
  const quantity = fc.record({ value: decimal, unit: fc.constantFrom('KGM', 'GRM', 'TNE', 'KGM', 'GRM', 'H87', 'DZN', 'XBX') });

  it('created and sold sums (and a second dimension marking the lot mixed) equal BigInt arithmetic', () => {
    fc.assert(fc.property(quantity, fc.array(quantity, { minLength: 1, maxLength: 6 }), (harvest, sales) => {
      const farm = new Business(USCC.farmA, 'farm');
      farm.add('food.harvest', { ...line('L1', harvest.value, harvest.unit), method: 'harvest' });
      for (const q of sales) farm.add('food.sale', line('L1', q.value, q.unit));
      const g = LotGraph.build([farm.log()], { certificateRequiredFrom: '2099-01-01T00:00:00Z' });
      const ledger = g.nodes[0]!.ledger;

      const expected = { dimension: undefined as string | undefined, mixed: false, created: 0n, sold: 0n };
      const post = (entry: 'created' | 'sold', q: Quantity) => {
        const n = normalise(q);
        if (expected.dimension === undefined) expected.dimension = n.dimension;
        else if (expected.dimension !== n.dimension) return void (expected.mixed = true);
        expected[entry] += n.micro;
      };
      post('created', harvest);
      for (const q of sales) post('sold', q);
      expect({ dimension: ledger.dimension, mixed: ledger.mixed, created: ledger.created, sold: ledger.sold }).toEqual(expected);
    }), { numRuns: 150 });
  });
});
