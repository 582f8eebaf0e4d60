/**
 * Integrator example: an ERP's CSV export mapped row by row into Suyuan events. Every row is
 * validated; bad rows are reported with their row number and every problem, and only a file
 * with no bad rows is appended (all or nothing), here to an in-memory log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogWriter, decodeRecord, generateSecretKey, type AppendedRecord, type EventInput } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { validateEvent } from '@suyuan/food';
import { exportEpcisDocument, importEpcisDocument, type ExportRecord } from '@suyuan/interop';

const FARM = '91350100M000100Y43';

/** One CSV row → one event body. Mapping is the integrator's job; validation is Suyuan's. */
function toEvent(row: Record<string, string>): EventInput {
  const product = { description: row.product!, ...(row.gtin ? { gtin: row.gtin } : { category: '0101' }) };
  const line = { lot: row.lot!, product, quantity: { value: row.quantity!, unit: row.unit! } };
  const common = { eventTime: row.date! };
  switch (row.type) {
    case 'harvest': return { kind: 'food.harvest', body: { ...common, ...line, method: 'harvest' } };
    case 'ship': return { kind: 'food.ship', body: { ...common, items: [line], destination: { enterprise: row.partner }, bizTransactions: [{ type: 'desadv', id: row.document }] } };
    case 'disposal': return { kind: 'food.disposal', body: { ...common, ...line, reason: row.document } };
    case 'test': {
      const [method, result] = row.document!.split(':');
      return { kind: 'food.test', body: { ...common, lot: row.lot, test: { type: 'rapid', method, result } } };
    }
    default: return { kind: `food.${row.type}`, body: common };
  }
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

const rows = parseCsv(readFileSync(join(import.meta.dirname, 'erp-export.csv'), 'utf8'));
const events: EventInput[] = [];
let bad = 0;
rows.forEach((row, i) => {
  const event = toEvent(row);
  const problems = validateEvent(event.kind, event.body);
  if (problems.length === 0) events.push(event);
  else {
    bad++;
    for (const p of problems) console.log(`row ${i + 2}: ${p.code} at ${p.path}: ${p.message}`);
  }
});
console.log(`${rows.length} rows: ${events.length} valid, ${bad} with errors`);

const log = LogWriter.create(nodeSigner(generateSecretKey()), { enterprise: FARM }, { crypto: nodeCrypto });
if (bad > 0) {
  console.log('nothing appended: fix the rows above in the ERP and export again');
  // The valid rows on their own, to show what would be appended once the file is clean:
  console.log(`would append: ${events.map((e) => e.kind).join(', ')}`);
} else {
  log.appendBatch(events);
  console.log(`appended ${events.length} events`);
}

// EPCIS 2.0 round trip: the valid rows as an EPCIS document (each event with its CBV Event Hash
// ID), imported into another log, exported again: the same Event Hash IDs.
const staging = LogWriter.create(nodeSigner(generateSecretKey()), { enterprise: FARM }, { crypto: nodeCrypto });
const asExport = (r: AppendedRecord): ExportRecord => ({ ...decodeRecord(r.bytes), leafHash: r.leafHash, enterprise: FARM });
const first = await exportEpcisDocument(staging.appendBatch(events).map(asExport), { sha256: nodeCrypto.sha256 });
const { events: imported, rejects } = await importEpcisDocument(first.text, { sha256: nodeCrypto.sha256 });
const partner = LogWriter.create(nodeSigner(generateSecretKey()), { enterprise: FARM }, { crypto: nodeCrypto });
const again = await exportEpcisDocument(partner.appendBatch(imported.map((e) => ({ kind: e.kind, body: e.body, refs: e.refs }))).map(asExport), { sha256: nodeCrypto.sha256 });
console.log(`EPCIS: exported ${first.eventIds.length} events, imported ${imported.length} (${rejects.length} rejected), re-exported with ${again.eventIds.every((id, i) => id === first.eventIds[i]) && again.eventIds.length === first.eventIds.length ? 'the same' : 'DIFFERENT'} Event Hash IDs`);
console.log(`  first event: ${first.eventIds[0]}`);
