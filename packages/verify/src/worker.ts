/** A verification worker: verifies the log sections it is sent, reading the bundle file itself. */
import { parentPort } from 'node:worker_threads';
import { nodeCrypto } from '@suyuan/core/node';
import type { Enrolment } from './policy-check.js';
import { verifySection, type SectionRef, type ThreadOutput } from './section.js';
import { FindingSink, type SinkState } from './sink.js';
import { fileSource } from './file-source.js';
import type { ByteSource } from './source.js';
import { Spill, type SpillHandle } from './spill.js';

export type WorkerRequest =
  | { type: 'init'; path: string; dir: string; thread: number }
  | { type: 'jobs'; jobs: { section: SectionRef; enrolment: Enrolment | undefined }[] }
  | { type: 'finish' };

export type WorkerReply =
  | { type: 'results'; results: ReturnType<typeof verifySection>[] }
  | { type: 'finished'; sink: SinkState; leaves: SpillHandle; refs: SpillHandle }
  | { type: 'error'; error: string };

let source: ByteSource | undefined;
let out: ThreadOutput | undefined;

parentPort!.on('message', (m: WorkerRequest) => {
  try {
    if (m.type === 'init') {
      source = fileSource(m.path);
      out = { thread: m.thread, sink: new FindingSink(), leaves: new Spill(m.dir), refs: new Spill(m.dir) };
    } else if (m.type === 'jobs') {
      parentPort!.postMessage({ type: 'results', results: m.jobs.map((j) => verifySection(source!, j.section, nodeCrypto, j.enrolment, out!)) } satisfies WorkerReply);
    } else {
      source!.close();
      parentPort!.postMessage({ type: 'finished', sink: out!.sink.state(), leaves: out!.leaves.handle(), refs: out!.refs.handle() } satisfies WorkerReply);
      out!.leaves.close();
      out!.refs.close();
    }
  } catch (e) {
    parentPort!.postMessage({ type: 'error', error: (e as Error).stack ?? String(e) } satisfies WorkerReply);
  }
});
