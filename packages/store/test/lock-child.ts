/** Run by lock.test.ts: opens the store in DIR, says so (with its pid as it sees it), and waits to be killed. */
import { FileLogStore } from '../src/index.js';

const store = await FileLogStore.open(process.argv[2]!);
process.stdout.write(`locked ${store.size} ${process.pid}\n`);
setInterval(() => undefined, 1000);
