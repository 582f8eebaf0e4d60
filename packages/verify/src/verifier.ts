import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoProvider } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { LotGraph } from '@suyuan/food';
import { fileSource } from './file-source.js';
import type { BundleFinding, Layer } from './findings.js';
import type { BundleHeader } from './format.js';
import { runInWorkers, startWorker } from './pool.js';
import { runVerification } from './run.js';
import type { SectionRef } from './section.js';
import type { LayerState } from './sink.js';
import { memorySource } from './source.js';
import { Spill } from './spill.js';

export interface VerifyBundleOptions {
  /** Authority public keys the caller trusts. Never taken from the bundle. */
  trust: readonly Uint8Array[];
  /** Worker threads for the log sections; 0 verifies in this thread. Default: 0 for bundles under 16 MB, else 2. Files only; workers use node:crypto whatever `crypto` says. */
  workers?: number;
  /** Check the food rules. Default true. */
  food?: boolean;
  crypto?: CryptoProvider;
  /** Progress, for long runs: called after each section. */
  onProgress?: (done: number, total: number) => void;
}

export interface LogSummary {
  logId: string;
  mode: 'full' | 'excerpt';
  enterprise?: string;
  author?: string;
  authority: boolean;
  /** The business's name as its enrolment gives it (never the genesis's own claim). */
  name?: string;
  enrolment?: { enterprise: string; name: string; roles: string[] };
  records: number;
  signedSize: number;
  unsignedTail?: { from: number; to: number };
}

export type Verdict = 'valid' | 'valid-with-warnings' | 'unsigned' | 'invalid';

export interface BundleReport {
  /**
   * `invalid`: an error in some layer. `unsigned`: no error, but some records are not covered
   * by a verified checkpoint. `valid-with-warnings`: all signed and valid, with warnings. `valid`: nothing found.
   */
  verdict: Verdict;
  /** The worst severity found by each layer. */
  layers: Record<Layer, LayerState>;
  /** What the bundle's header says: reported as given, never trusted. */
  header?: BundleHeader;
  logs: LogSummary[];
  /** Findings in canonical order (docs/FORMAT.md §13), at most FINDINGS_PER_CODE of each code. */
  findings: BundleFinding[];
  /** Every finding counted, by code. */
  counts: Record<string, number>;
  /** Findings counted but not listed, by code. */
  omitted: Record<string, number>;
  stats: { bytes: number; sections: number; records: number; seconds: number; workers: number };
}

/** A verification, with what trace and recall need from it. */
export interface Verification {
  report: BundleReport;
  /** The lot graph of the signed records of every log whose chain verified (authority logs apart). */
  graph: LotGraph | undefined;
  sections: SectionRef[];
}

/**
 * Verifies a bundle (a file path or bytes): its structure; each log's canonical bytes, chain,
 * checkpoints and cosignatures (on worker threads for large files); the references between
 * logs; the food rules; then trust policy against the authority keys given. Memory is bounded
 * by the number of logs and the trees' heights plus a fixed budget of findings per code
 * (references and leaf hashes spill to a temporary file past a budget), and the lot graph
 * when the food rules are on. Throws BundleReadError if the input cannot be read or is not a
 * bundle; anything else gets a verdict.
 */
export async function verifyBundle(input: string | Uint8Array, opts: VerifyBundleOptions): Promise<BundleReport> {
  return (await verify(input, opts)).report;
}

/** `keepTraceCodes`: the graph answers `{ traceCode }` starts (openVerifiedBundle); verification alone saves their memory. */
export async function verify(input: string | Uint8Array, opts: VerifyBundleOptions, keepTraceCodes = false): Promise<Verification> {
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  const workers = typeof input === 'string' ? (opts.workers ?? (source.size > 16 << 20 ? 2 : 0)) : 0;
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-verify-'));
  const spills: Spill[] = [];
  const track = (s: Spill) => (spills.push(s), s);
  // Workers start now, so that they load while this thread reads the skeleton and the authority logs.
  const pool = Array.from({ length: workers }, () => startWorker());
  try {
    return await runVerification(source, opts, keepTraceCodes, {
      crypto: opts.crypto ?? nodeCrypto,
      newSpill: () => track(new Spill(dir)),
      workers,
      ...(workers > 0 ? {
        parallel: async (jobs, settle) => (await runInWorkers(input as string, dir, jobs, pool, settle))
          .map((w) => ({ sink: w.sink, leaves: track(Spill.open(dir, w.leaves)), refs: track(Spill.open(dir, w.refs)) })),
      } : {}),
    });
  } finally {
    source.close();
    for (const s of spills) s.close();
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
