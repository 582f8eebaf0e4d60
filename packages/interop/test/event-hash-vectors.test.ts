import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashEpcisDocument } from '../src/index.js';
import { lines, readVector, vectorNames } from './vectors.js';

async function hashes(text: string, ignoreFields?: string[]) {
  const out = [];
  for await (const h of hashEpcisDocument(text, ignoreFields ? { ignoreFields } : {})) out.push(h);
  return out;
}
const sha = (s: string) => `ni:///sha-256;${createHash('sha256').update(s, 'utf8').digest('hex')}?ver=CBV2.0`;

describe('CBV 2.0 Event Hash ID: every shared JSON-LD vector', () => {
  for (const name of vectorNames('epcis-hash/examples', '.jsonld')) {
    const ignoreCase = name.includes('IgnoreFields');
    it(`${name}${ignoreCase ? ' (plain CBV 2.0: ignoreFields unsupported)' : ''}`, async () => {
      const doc = readVector('epcis-hash/examples', `${name}.jsonld`);
      const suffix = ignoreCase ? '-if-ignoreFields-unsupported' : '';
      const got = await hashes(doc);
      const prehashes = lines(readVector('epcis-hash/examples', `${name}.prehashes${suffix}`));
      // the vector's own pre-hash strings hash to its hashes: our SHA/ni formatting is checked apart from canonicalisation
      expect(prehashes.map(sha)).toEqual(lines(readVector('epcis-hash/examples', `${name}.hashes${suffix}`)));
      expect(got.map((h) => h.prehash)).toEqual(prehashes);
      expect(got.map((h) => h.hashId)).toEqual(lines(readVector('epcis-hash/examples', `${name}.hashes${suffix}`)));
    });
    if (ignoreCase) {
      it(`${name} with the document's ignoreFields passed as an option`, async () => {
        const doc = readVector('epcis-hash/examples', `${name}.jsonld`);
        const got = await hashes(doc, ['repository-x:hash', 'example:captureID']);
        expect(got.map((h) => h.hashId)).toEqual(lines(readVector('epcis-hash/examples', `${name}.hashes`)));
      });
    }
  }
  it('expected_equal/ReferenceEventHashAlgorithm.json: both spellings hash alike, to the shared value', async () => {
    const got = await hashes(readVector('epcis-hash/expected_equal', 'ReferenceEventHashAlgorithm.json'));
    expect(got.map((h) => h.hashId)).toEqual(lines(readVector('epcis-hash/expected_equal', 'ReferenceEventHashAlgorithm.hashes')));
    expect(got.map((h) => h.prehash)).toEqual(lines(readVector('epcis-hash/expected_equal', 'ReferenceEventHashAlgorithm.prehashes')));
  });
});
