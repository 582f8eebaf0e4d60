import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { EPCIS_EXPORT_SCHEMA, exportEpcisDocument } from '../src/index.js';
import { sampleLog } from './samples.js';

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(EPCIS_EXPORT_SCHEMA);

describe('exported documents against the schema of what we write (EPCIS 2.0 subset, docs/INTEROP.md)', () => {
  it('a document with every food kind and a correction is valid', async () => {
    const { text } = await exportEpcisDocument(sampleLog());
    const ok = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('the schema is not vacuous: it refuses a missing eventID, an unknown extension, ILMD without ADD, a bad unit', async () => {
    const doc = JSON.parse((await exportEpcisDocument(sampleLog())).text);
    const events = doc.epcisBody.eventList as Record<string, unknown>[];
    const cases: [string, (e: Record<string, unknown>) => void, number][] = [
      ['eventID', (e) => { delete e.eventID; }, 0],
      ['extension', (e) => { e['acme:x'] = 1; }, 0],
      ['ilmd', (e) => { e.action = 'OBSERVE'; }, events.findIndex((e) => e.ilmd !== undefined)],
      ['uom', (e) => { (e.quantityList as { uom: string }[])[0]!.uom = 'kilo'; }, 1],
    ];
    for (const [what, spoil, i] of cases) {
      const copy = structuredClone(doc);
      spoil(copy.epcisBody.eventList[i]);
      expect(validate(copy), what).toBe(false);
    }
  });
});
