import type { CborValue, LogRecord } from '@suyuan/core';
import type { ForwardGap, LotGraph, RecordId, TraceStart } from '@suyuan/food';
import type { BundleFinding, BundleReport, LogSummary } from '@suyuan/verify';
import { CliError } from './io.js';
import { describeStart, notFound } from './lots.js';

/**
 * What an answer could not use, said as such: logs in the bundle that did not verify (never
 * "absent"), and records no checkpoint covers yet (never "non-existent").
 */
export interface AnswerBasis {
  report: BundleReport;
  graph: LotGraph;
  /** Reads records back by id (the verifier's reader); keys are `${logId}:${seq}`. */
  records(ids: readonly RecordId[]): Map<string, LogRecord>;
}

/** A business's log that is in the bundle but not in the answer: its chain, key or enrolment did not verify. */
export interface NotVerifiedLog { logId: string; enterprise?: string; name?: string; codes: string[] }

/** A forward gap, with one more reason than the food package knows: the destination's log is here but did not verify. */
export type AnswerGap = Omit<ForwardGap, 'reason'> & { reason: ForwardGap['reason'] | 'log-not-verified' };

/** The businesses' logs of the bundle that the lot graph does not hold because they did not verify. */
export function notVerifiedLogs(b: Pick<AnswerBasis, 'report' | 'graph'>): NotVerifiedLog[] {
  const inGraph = new Set(b.graph.logs.map((l) => l.hex));
  const out = new Map<string, NotVerifiedLog>();
  for (const l of b.report.logs) {
    if (l.authority || inGraph.has(l.logId) || out.has(l.logId)) continue;
    const codes = [...new Set(errorsOf(b.report, l.logId).map((x) => x.code))];
    out.set(l.logId, { logId: l.logId, ...(l.enterprise !== undefined ? { enterprise: l.enterprise } : {}), ...(l.name !== undefined ? { name: l.name } : {}), codes });
  }
  return [...out.values()];
}

const errorsOf = (r: BundleReport, logId: string): BundleFinding[] => r.findings.filter((x) => x.severity === 'error' && x.logId === logId);

/** "92350102MA2MKT0013 (name), log 1a2b3c4d5e6f… (CHAIN_PREV)": one not-verified log in words. */
export function notVerifiedWords(l: NotVerifiedLog): string {
  return `${l.enterprise ?? `log ${l.logId.slice(0, 12)}…`}${l.name !== undefined ? ` (${l.name})` : ''} [${l.codes.join(', ') || 'see suyuan verify'}]`;
}

/**
 * Gaps to a business whose log is in the bundle but did not verify are labelled so
 * (`log-not-verified`), never `log-absent`: the food package sees only the graph, the CLI the report.
 */
export function labelGaps(gaps: readonly ForwardGap[], failed: readonly NotVerifiedLog[]): AnswerGap[] {
  const here = new Set(failed.flatMap((l) => (l.enterprise !== undefined ? [l.enterprise] : [])));
  return gaps.map((g) => (g.reason === 'log-absent' && here.has(g.destination) ? { ...g, reason: 'log-not-verified' } : g));
}

/** A gap's reason in the words of the text output. */
export const gapReasonWords = (reason: AnswerGap['reason']): string => (reason === 'log-not-verified' ? 'log not verified' : reason);

/**
 * Why nothing verified matches `start`. A trace code only in some log's unsigned tail is said
 * to be unsigned (exit 3, as the verdict); a trace code while some log did not verify is said to
 * be perhaps in that log (CLI_LOG_NOT_VERIFIED, exit 1); otherwise it is not here.
 */
export function whyNotFound(start: TraceStart, option: string, b: AnswerBasis): CliError {
  const failed = notVerifiedLogs(b);
  if ('traceCode' in start && failed.length > 0) {
    const findings = failed.flatMap((l) => errorsOf(b.report, l.logId)).slice(0, 20);
    return new CliError('CLI_LOG_NOT_VERIFIED', `nothing verified matches ${describeStart(start)}, but ${failed.length === 1 ? 'the log of' : 'the logs of'} ${failed.map(notVerifiedWords).join('; ')} did not verify and ${failed.length === 1 ? 'its' : 'their'} records are not used: the code may be there. suyuan verify says what is wrong`, { option: option.slice(2), traceCode: start.traceCode, notVerified: failed, findings: findings.map((x) => ({ code: x.code, layer: x.layer, logId: x.logId, ...(x.seq !== undefined ? { seq: x.seq } : {}), message: x.message })) }, findings.map((x) => `  ${x.code} [${x.layer}] ${x.message}`));
  }
  const tail = unsignedMatches(start, b);
  if (tail.length > 0) {
    const where = tail.map((id) => `${b.graph.logs.find((l) => l.hex === id.logId)?.enterprise ?? id.logId.slice(0, 12)}#${id.seq}`).join(', ');
    return new CliError('CLI_UNSIGNED_ONLY', `${describeStart(start)} is in a record not yet covered by a checkpoint (unsigned: ${where}): it does not count until the business checkpoints`, { option: option.slice(2), unsigned: tail });
  }
  return notFound(start, option);
}

/** The records of verified logs' unsigned tails (read, never counted) that carry the start's trace code or lot. */
function unsignedMatches(start: TraceStart, b: AnswerBasis): RecordId[] {
  const verified = new Set(b.graph.logs.map((l) => l.hex));
  const startLog = 'logId' in start ? (typeof start.logId === 'string' ? start.logId : Buffer.from(start.logId).toString('hex')) : undefined;
  const ids: RecordId[] = [];
  for (const l of b.report.logs as LogSummary[]) {
    if (l.mode !== 'full' || l.authority || !verified.has(l.logId) || (startLog !== undefined && l.logId !== startLog)) continue;
    for (let seq = l.signedSize; seq < l.records; seq++) ids.push({ logId: l.logId, seq });
  }
  if (ids.length === 0) return [];
  const read = b.records(ids);
  return ids.filter((id) => {
    const body = read.get(`${id.logId}:${id.seq}`)?.body;
    if (body === undefined) return false;
    return 'traceCode' in start ? body.traceCode === start.traceCode : 'lot' in start ? mentionsLot(body, start.lot) : false;
  });
}

/** Whether a food event's body names the lot (its own lot, or one of its items, inputs or outputs). */
function mentionsLot(body: Record<string, CborValue>, lot: string): boolean {
  if (body.lot === lot) return true;
  return ['items', 'inputs', 'outputs'].some((k) => Array.isArray(body[k]) && (body[k] as CborValue[]).some((x) => typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && !Array.isArray(x) && (x as Record<string, CborValue>).lot === lot));
}
