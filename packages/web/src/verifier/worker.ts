/** The verifier's Web Worker: one request at a time, answered in order (protocol.ts). */
import { handleRequest } from './handle.js';
import type { VerifierMessage, VerifyRequest } from './protocol.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<VerifyRequest>) => void) | null;
  postMessage(m: VerifierMessage): void;
}

const scope = globalThis as unknown as WorkerScope;
let queue = Promise.resolve();
scope.onmessage = (e) => {
  queue = queue.then(() => handleRequest(e.data, (m) => scope.postMessage(m)));
};
