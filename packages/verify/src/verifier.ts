import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex, type CryptoProvider } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { LotGraph } from '@suyuan/food';
import type { BundleFinding, Layer } from './findings.js';
import type { BundleHeader } from './format.js';
import { graphFeed, type GraphFeed } from './graph.js';
import { applyAuthorityRecord, type Enrolment } from './policy.js';
import { runInWorkers, startWorker, type Job } from './pool.js';
import { checkRefs } from './refs.js';
import { scanBundle, type ScannedSection } from './scan.js';
import { verifySection, type SectionRef, type SectionResult, type ThreadOutput } from './section.js';
import { FindingSink, type LayerState } from './sink.js';
import { fileSource, memorySource, type ByteSource } from './source.js';
import { Spill } from './spill.js';
import { walkSigned } from './walk.js';

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
  const started = process.hrtime.bigint();
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  const crypto = opts.crypto ?? nodeCrypto;
  const sink = new FindingSink();
  const report = (f: BundleFinding) => sink.add(f);
  const workers = typeof input === 'string' ? (opts.workers ?? (source.size > 16 << 20 ? 2 : 0)) : 0;
  const dir = mkdtempSync(join(tmpdir(), 'suyuan-verify-'));
  const main: ThreadOutput = { thread: 0, sink, leaves: new Spill(dir), refs: new Spill(dir) };
  const spills: Spill[] = [main.leaves, main.refs];
  // Workers start now, so that they load while this thread reads the skeleton and the authority logs.
  const pool = Array.from({ length: workers }, () => startWorker());
  try {
    const scan = scanBundle(source, report);
    const trusted = new Set(opts.trust.map(toHex));
    const wanted = new Set(scan.sections.flatMap((s) => (s.author === undefined ? [] : [s.author])));
    const results: SectionResult[] = new Array(scan.sections.length);
    const feed = opts.food === false ? undefined : graphFeed({ onFinding: (f) => report({ ...f, layer: 'food' }), traceCodes: keepTraceCodes });
    // Authority logs first: their enrolments are what the other logs are judged by.
    const enrolments = new Map<string, Enrolment>();
    const authorities = scan.sections.filter((s) => s.author !== undefined && trusted.has(s.author));
    for (const a of authorities) {
      const r = verifySection(source, a.ref, crypto, null, main);
      results[a.ref.index] = r;
      readEnrolments(source, a.ref, r, wanted, enrolments, report);
    }
    if (authorities.length === 0) report({ code: 'POLICY_NO_AUTHORITY', severity: 'error', layer: 'policy', message: 'no log in the bundle is signed by a trusted authority key: no enrolment can be checked' });
    const jobs: Job[] = scan.sections.filter((s) => results[s.ref.index] === undefined).map((s) => ({ section: s.ref, enrolment: s.author === undefined ? undefined : enrolments.get(s.author) }));
    let done = 0;
    const settle = (r: SectionResult) => {
      results[r.index] = r;
      if (feed !== undefined) feedGraph(source, scan.sections[r.index]!, r, enrolments, feed);
      opts.onProgress?.(++done, jobs.length);
    };
    const threads = [main];
    if (workers > 0) {
      for (const w of await runInWorkers(input as string, dir, jobs, pool, settle)) {
        sink.merge(w.sink);
        const t = { thread: threads.length, sink, leaves: Spill.open(dir, w.leaves), refs: Spill.open(dir, w.refs) };
        spills.push(t.leaves, t.refs);
        threads.push(t);
      }
    } else for (const j of jobs) settle(verifySection(source, j.section, crypto, j.enrolment, main));

    checkRefs(results, threads, report);
    const logs = scan.sections.map((s, i) => summary(results[i]!, s, trusted, enrolments, report));
    checkOneLogPerKey(results, report);
    const graph = feed?.build();
    const records = results.reduce((n, r) => n + r.records, 0);
    const stats = { bytes: source.size, sections: scan.sections.length, records, seconds: Number(process.hrtime.bigint() - started) / 1e9, workers };
    return { report: finish(sink, scan.header, logs, stats), graph, sections: scan.sections.map((s) => s.ref) };
  } finally {
    source.close();
    for (const s of spills) s.close();
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * An authority log's enrolments and revocations: its records under a verified checkpoint
 * (all proven records of an excerpt), even when the log breaks later; none at all when it
 * equivocates (FORMAT.md §12).
 */
function readEnrolments(source: ByteSource, ref: SectionRef, r: SectionResult, wanted: ReadonlySet<string>, into: Map<string, Enrolment>, report: (f: BundleFinding) => void): void {
  if (r.equivocation || (r.mode === 'excerpt' && !r.chainOk)) return;
  walkSigned(source, ref, r.signedSize, (rec) => applyAuthorityRecord(r.logId, rec, wanted, into, report), (kind) => kind.startsWith('authority.'));
}

/** Hands a verified log's signed records to the lot graph: full logs up to their signed size, excerpts whole (every record is proven). */
function feedGraph(source: ByteSource, s: ScannedSection, r: SectionResult, enrolments: Map<string, Enrolment>, feed: GraphFeed): void {
  if (!r.chainOk || r.author === undefined || r.enterprise === undefined) return;
  // Every verified log is registered, food records or not: a receipt naming a record of a log in the bundle is judged against it.
  const name = enrolments.get(r.author)?.name;
  const n = feed.addLog({ logId: s.ref.header.logId, enterprise: r.enterprise, ...(name ? { name } : {}), ...(r.mode === 'excerpt' ? { partial: true } : {}) });
  walkSigned(source, s.ref, r.signedSize, (rec) => feed.addRecord(n, rec), (kind) => kind.startsWith('food.')); // the graph reads food events only
}

function summary(r: SectionResult, s: ScannedSection, trusted: Set<string>, enrolments: Map<string, Enrolment>, report: (f: BundleFinding) => void): LogSummary {
  const authority = r.author !== undefined && trusted.has(r.author);
  const e = r.author === undefined ? undefined : enrolments.get(r.author);
  const enrolled = e !== undefined && e.roles.length > 0;
  if (!authority && r.author !== undefined) {
    if (!enrolled) report({ code: 'POLICY_NOT_ENROLLED', severity: 'error', layer: 'policy', message: `the key signing log ${r.logId.slice(0, 12)}… (${r.enterprise}) is not enrolled by a trusted authority`, logId: r.logId });
    else if (e.enterprise !== r.enterprise) report({ code: 'POLICY_ENTERPRISE', severity: 'error', layer: 'policy', message: `the log says it belongs to ${r.enterprise}, its key is enrolled for ${e.enterprise}`, logId: r.logId });
    if (enrolled && s.genesisName !== undefined && s.genesisName !== e.name) {
      report({ code: 'POLICY_NAME_MISMATCH', severity: 'warning', layer: 'policy', message: `the log calls itself "${s.genesisName.slice(0, 64)}"; it is enrolled as "${e.name.slice(0, 64)}"`, logId: r.logId, seq: 0 });
    }
  }
  return {
    logId: r.logId, mode: r.mode, authority, records: r.records, signedSize: r.signedSize,
    ...(r.enterprise !== undefined ? { enterprise: r.enterprise } : {}), ...(r.author !== undefined ? { author: r.author } : {}),
    ...(enrolled ? { name: e.name, enrolment: { enterprise: e.enterprise, name: e.name, roles: e.roles } } : {}),
    ...(r.unsignedTail !== undefined ? { unsignedTail: r.unsignedTail } : {}),
  };
}

/** One log per author key (FORMAT.md §3): every log of a key that signs more than one is an error. */
function checkOneLogPerKey(results: readonly SectionResult[], report: (f: BundleFinding) => void): void {
  const logsOf = new Map<string, number>();
  for (const r of results) if (r.author !== undefined) logsOf.set(r.author, (logsOf.get(r.author) ?? 0) + 1);
  for (const r of results) {
    const n = r.author === undefined ? 0 : logsOf.get(r.author)!;
    if (n > 1) report({ code: 'POLICY_KEY_REUSED', severity: 'error', layer: 'policy', message: `the key signing this log signs ${n - 1} other log(s) in the bundle: one log per key`, logId: r.logId });
  }
}

function finish(sink: FindingSink, header: BundleHeader | undefined, logs: LogSummary[], stats: BundleReport['stats']): BundleReport {
  const layers = { ...sink.layers };
  const unsigned = (sink.counts.LOG_UNSIGNED_TAIL ?? 0) > 0 || (sink.counts.CHECKPOINT_BEYOND_LOG ?? 0) > 0 || logs.some((l) => l.mode === 'full' && l.signedSize < l.records);
  const worst = Object.values(layers);
  const verdict: Verdict = worst.includes('errors') ? 'invalid' : unsigned ? 'unsigned' : worst.includes('warnings') ? 'valid-with-warnings' : 'valid';
  return { verdict, layers, ...(header ? { header } : {}), logs, findings: sink.list(), counts: { ...sink.counts }, omitted: sink.omitted(), stats };
}
