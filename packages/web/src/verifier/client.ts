/** The page's side of the verifier worker (protocol.ts): one promise per bundle, progress on the way. */
import type { TrustInput, VerifierMessage, VerifyRequest } from './protocol.js';

export type VerifyOutcome = Extract<VerifierMessage, { type: 'report' | 'refused' | 'failed' }>;

export interface VerifierClient {
  /** Verifies a bundle in the worker; `bundle` is transferred (detached here) unless `copy`. */
  verify(bundle: ArrayBuffer, trust: TrustInput[], opts?: { food?: boolean; copy?: boolean; onProgress?: (done: number, total: number) => void }): Promise<VerifyOutcome>;
  terminate(): void;
}

export function verifierClient(worker: Worker): VerifierClient {
  let next = 1;
  const waiting = new Map<number, { resolve: (m: VerifyOutcome) => void; onProgress?: (done: number, total: number) => void }>();
  worker.onmessage = (e: MessageEvent<VerifierMessage>) => {
    const m = e.data;
    const w = waiting.get(m.id);
    if (w === undefined) return;
    if (m.type === 'progress') return w.onProgress?.(m.done, m.total);
    waiting.delete(m.id);
    w.resolve(m);
  };
  worker.onerror = (e) => {
    for (const [id, w] of waiting) w.resolve({ type: 'failed', id, code: 'WEB_WORKER', message: e.message || 'the verifier worker stopped' });
    waiting.clear();
  };
  return {
    verify(bundle, trust, opts = {}) {
      const id = next++;
      const req: VerifyRequest = { type: 'verify', id, bundle, trust, ...(opts.food !== undefined ? { food: opts.food } : {}) };
      return new Promise((resolve) => {
        waiting.set(id, { resolve, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
        worker.postMessage(req, opts.copy ? [] : [bundle]);
      });
    },
    terminate: () => worker.terminate(),
  };
}

/** A worker from its bundled source carried in the page (a blob: URL): how a page opened from disk starts one. */
export function inlineWorker(source: string): Worker {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return new Worker(url, { name: 'suyuan-verifier' }); // the URL is kept: the worker may load it after this returns
}
