/**
 * Run by crash.test.ts as a separate process, then SIGKILLed at a random moment. Opens (or
 * creates) the test log in DIR with MODE, appends the deterministic test events in batches
 * of random size, several in flight at once, and prints "ack <seq>" for each batch whose
 * promise resolved (so the parent knows what was acknowledged as durable). Checkpoints now
 * and then. With a fourth argument `paced`, it writes one round per line read from stdin (so
 * a test can make rounds overlap its own work however loaded the machine is).
 */
import { createInterface } from 'node:readline';
import { nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore, type DurabilityMode } from '../src/index.js';
import { SECRET, T0, eventFor } from './chain.js';

const [dir, mode, seedText, pacing] = process.argv.slice(2) as [string, DurabilityMode, string, string?];
let seed = Number(seedText);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const store = await FileLogStore.open(dir, { mode, maxDelayMs: 2, maxSegmentBytes: 32 * 1024 });
const log = store.size === 0
  ? await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E-CRASH' }, { clock: () => T0 })
  : await DurableLog.open(store, nodeSigner(SECRET), { clock: () => T0 });
process.stdout.write(`ready ${log.size}\n`);

const goes = pacing === 'paced' ? createInterface({ input: process.stdin })[Symbol.asyncIterator]() : undefined;
for (;;) {
  if (goes && (await goes.next()).done) break;
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < 4; k++) {
    const start = log.size;
    const n = 1 + Math.floor(random() * 40);
    const events = Array.from({ length: n }, (_, i) => eventFor(start + i));
    inFlight.push(log.appendBatch(events).then((r) => { process.stdout.write(`ack ${r.at(-1)!.seq}\n`); }));
  }
  await Promise.all(inFlight);
  if (random() < 0.2) {
    const cp = await log.checkpoint(T0 + log.size);
    process.stdout.write(`checkpoint ${cp.size}\n`);
  }
  if (goes) process.stdout.write(`round ${log.size}\n`);
}
await store.close();
