/** Issue 13: no input that starts with a bundle header gets anything but a verdict (never an exception, so never exit 2). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleReadError, verifyBundle } from '../src/index.js';
import { AUTHORITY_KEY, scenarioBundle } from './fixture.js';

describe('corrupted bundles', () => {
  it('every corruption gets a verdict or is refused as not a bundle', async () => {
    const { bytes } = await scenarioBundle({ unsignedTail: 'farmA' });
    await fc.assert(fc.asyncProperty(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'cut', 'delete', 'insert'), async (at, byte, how) => {
      const i = at % bytes.length;
      const b = how === 'set' ? Uint8Array.from(bytes, (x, k) => (k === i ? byte : x))
        : how === 'cut' ? bytes.subarray(0, i)
          : how === 'delete' ? Uint8Array.from([...bytes.subarray(0, i), ...bytes.subarray(i + 1)])
            : Uint8Array.from([...bytes.subarray(0, i), byte, ...bytes.subarray(i)]);
      try {
        const r = await verifyBundle(b, { trust: [AUTHORITY_KEY] });
        expect(['valid', 'valid-with-warnings', 'unsigned', 'invalid']).toContain(r.verdict);
      } catch (e) {
        expect(e).toBeInstanceOf(BundleReadError);
        expect(i).toBeLessThan(20); // only a broken header makes it "not a bundle"
      }
    }), { numRuns: 400 });
  });
});
