/**
 * The trace page's Web Worker: verifies the excerpt against the pinned authority keys and
 * builds the journey from what verified. Messages: in `TraceRequest`, out `TraceAnswer`.
 */
import { fromHex } from '@suyuan/core';
import { buildJourney, type Journey, type JourneyTarget } from './journey.js';
import { openTrace } from './open.js';

export interface TraceRequest {
  /** A receipt's trace code, or a lot by GTIN and lot. */
  target: JourneyTarget;
  bundle: ArrayBuffer;
  /** Authority public keys (hex) the page pins. */
  trust: string[];
  /** The hub's witness keys (hex). */
  witnesses: string[];
}

/** `ms`: time spent verifying and building the journey, in the worker (for bench/web.ts). */
export type TraceAnswer = { ok: true; journey: Journey; ms: { verify: number; journey: number } } | { ok: false; error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<TraceRequest>) => void) | null; postMessage(a: TraceAnswer): void };

scope.onmessage = (e) => {
  const q = e.data;
  const t0 = performance.now();
  openTrace(new Uint8Array(q.bundle), q.trust.map(fromHex))
    .then((opened) => {
      const t1 = performance.now();
      const journey = buildJourney(q.target, opened, q.witnesses, opened.cosignatures);
      scope.postMessage({ ok: true, journey, ms: { verify: t1 - t0, journey: performance.now() - t1 } });
    })
    .catch((err: unknown) => scope.postMessage({ ok: false, error: err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err) }));
};
