import type { BundleFinding, Layer } from './findings.js';

/** Findings kept with their locations for each code; past this, only counted. */
export const FINDINGS_PER_CODE = 100;
/** Evidence records kept on one finding. */
const EVIDENCE_LIMIT = 100;
const LAYER_RANK: Record<Layer, number> = { bundle: 0, log: 1, refs: 2, food: 3, policy: 4 };

export type LayerState = 'ok' | 'warnings' | 'errors';

/** What a sink holds, as it crosses from a worker thread. */
export interface SinkState {
  kept: BundleFinding[];
  counts: Record<string, number>;
  layers: Record<Layer, LayerState>;
}

/**
 * The canonical order of findings: errors before warnings, then by layer, log, seq, code,
 * message, and byte offset. Offsets come last because they change when sections are
 * reordered; everything else does not.
 */
export function compareFindings(a: BundleFinding, b: BundleFinding): number {
  return (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)
    || LAYER_RANK[a.layer] - LAYER_RANK[b.layer]
    || cmp(a.logId ?? '', b.logId ?? '')
    || (a.seq ?? -1) - (b.seq ?? -1)
    || cmp(a.code, b.code)
    || cmp(a.message, b.message)
    || (a.offset ?? -1) - (b.offset ?? -1);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Collects findings in bounded memory: every finding is counted and sets its layer's state;
 * of each code, the FINDINGS_PER_CODE first in canonical order are kept. Which ones are kept
 * does not depend on the order they arrive in, so sinks of several threads merge into the
 * same result whichever thread saw what.
 */
export class FindingSink {
  private readonly kept = new Map<string, BundleFinding[]>();
  readonly counts: Record<string, number> = {};
  readonly layers: Record<Layer, LayerState> = { bundle: 'ok', log: 'ok', refs: 'ok', food: 'ok', policy: 'ok' };

  add(f: BundleFinding): void {
    this.counts[f.code] = (this.counts[f.code] ?? 0) + 1;
    this.mark(f.layer, f.severity);
    this.keep(f.evidence !== undefined && f.evidence.length > EVIDENCE_LIMIT ? { ...f, evidence: f.evidence.slice(0, EVIDENCE_LIMIT) } : f);
  }

  private mark(layer: Layer, severity: BundleFinding['severity']): void {
    if (severity === 'error') this.layers[layer] = 'errors';
    else if (this.layers[layer] === 'ok') this.layers[layer] = 'warnings';
  }

  private keep(f: BundleFinding): void {
    let list = this.kept.get(f.code);
    if (list === undefined) this.kept.set(f.code, (list = []));
    list.push(f);
    if (list.length >= 2 * FINDINGS_PER_CODE) trim(list);
  }

  /** Adds what another sink collected. */
  merge(s: SinkState): void {
    for (const [code, n] of Object.entries(s.counts)) this.counts[code] = (this.counts[code] ?? 0) + n;
    for (const [layer, state] of Object.entries(s.layers) as [Layer, LayerState][]) if (state !== 'ok') this.mark(layer, state === 'errors' ? 'error' : 'warning');
    for (const f of s.kept) this.keep(f);
  }

  /** Whether any finding so far is an error. */
  get hasErrors(): boolean {
    return Object.values(this.layers).includes('errors');
  }

  /** The kept findings, in canonical order. */
  list(): BundleFinding[] {
    const out: BundleFinding[] = [];
    for (const list of this.kept.values()) {
      trim(list);
      out.push(...list.slice(0, FINDINGS_PER_CODE));
    }
    return out.sort(compareFindings);
  }

  /** How many findings of each code were counted but not kept. */
  omitted(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [code, n] of Object.entries(this.counts)) {
      const kept = Math.min(n, FINDINGS_PER_CODE);
      if (n > kept) out[code] = n - kept;
    }
    return out;
  }

  state(): SinkState {
    return { kept: this.list(), counts: { ...this.counts }, layers: { ...this.layers } };
  }
}

function trim(list: BundleFinding[]): void {
  list.sort(compareFindings);
  if (list.length > FINDINGS_PER_CODE) list.length = FINDINGS_PER_CODE;
}
