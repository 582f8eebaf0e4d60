import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedRecords } from '../src/lot-index/packed.js';

describe('PackedRecords (the lot index keeps records back to back)', () => {
  it('gives back every record as it was pushed, whatever their sizes and number', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 400 }), (records) => {
      const p = new PackedRecords();
      for (const r of records) p.push(r);
      expect(p.length).toBe(records.length);
      records.forEach((r, i) => expect(p.at(i)).toEqual(r));
    }));
  });

  it('starts a new chunk when a record does not fit, and takes records larger than a chunk', () => {
    const big = new Uint8Array((1 << 20) + 5).fill(7);
    const small = Uint8Array.of(1, 2, 3);
    const filler = new Uint8Array((1 << 20) - 2).fill(9);
    const p = new PackedRecords();
    for (const r of [small, filler, small, big, small]) p.push(r);
    expect([p.at(0), p.at(1), p.at(2), p.at(3), p.at(4)]).toEqual([small, filler, small, big, small]);
  });

  it('keeps copies: changing a pushed array afterwards changes nothing kept', () => {
    const r = Uint8Array.of(1, 2, 3);
    const p = new PackedRecords();
    p.push(r);
    r[0] = 99;
    expect(p.at(0)).toEqual(Uint8Array.of(1, 2, 3));
  });
});
