import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Enrolment } from './policy-check.js';
import type { SectionRef, SectionResult } from './section.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

export type Job = { section: SectionRef; enrolment: Enrolment | undefined };
export type Finished = Extract<WorkerReply, { type: 'finished' }>;

/** Sections are sent in batches of about this many bytes (or this many sections), so that many small logs do not cost a message each. */
const BATCH_BYTES = 4 << 20;
const BATCH_SECTIONS = 256;

/**
 * Runs jobs on the workers, each worker taking the next batch when it is done; `onResult` is
 * called in this thread as results come in. Returns what each worker collected, in worker order.
 */
export async function runInWorkers(path: string, dir: string, jobs: Job[], pool: Worker[], onResult: (r: SectionResult) => void): Promise<Finished[]> {
  let next = 0;
  const batch = (): Job[] => {
    const out: Job[] = [];
    let bytes = 0;
    while (next < jobs.length && out.length < BATCH_SECTIONS && bytes < BATCH_BYTES) {
      const j = jobs[next++]!;
      out.push(j);
      bytes += j.section.header.bytes;
    }
    return out;
  };
  return Promise.all(pool.map((w, i) => new Promise<Finished>((resolve, reject) => {
    const send = (m: WorkerRequest) => w.postMessage(m);
    const feed = () => {
      const jobs = batch();
      send(jobs.length > 0 ? { type: 'jobs', jobs } : { type: 'finish' });
    };
    w.on('message', (m: WorkerReply) => {
      if (m.type === 'error') return reject(new Error(`verification worker failed: ${m.error}`));
      if (m.type === 'finished') return resolve(m);
      try {
        for (const r of m.results) onResult(r);
      } catch (e) {
        return reject(e);
      }
      feed();
    });
    w.on('error', reject);
    send({ type: 'init', path, dir, thread: i + 1 });
    feed();
  })));
}

/**
 * The built package runs dist/worker.js. Running from TypeScript sources (tests, `pnpm
 * suyuan`), the worker registers the tsx loader first and reads the workspace's sources.
 */
export function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(fileURLToPath(new URL('./worker.js', import.meta.url)));
  const url = new URL('./worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=@suyuan/source'] });
}
