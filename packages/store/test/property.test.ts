import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore, type DurabilityMode, type LogStore } from '../src/index.js';
import { hex, tempDir } from './helpers.js';

type Op = { op: 'append'; sizes: number[] } | { op: 'reopen' } | { op: 'flush' } | { op: 'checkpoint' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('append' as const), sizes: fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'checkpoint' as const }) },
);

describe('FileLogStore (property)', () => {
  it('any sequence of appends, flushes, checkpoints and reopenings reads back exactly what was written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), fc.constantFrom<DurabilityMode>('sync', 'batched', 'none'), fc.integer({ min: 100, max: 20_000 }), async (ops, mode, segmentBytes) => {
        const dir = tempDir('prop');
        const open = () => FileLogStore.open(dir, { mode, maxSegmentBytes: segmentBytes, maxDelayMs: 1 });
        let store: LogStore = await open();
        const model: Uint8Array[] = [];
        const sizes: number[] = [];
        let counter = 0;
        for (const o of ops) {
          if (o.op === 'append') {
            const records = o.sizes.map((n) => new Uint8Array(n).fill(++counter % 251));
            model.push(...records);
            await store.append(records, records.map((r) => nodeCrypto.leafHash(r)));
          } else if (o.op === 'reopen') {
            await store.close();
            store = await open();
            expect(store.recovery.tornTail).toBeUndefined();
          } else if (o.op === 'flush') {
            await store.flush();
          } else if (model.length > 0 && !sizes.includes(model.length)) {
            await store.putCheckpoint({ logId: new Uint8Array(32), size: model.length, root: new Uint8Array(32).fill(model.length % 256), time: 0, signature: new Uint8Array(64) });
            sizes.push(model.length);
          }
          expect(store.size).toBe(model.length);
        }
        await store.close();
        const final = await FileLogStore.open(dir, { readOnly: true });
        expect(final.size).toBe(model.length);
        expect((await final.readRange(0, final.size)).map(hex)).toEqual(model.map(hex));
        expect((await final.leafHashes(0, final.size)).map(hex)).toEqual(model.map((r) => hex(nodeCrypto.leafHash(r))));
        expect((await final.checkpoints()).map((c) => c.size)).toEqual(sizes);
        await final.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
