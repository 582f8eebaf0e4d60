import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { toHex, type CryptoProvider } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { LotGraph } from '@suyuan/food';
import type { BundleFinding, Layer } from './findings.js';
import type { BundleHeader } from './format.js';
import { readAuthorityLog, type Enrolment } from './policy.js';
import { checkRefs } from './refs.js';
import { verifySection, type SectionRef, type SectionResult } from './section.js';
import { scanBundle } from './scan.js';
import { fileSource, memorySource, type ByteSource } from './source.js';
import { decodeSection } from './walk.js';
import type { WorkerJob } from './worker.js';

export interface VerifyBundleOptions {
  /** Authority public keys the caller trusts. Never taken from the bundle. */
  trust: readonly Uint8Array[];
  /** Worker threads for the log sections; 0 verifies in this thread. Default: 0 for bundles under 16 MB, else 2. Files only; workers use node:crypto whatever `crypto` says. */
  workers?: number;
  /** Check the food rules (needs memory in proportion to the records). Default true. */
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
  enrolment?: { enterprise: string; name: string; roles: string[] };
  records: number;
  signedSize: number;
  unsignedTail?: { from: number; to: number };
}

export interface BundleReport {
  verdict: 'valid' | 'valid-with-warnings' | 'invalid';
  /** The worst severity found by each layer. */
  layers: Record<Layer, 'ok' | 'warnings' | 'errors'>;
  header?: BundleHeader;
  logs: LogSummary[];
  findings: BundleFinding[];
  stats: { bytes: number; sections: number; records: number; seconds: number; workers: number };
}

/**
 * Verifies a bundle (a file path or bytes): its structure; each log's canonical bytes, chain,
 * checkpoints and cosignatures (on worker threads for large files); the references between
 * logs; the food rules; then trust policy against the authority keys given. Memory is
 * bounded by the number of logs and the trees' heights (plus the references, and the lot
 * graph when the food rules are on).
 */
export async function verifyBundle(input: string | Uint8Array, opts: VerifyBundleOptions): Promise<BundleReport> {
  const started = process.hrtime.bigint();
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  const crypto = opts.crypto ?? nodeCrypto;
  const findings: BundleFinding[] = [];
  const workers = typeof input === 'string' ? (opts.workers ?? (source.size > 16 << 20 ? 2 : 0)) : 0;
  // Workers start now, so that they load while this thread reads the skeleton and the authority logs.
  const pool = Array.from({ length: workers }, () => startWorker());
  try {
    const scan = scanBundle(source, findings);
    const trusted = new Set(opts.trust.map(toHex));
    const authorities = scan.sections.filter((s) => s.author !== undefined && trusted.has(s.author));
    const results = new Map<number, SectionResult>();
    // Authority logs first: their enrolments are what the other logs are judged by.
    const enrolments = new Map<string, Enrolment>();
    for (const a of authorities) {
      const r = verifySection(source, a.ref, crypto, null);
      results.set(a.ref.index, r);
      if (!r.findings.some((f) => f.severity === 'error')) readAuthorityLog(r.logId, decodeSection(source, a.ref), r.signedSize, enrolments, findings);
    }
    if (authorities.length === 0) findings.push({ code: 'POLICY_NO_AUTHORITY', severity: 'error', layer: 'policy', message: 'no log in the bundle is signed by a trusted authority key: no enrolment can be checked' });
    const rest = scan.sections.filter((s) => !results.has(s.ref.index));
    const jobs = rest.map((s) => ({ section: s.ref, enrolment: s.author === undefined ? undefined : enrolments.get(s.author) }));
    const done = workers > 0 ? await runInWorkers(input as string, jobs, pool, opts.onProgress) : jobs.map((j, i) => {
      const r = verifySection(source, j.section, crypto, j.enrolment);
      opts.onProgress?.(i + 1, jobs.length);
      return r;
    });
    for (const r of done) results.set(r.index, r);

    const ordered = scan.sections.map((s) => results.get(s.ref.index)!);
    for (const r of ordered) findings.push(...r.findings);
    const logs = ordered.map((r, i) => summary(r, scan.sections[i]!.author, trusted, enrolments, findings));
    findings.push(...checkRefs(source, scan.sections.map((s) => s.ref), ordered, crypto));
    if (opts.food !== false) foodRules(source, scan.sections.map((s) => s.ref), ordered, trusted, findings);
    const records = ordered.reduce((n, r) => n + r.records, 0);
    return finish(findings, scan.header, logs, { bytes: source.size, sections: scan.sections.length, records, seconds: Number(process.hrtime.bigint() - started) / 1e9, workers });
  } finally {
    source.close();
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function summary(r: SectionResult, author: string | undefined, trusted: Set<string>, enrolments: Map<string, Enrolment>, findings: BundleFinding[]): LogSummary {
  const authority = author !== undefined && trusted.has(author);
  const e = author === undefined ? undefined : enrolments.get(author);
  if (!authority && r.author !== undefined) {
    if (e === undefined || e.roles.length === 0) findings.push({ code: 'POLICY_NOT_ENROLLED', severity: 'error', layer: 'policy', message: `the key signing log ${r.logId.slice(0, 12)}… (${r.enterprise}) is not enrolled by a trusted authority`, logId: r.logId });
    else if (e.enterprise !== r.enterprise) findings.push({ code: 'POLICY_ENTERPRISE', severity: 'error', layer: 'policy', message: `the log says it belongs to ${r.enterprise}, its key is enrolled for ${e.enterprise}`, logId: r.logId });
  }
  return {
    logId: r.logId, mode: r.mode, authority, records: r.records, signedSize: r.signedSize,
    ...(r.enterprise !== undefined ? { enterprise: r.enterprise } : {}), ...(r.author !== undefined ? { author: r.author } : {}),
    ...(e !== undefined && e.roles.length > 0 ? { enrolment: { enterprise: e.enterprise, name: e.name, roles: e.roles } } : {}),
    ...(r.unsignedTail !== undefined ? { unsignedTail: r.unsignedTail } : {}),
  };
}

/** The food rules over every non-authority log whose records are sound. */
function foodRules(source: ByteSource, refs: SectionRef[], results: SectionResult[], trusted: Set<string>, findings: BundleFinding[]): void {
  const logs = [];
  for (let i = 0; i < refs.length; i++) {
    const r = results[i]!;
    if (r.author === undefined || trusted.has(r.author) || r.findings.some((f) => f.severity === 'error' && f.layer !== 'policy')) continue;
    logs.push({ logId: refs[i]!.header.logId, enterprise: r.enterprise!, records: decodeSection(source, refs[i]!) });
  }
  const graph = LotGraph.build(logs);
  for (const f of graph.findings) findings.push({ ...f, layer: 'food' });
}

async function runInWorkers(path: string, jobs: Omit<WorkerJob, 'path'>[], pool: Worker[], onProgress?: (done: number, total: number) => void): Promise<SectionResult[]> {
  const results: SectionResult[] = [];
  let next = 0;
  await Promise.all(pool.map((w) => new Promise<void>((resolve, reject) => {
    const feed = () => {
      if (next >= jobs.length) return resolve();
      w.postMessage({ path, ...jobs[next++]! } satisfies WorkerJob);
    };
    w.on('message', (m: { ok: boolean; result?: SectionResult; error?: string }) => {
      if (!m.ok) return reject(new Error(`verification worker failed: ${m.error}`));
      results.push(m.result!);
      onProgress?.(results.length, jobs.length);
      feed();
    });
    w.on('error', reject);
    feed();
  })));
  return results;
}

/**
 * The built package runs dist/worker.js. Running from TypeScript sources (tests, `pnpm
 * suyuan`), the worker registers the tsx loader first and reads the workspace's sources.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(fileURLToPath(new URL('./worker.js', import.meta.url)));
  const url = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=@suyuan/source'] });
}

function finish(findings: BundleFinding[], header: BundleHeader | undefined, logs: LogSummary[], stats: BundleReport['stats']): BundleReport {
  const layers: BundleReport['layers'] = { bundle: 'ok', log: 'ok', refs: 'ok', food: 'ok', policy: 'ok' };
  for (const f of findings) {
    if (f.severity === 'error') layers[f.layer] = 'errors';
    else if (layers[f.layer] === 'ok') layers[f.layer] = 'warnings';
  }
  const worst = Object.values(layers);
  return {
    verdict: worst.includes('errors') ? 'invalid' : worst.includes('warnings') ? 'valid-with-warnings' : 'valid',
    layers, ...(header ? { header } : {}), logs, findings, stats,
  };
}

