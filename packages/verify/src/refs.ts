import { toHex, type CryptoProvider } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import type { SectionRef, SectionResult } from './section.js';
import type { ByteSource } from './source.js';
import { walkRecords } from './walk.js';

/**
 * Every reference between logs must name a record that is in the bundle, with the leaf hash
 * it states, under a signed checkpoint. Leaf hashes of full logs are looked up with a second
 * pass over just the logs that are referenced, hashing just the records referenced.
 */
export function checkRefs(source: ByteSource, refs: SectionRef[], results: SectionResult[], crypto: CryptoProvider): BundleFinding[] {
  const out: BundleFinding[] = [];
  const byLog = new Map<string, number>();
  results.forEach((r, i) => byLog.set(r.logId, i));
  const wanted = new Map<number, Set<number>>();
  const all = results.flatMap((r) => r.refs.map((ref) => ({ from: r.logId, ...ref })));
  for (const ref of all) {
    const target = byLog.get(ref.to);
    if (target === undefined) continue;
    if (results[target]!.mode === 'full' && ref.seq < results[target]!.records) {
      (wanted.get(target) ?? wanted.set(target, new Set()).get(target)!).add(ref.seq);
    }
  }
  const leaves = new Map<string, string>();
  for (const [i, seqs] of wanted) {
    walkRecords(source, refs[i]!, (bytes, seq) => {
      if (seqs.has(seq)) leaves.set(`${i}:${seq}`, toHex(crypto.leafHash(bytes)));
    });
  }
  for (const ref of all) {
    const at = { logId: ref.from, seq: ref.fromSeq };
    const target = byLog.get(ref.to);
    const name = `${ref.to.slice(0, 12)}…#${ref.seq}`;
    if (target === undefined) {
      out.push({ code: 'REF_LOG_ABSENT', severity: 'warning', layer: 'refs', message: `refers to ${name}, whose log is not in the bundle`, ...at });
      continue;
    }
    const t = results[target]!;
    const leaf = t.mode === 'full' ? leaves.get(`${target}:${ref.seq}`) : t.excerptLeaves?.[ref.seq];
    if (leaf === undefined) {
      out.push({ code: 'REF_TARGET_ABSENT', severity: 'error', layer: 'refs', message: `refers to ${name}, which the bundle does not hold (or which did not verify)`, ...at });
    } else if (leaf !== ref.leafHash) {
      out.push({ code: 'REF_HASH_MISMATCH', severity: 'error', layer: 'refs', message: `refers to ${name} with a leaf hash that is not that record's`, ...at });
    } else if (t.mode === 'full' && ref.seq >= t.signedSize) {
      out.push({ code: 'REF_UNSIGNED', severity: 'warning', layer: 'refs', message: `refers to ${name}, which no verified checkpoint covers yet`, ...at });
    }
  }
  return out;
}
