/** A verification worker: verifies the log sections it is sent, reading the bundle file itself. */
import { parentPort } from 'node:worker_threads';
import { nodeCrypto } from '@suyuan/core/node';
import type { Enrolment } from './policy.js';
import { verifySection, type SectionRef } from './section.js';
import { fileSource } from './source.js';

export interface WorkerJob {
  path: string;
  section: SectionRef;
  enrolment: Enrolment | undefined;
}

const sources = new Map<string, ReturnType<typeof fileSource>>();

parentPort!.on('message', (job: WorkerJob) => {
  let source = sources.get(job.path);
  if (source === undefined) sources.set(job.path, (source = fileSource(job.path)));
  try {
    parentPort!.postMessage({ ok: true, result: verifySection(source, job.section, nodeCrypto, job.enrolment) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: (e as Error).stack ?? String(e) });
  }
});
