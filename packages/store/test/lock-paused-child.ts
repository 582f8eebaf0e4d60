/**
 * Run by lock.test.ts: a writer that stops right after each read of a lock file, says
 * `paused NAME`, and goes on only when the test writes to the FIFO given, so the test can
 * act between this process reading the lock and acting on what it read. Ends with
 * `won` (and stays, holding the log) or `lost CODE`.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const [dir, fifo] = process.argv.slice(2) as [string, string];
const readFileSync = fs.readFileSync;
fs.readFileSync = ((path: fs.PathOrFileDescriptor, options?: unknown) => {
  const out = readFileSync(path, options as never);
  if (typeof path === 'string' && basename(path).startsWith('LOCK')) {
    fs.writeSync(1, `paused ${basename(path)}\n`);
    readFileSync(fifo); // blocks until the test writes
  }
  return out;
}) as typeof fs.readFileSync;
syncBuiltinESMExports(); // named imports of node:fs now see the patched function

const { FileLogStore } = await import('../src/index.js');
try {
  await FileLogStore.open(dir);
  fs.writeSync(1, 'won\n');
  setInterval(() => undefined, 1000);
} catch (e) {
  fs.writeSync(1, `lost ${(e as { code?: string }).code}\n`);
}
