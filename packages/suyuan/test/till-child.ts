/**
 * Run by crash.test.ts as a separate process and SIGKILLed at a random moment: a till that
 * opens the ledger in DIR and records sales as fast as it can (many in flight, now and then a
 * batch), printing "ack <seq> <traceCode>" for each sale whose promise resolved, i.e. that
 * the SDK acknowledged as durable.
 */
import { Ledger } from '../src/index.js';
import { MARKET, T, line } from './fixtures.js';

const [dir, seedText] = process.argv.slice(2) as [string, string];
let seed = Number(seedText);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const ledger = await Ledger.open({ dir, enterprise: MARKET, durability: 'batched', maxDelayMs: 2, autoCheckpoint: { records: 500 } });
process.stdout.write(`ready ${ledger.size}\n`);
const ack = (r: { seq: number; traceCode?: { code: string } | undefined }) => { process.stdout.write(`ack ${r.seq} ${r.traceCode!.code}\n`); };
const sale = () => ({ eventTime: T, ...line(`L-${Math.floor(random() * 5)}`, '0.5') });
for (;;) {
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < 20; k++) inFlight.push(ledger.sale(sale()).then(ack));
  if (random() < 0.3) inFlight.push(ledger.appendBatch(Array.from({ length: 1 + Math.floor(random() * 30) }, () => ({ kind: 'sale' as const, event: sale() }))).then((rs) => rs.forEach(ack)));
  await Promise.all(inFlight);
}
