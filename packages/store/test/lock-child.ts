/** Run by lock.test.ts: opens the store in DIR as its writer, says so, and waits to be killed. */
import { FileLogStore } from '../src/index.js';

const store = await FileLogStore.open(process.argv[2]!);
process.stdout.write(`locked ${store.size}\n`);
setInterval(() => undefined, 1000);
