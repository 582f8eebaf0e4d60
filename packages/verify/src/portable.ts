/**
 * `@suyuan/verify/portable`: the bundle verifier for a bundle held in memory, with the
 * portable crypto providers of @suyuan/core (noble, both suites). Nothing on its imports uses
 * node:* built-ins, so it runs in a browser or a Web Worker; its reports are those of
 * `verifyBundle` (same verdicts, same finding codes and order).
 */
import { nobleCrypto } from '@suyuan/core';
import { runVerification } from './run.js';
import { memorySource } from './source.js';
import { MemorySpill } from './spill-store.js';
import type { BundleReport, VerifyBundleOptions } from './verifier.js';

/** `verifyBundle`'s options without worker threads; `crypto` defaults to the portable providers. */
export type PortableVerifyOptions = Omit<VerifyBundleOptions, 'workers'>;

/**
 * Verifies a bundle held in memory, in this thread. Throws BundleReadError when the bytes are
 * not a bundle at all; anything else gets a verdict.
 */
export async function verifyBundleBytes(bytes: Uint8Array, opts: PortableVerifyOptions): Promise<BundleReport> {
  const source = memorySource(bytes);
  const host = { crypto: opts.crypto ?? nobleCrypto, newSpill: () => new MemorySpill(), workers: 0 };
  return (await runVerification(source, opts, false, host)).report;
}

export { VERIFY_CODES, BundleReadError, type VerifyCode, type BundleFinding, type Layer } from './findings.js';
export { FINDINGS_PER_CODE, compareFindings } from './sink.js';
export { formatReport } from './report.js';
export type { BundleReport, LogSummary, Verdict, VerifyBundleOptions } from './verifier.js';
