import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isHubError, parseTilePath, tilePath, type TileName } from '../src/index.js';

const tile = fc.record({
  kind: fc.constantFrom('hashes' as const, 'entries' as const),
  level: fc.integer({ min: 0, max: 3 }),
  index: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 999_999_999_999 })),
  width: fc.oneof(fc.constant(256), fc.integer({ min: 1, max: 255 })),
}).map((t): TileName => (t.kind === 'entries' ? { ...t, level: 0 } : t));

describe('tile paths (C2SP tlog-tiles shape)', () => {
  it('a tile path parses back to the tile it names', () => {
    fc.assert(fc.property(tile, (t) => { expect(parseTilePath(tilePath(t))).toEqual(t); }));
  });

  it('writes the index in groups of three digits, all but the last prefixed with x', () => {
    expect(tilePath({ kind: 'hashes', level: 0, index: 1_234_067, width: 256 })).toBe('0/x001/x234/067');
    expect(tilePath({ kind: 'entries', level: 0, index: 5, width: 17 })).toBe('entries/005.p/17');
    expect(tilePath({ kind: 'hashes', level: 2, index: 1000, width: 1 })).toBe('2/x001/000.p/1');
  });

  it('refuses every other spelling (HUB_BAD_REQUEST)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), tile, (junk, t) => {
      const path = tilePath(t);
      for (const bad of [junk, `${path}/`, `/${path}`, `${path}0`, path.replace(/\d{3}/, '1')]) {
        if (bad === path) continue;
        let parsed: TileName | undefined;
        try {
          parsed = parseTilePath(bad);
        } catch (e) {
          expect(isHubError(e, 'HUB_BAD_REQUEST')).toBe(true);
          continue;
        }
        // A few junk strings are real tile paths: then they must print back the same.
        expect(tilePath(parsed)).toBe(bad);
      }
    }));
  });
});
