// Run by interop.ts in a fresh process on the built packages, so its peak RSS is its own.
// Modes: export-epcis | export-json (the baseline: JSON.stringify of the same records) |
//        import-epcis FILE | import-json FILE (the baseline: JSON.parse of the same records).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { nodeCrypto } from '../packages/core/dist/node/index.js';
import { exportEpcis, importEpcis } from '../packages/interop/dist/index.js';

const [mode, arg, count] = process.argv.slice(2);
const n = Number(count);
const FARM = '91350100M000100Y43';
const MARKET = '91350100MA2XN8KX46';
const hex = (i, salt) => (i * 2654435761 + salt >>> 0).toString(16).padStart(8, '0').repeat(8);

/** A day at a wholesale market: receipts from the farm, sales and shipments, as decoded records. */
function* records(count) {
  for (let i = 0; i < count; i++) {
    const lot = `QK-${String(i % 5000).padStart(5, '0')}`;
    const line = { lot, product: { description: '青菜', category: '0101' }, quantity: { value: `${(i % 97) + 1}.25`, unit: 'KGM' } };
    const eventTime = `2025-11-26T${String(8 + (i % 10)).padStart(2, '0')}:30:00+08:00`;
    const k = i % 4;
    const body = k === 0 ? { eventTime, items: [line], source: { enterprise: FARM, location: { id: 'farm-1' } }, status: 'accepted', bizLocation: { id: 'stall-17' } }
      : k === 3 ? { eventTime, items: [line], destination: { enterprise: FARM }, bizLocation: { id: 'stall-17' }, bizTransactions: [{ type: 'desadv', id: `ASN-${i}` }] }
      : { ...line, eventTime, traceCode: `SY${i.toString(36).toUpperCase()}`, bizLocation: { id: 'stall-17' } };
    yield { kind: k === 0 ? 'food.receive' : k === 3 ? 'food.ship' : 'food.sale', body, logId: 'ab'.repeat(32), seq: i + 1, leafHash: hex(i, 7), time: 1_764_115_200_000 + i, enterprise: MARKET };
  }
}

async function writeAll(out, pieces) {
  for await (const piece of pieces) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const t = process.hrtime.bigint();
let events = 0;
if (mode === 'export-epcis') {
  await writeAll(createWriteStream(arg), exportEpcis(records(n), { sha256: nodeCrypto.sha256, onEvent: () => events++, onIssue: (i) => { throw new Error(JSON.stringify(i)); } }));
} else if (mode === 'export-json') {
  await writeAll(createWriteStream(arg), (function* () {
    let batch = '';
    for (const r of records(n)) {
      batch += `${JSON.stringify(r)}\n`;
      events++;
      if (batch.length > 65536) { yield batch; batch = ''; }
    }
    yield batch;
  })());
} else if (mode === 'import-epcis') {
  for await (const r of importEpcis(createReadStream(arg), { sha256: nodeCrypto.sha256 })) {
    if ('reject' in r) throw new Error(JSON.stringify(r.reject));
    events++;
  }
} else if (mode === 'import-json') {
  for await (const line of createInterface({ input: createReadStream(arg) })) {
    if (line === '') continue;
    JSON.parse(line);
    events++;
  }
}
const seconds = Number(process.hrtime.bigint() - t) / 1e9;
process.stdout.write(JSON.stringify({ seconds, events, maxRssMB: peakRssMB() }));

function peakRssMB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
