import { SuyuanError } from '@suyuan/core';
import type { GraphLog } from '@suyuan/food';
import type { BundleFinding } from './findings.js';
import { ItemError } from './format.js';
import { scanBundle } from './scan.js';
import { fileSource } from './file-source.js';
import { memorySource } from './source.js';
import { decodeSection } from './walk.js';

/**
 * The logs of a bundle, decoded, for looking at (inspect). It reads; it does not verify: a
 * section that cannot be read is a finding and is left out. For trace and recall use
 * `openVerifiedBundle`, which verifies first.
 */
export function readBundleLogs(input: string | Uint8Array): { logs: GraphLog[]; authors: string[]; findings: BundleFinding[] } {
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  const findings: BundleFinding[] = [];
  try {
    const { sections } = scanBundle(source, (f) => findings.push(f));
    const logs: GraphLog[] = [];
    const authors: string[] = [];
    for (const s of sections) {
      let records;
      try {
        records = decodeSection(source, s.ref);
      } catch (e) {
        if (!(e instanceof SuyuanError || e instanceof ItemError)) throw e;
        findings.push({ code: e.code, severity: 'error', layer: 'log', message: e.message, logId: Buffer.from(s.ref.header.logId).toString('hex'), ...(e.offset !== undefined ? { offset: e.offset } : {}) });
        continue;
      }
      const genesis = records[0]?.body;
      logs.push({ logId: s.ref.header.logId, enterprise: typeof genesis?.enterprise === 'string' ? genesis.enterprise : '', records });
      authors.push(s.author ?? '');
    }
    return { logs, authors, findings };
  } finally {
    source.close();
  }
}
