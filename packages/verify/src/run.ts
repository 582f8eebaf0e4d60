import { toHex, type CryptoProvider } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import type { BundleHeader } from './format.js';
import { graphFeed, type GraphFeed } from './graph.js';
import { Interner } from './interner.js';
import { applyAuthorityRecord, type Enrolment } from './policy.js';
import type { Job } from './pool.js';
import { checkRefs } from './refs.js';
import { scanBundle, type ScannedSection } from './scan.js';
import { verifySection, type SectionRef, type SectionResult, type ThreadOutput } from './section.js';
import { FindingSink, type SinkState } from './sink.js';
import type { ByteSource } from './source.js';
import type { SpillStore } from './spill-store.js';
import type { BundleReport, LogSummary, Verdict, Verification, VerifyBundleOptions } from './verifier.js';
import { walkSigned, walkSignedEncoded } from './walk.js';

const isFoodKind = (kind: string) => kind.startsWith('food.');

/** What another thread (a worker) collected: its findings, and its spills opened for this thread to read. */
export interface OtherThread {
  sink: SinkState;
  leaves: SpillStore;
  refs: SpillStore;
}

/**
 * What the verification's steps need from where they run: Node (files, worker threads,
 * node:crypto; verifier.ts) or a browser (memory, noble; portable.ts). Nothing here imports node:*.
 */
export interface VerifyHost {
  crypto: CryptoProvider;
  /** A spill for this thread's leaf hashes or references. */
  newSpill(): SpillStore;
  /** Worker threads used, for the report's stats. */
  workers: number;
  /** Verifies the jobs on other threads, calling `settle` in this one as results arrive; absent: in this thread. */
  parallel?: (jobs: Job[], settle: (r: SectionResult) => void) => Promise<OtherThread[]>;
}

/**
 * The verification's steps, in order (see `verifyBundle`): the skeleton, the authority logs,
 * every other section (here or on other threads), references, policy, the verdict. The
 * caller owns the source and whatever the host allocates, and releases them.
 */
export async function runVerification(source: ByteSource, opts: VerifyBundleOptions, keepTraceCodes: boolean, host: VerifyHost): Promise<Verification> {
  const started = performance.now();
  const crypto = host.crypto;
  const sink = new FindingSink();
  const report = (f: BundleFinding) => sink.add(f);
  const main: ThreadOutput = { thread: 0, sink, leaves: host.newSpill(), refs: host.newSpill() };
  const scan = scanBundle(source, report);
  const trusted = new Set(opts.trust.map(toHex));
  const wanted = new Set(scan.sections.flatMap((s) => (s.author === undefined ? [] : [s.author])));
  const results: SectionResult[] = new Array(scan.sections.length);
  const feed = opts.food === false ? undefined : graphFeed({ onFinding: (f) => report({ ...f, layer: 'food' }), traceCodes: keepTraceCodes });
  // Authority logs first: their enrolments are what the other logs are judged by.
  const enrolments = new Map<string, Enrolment>();
  // An authority log: a trusted key's log whose genesis declares it (FORMAT.md §12); a trusted key's other log is ordinary.
  const authorities = scan.sections.filter((s) => isAuthority(s, trusted));
  // Per-log state is kept compact: a bundle may hold any number of one-record logs, and authors and enterprises repeat.
  const strings = new Interner();
  const keep = (r: SectionResult) => {
    if (r.author !== undefined) r.author = strings.of(r.author);
    if (r.enterprise !== undefined) r.enterprise = strings.of(r.enterprise);
    results[r.index] = r;
  };
  for (const a of authorities) {
    const r = verifySection(source, a.ref, crypto, null, main);
    keep(r);
    readEnrolments(source, a.ref, r, wanted, enrolments, report);
  }
  if (authorities.length === 0) report({ code: 'POLICY_NO_AUTHORITY', severity: 'error', layer: 'policy', message: 'no log in the bundle is signed by a trusted authority key: no enrolment can be checked' });
  const jobs: Job[] = scan.sections.filter((s) => results[s.ref.index] === undefined).map((s) => ({ section: s.ref, enrolment: s.author === undefined ? undefined : enrolments.get(s.author) }));
  let done = 0;
  const settle = (r: SectionResult) => {
    keep(r);
    if (feed !== undefined) feedGraph(source, scan.sections[r.index]!, r, enrolments, feed);
    opts.onProgress?.(++done, jobs.length);
  };
  const threads = [main];
  if (host.parallel !== undefined) {
    for (const w of await host.parallel(jobs, settle)) {
      sink.merge(w.sink);
      threads.push({ thread: threads.length, sink, leaves: w.leaves, refs: w.refs });
    }
  } else for (const j of jobs) settle(verifySection(source, j.section, crypto, j.enrolment, main));

  checkRefs(results, threads, report);
  const enrolled = new Map<Enrolment, LogSummary['enrolment']>(); // one summary object per enrolment, shared by its logs
  const logs = scan.sections.map((s, i) => summary(results[i]!, s, trusted, enrolments, enrolled, report));
  checkOneLogPerKey(results, report);
  const records = results.reduce((n, r) => n + r.records, 0);
  // The sections' results and jobs are not needed past here: let them go before the lot graph is built, a run's peak with the food rules on.
  results.length = 0;
  jobs.length = 0;
  const graph = feed?.build();
  const stats = { bytes: source.size, sections: scan.sections.length, records, seconds: (performance.now() - started) / 1000, workers: host.workers };
  return { report: finish(sink, scan.header, logs, stats), graph, sections: scan.sections.map((s) => s.ref) };
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
  // The graph reads food events only, their bodies straight from the bytes where it can.
  walkSignedEncoded(source, s.ref, r.signedSize, isFoodKind, (rec, bytes) => feed.addEncoded(n, rec, bytes, rec.bodyStart, rec.bodyEnd), (rec) => feed.addRecord(n, rec));
}

/** Whether a section is an authority log: its genesis author is trusted and its genesis declares `meta.role = "authority"`. */
function isAuthority(s: ScannedSection, trusted: ReadonlySet<string>): boolean {
  return s.author !== undefined && s.declaresAuthority === true && trusted.has(s.author);
}

function summary(r: SectionResult, s: ScannedSection, trusted: Set<string>, enrolments: Map<string, Enrolment>, shared: Map<Enrolment, LogSummary['enrolment']>, report: (f: BundleFinding) => void): LogSummary {
  const authority = isAuthority(s, trusted);
  const e = r.author === undefined ? undefined : enrolments.get(r.author);
  const enrolled = e !== undefined && e.roles.length > 0;
  if (!authority && r.author !== undefined && trusted.has(r.author)) {
    // A trusted key's log that does not declare itself an authority's is judged like any other, and never valid.
    report({ code: 'POLICY_TRUSTED_NOT_AUTHORITY', severity: 'error', layer: 'policy', message: `log ${r.logId.slice(0, 12)}… (${r.enterprise}) is signed by a trusted authority key but its genesis does not declare it an authority log (meta.role "authority"): it is checked as an ordinary log`, logId: r.logId, seq: 0 });
  }
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
    ...(enrolled ? { name: e.name, enrolment: shared.get(e) ?? shared.set(e, { enterprise: e.enterprise, name: e.name, roles: e.roles }).get(e)! } : {}),
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
  // One order whatever the bundle's (issue 10): by log id, and a log given twice by what its copies hold.
  logs.sort((a, b) => (a.logId < b.logId ? -1 : a.logId > b.logId ? 1 : a.mode.localeCompare(b.mode) || a.records - b.records || a.signedSize - b.signedSize));
  return { verdict, layers, ...(header ? { header } : {}), logs, findings: sink.list(), counts: { ...sink.counts }, omitted: sink.omitted(), stats };
}
