import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, verifyLog } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore, type DurabilityMode } from '../src/index.js';
import { killed, startChild } from './child.js';
import { expectedRecords, hex, tempDir } from './helpers.js';

const ITERATIONS = 12;
/** Records a writer acknowledges before most kills: 8 of the 12 rounds make the log grow past 100. */
const PROGRESS = 15;
const expected = expectedRecords(60_000).map(hex);

describe.concurrent.each<DurabilityMode>(['sync', 'batched'])('a writer killed with SIGKILL at random moments (%s mode)', (mode) => {
  it(`loses no acknowledged append and invents nothing, over ${ITERATIONS} kills of the same log`, async () => {
    const dir = tempDir(`crash-${mode}`);
    let seed = mode === 'sync' ? 1 : 2;
    let lastSize = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const { child, lines, waitFor, waitForLine } = startChild('crash-child.ts', [dir, mode, String(seed++)]);
      const opened = Number((await waitFor('ready')).split(' ')[1]);
      // Every third kill comes soon after opening; the others once the writer has acknowledged
      // PROGRESS more records, so the log grows however slowly a loaded machine runs the writer.
      if (iteration % 3 !== 0) await waitForLine((l) => l.startsWith('ack ') && Number(l.slice(4)) >= opened + PROGRESS);
      await new Promise((r) => setTimeout(r, 20 + ((iteration * 37) % 230)));
      await killed(child);
      if (iteration % 3 === 2) {
        // As a power cut might: half a frame of an unacknowledged write after the last whole one.
        const seg = readdirSync(dir).filter((f) => /^seg-\d{8}\.log$/.test(f)).sort().at(-1)!;
        appendFileSync(join(dir, seg), Buffer.from([0, 0, 0, 200, 0x12, 0x34, 0x56, 0x78, 0x88, 0x01]));
      }

      const acked = Math.max(-1, ...lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4))));
      const signed = lines.filter((l) => l.startsWith('checkpoint ')).map((l) => Number(l.slice(11)));
      const store = await FileLogStore.open(dir, { mode });
      try {
        expect(store.recovery.corruption).toBeUndefined();
        expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
        if (iteration % 3 === 2) expect(store.recovery.tornTail?.bytesDropped).toBeGreaterThanOrEqual(10);
        expect(store.size - 1).toBeGreaterThanOrEqual(acked);
        expect(store.size).toBeGreaterThanOrEqual(lastSize); // nothing acknowledged earlier went away
        const records = await store.readRange(0, store.size);
        expect(records.map(hex)).toEqual(expected.slice(0, store.size));
        const checkpoints = await store.checkpoints();
        for (const size of signed) expect(checkpoints.some((c) => c.size === size)).toBe(true);
        const report = verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints });
        expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(report.records).toBe(store.size);
        lastSize = store.size;
      } finally {
        await store.close();
      }
    }
    expect(lastSize).toBeGreaterThan(100);
  }, 300_000); // 24 writer processes, the two modes at once: 58 s with two busy cores beside it here
});
