import type { GraphLog } from '@suyuan/food';
import type { BundleFinding } from './findings.js';
import { scanBundle } from './scan.js';
import { fileSource, memorySource } from './source.js';
import { decodeSection } from './walk.js';

/**
 * The logs of a bundle, decoded, for queries (trace, recall). It reads; it does not verify:
 * run `verifyBundle` first and use this only on a bundle found valid.
 */
export function readBundleLogs(input: string | Uint8Array): { logs: GraphLog[]; authors: string[]; findings: BundleFinding[] } {
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  const findings: BundleFinding[] = [];
  try {
    const { sections } = scanBundle(source, findings);
    const logs: GraphLog[] = [];
    const authors: string[] = [];
    for (const s of sections) {
      const records = decodeSection(source, s.ref);
      const genesis = records[0]?.body;
      logs.push({ logId: s.ref.header.logId, enterprise: typeof genesis?.enterprise === 'string' ? genesis.enterprise : '', records });
      authors.push(s.author ?? '');
    }
    return { logs, authors, findings };
  } finally {
    source.close();
  }
}
