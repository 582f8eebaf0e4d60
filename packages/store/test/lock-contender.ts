/**
 * Run by lock.test.ts, several at once. Reads commands on stdin:
 * - `hold DIR…`: opens every DIR (and is then killed by the test, leaving stale locks);
 * - `try DIR AT`: at wall-clock time AT (ms, fractional), tries to open DIR as its writer,
 *   answers `won DIR` or `lost DIR CODE`. Waiting for AT lines the contenders up;
 * - `release`: closes what it won, answers `released`.
 */
import { createInterface } from 'node:readline';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore } from '../src/index.js';

let held: FileLogStore[] = [];
const say = (s: string) => process.stdout.write(`${s}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.split(' ');
  if (command === 'hold') {
    for (const dir of args) held.push(await FileLogStore.open(dir));
    say('holding');
  } else if (command === 'try') {
    const dir = args[0]!;
    const at = Number(args[1]);
    while (performance.timeOrigin + performance.now() < at) { /* spin: start together */ }
    try {
      const store = await FileLogStore.open(dir);
      held.push(store);
      // A writer that believes it holds the log writes to it.
      const record = new TextEncoder().encode(`written by ${process.pid}`);
      await store.append([record], [nodeCrypto.leafHash(record)]);
      say(`won ${dir}`);
    } catch (e) {
      say(`lost ${dir} ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
  } else if (command === 'release') {
    for (const s of held) await s.close();
    held = [];
    say('released');
  }
}
