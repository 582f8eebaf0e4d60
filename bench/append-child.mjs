// Run by store.ts in a fresh process on the built packages: durable (batched) appends of the
// bench records with a checkpoint every `every` records, so its peak RSS is the writer's own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '@suyuan/store';

const [n, every, dirBase] = process.argv.slice(2).map((x, i) => (i < 2 ? Number(x) : x));
const event = (i) => ({
  kind: 'food.sale',
  body: { lot: `QK-20251126-${String(i % 1000).padStart(4, '0')}`, product: '青菜 (Brassica chinensis)', quantity: `${(i % 97) + 1}.250`, unit: 'KGM', location: '91350100MA2XN8KX46#stall-17', traceCode: `SY${i.toString(36).toUpperCase().padStart(8, '0')}` },
  time: 1_764_115_200_000 + i,
});
const dir = mkdtempSync(join(dirBase, '.tmp-append-'));
const log = await DurableLog.create(await FileLogStore.open(dir, { mode: 'batched' }), nodeSigner(new Uint8Array(32).fill(1)), { enterprise: 'E' }, { clock: () => 1_764_115_200_000 });
const t = process.hrtime.bigint();
let bytes = 0;
for (let i = 0; i < n; i += every) {
  for (const r of await log.appendBatch(Array.from({ length: Math.min(every, n - i) }, (_, k) => event(i + k)))) bytes += r.bytes.length;
  await log.checkpoint();
}
const seconds = Number(process.hrtime.bigint() - t) / 1e9;
await log.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ seconds, records: n, bytes, maxRssMB: peakRssMB() }));

/**
 * Peak RSS from /proc (VmHWM): it belongs to this process's address space, which exec made
 * new, whereas getrusage's maxrss keeps the high-water mark of the process that spawned us.
 */
function peakRssMB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
