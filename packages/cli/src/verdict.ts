import type { TraceStart } from '@suyuan/food';
import type { BundleReport } from '@suyuan/verify';
import { CliError, EXIT } from './io.js';
import { lotStart, parseLotSpec, type NamedLog } from './lots.js';

/** The exit code of a verdict, the same for verify, trace, recall and report (with or without --unverified). */
export function exitFor(report: BundleReport): number {
  const v: string = report.verdict;
  return v === 'invalid' ? EXIT.INVALID : v === 'unsigned' ? EXIT.UNSIGNED : EXIT.OK;
}

export interface UnsignedCount {
  records: number;
  byBusiness: { enterprise: string; name?: string; records: number }[];
}

/**
 * Records of full logs that no verified checkpoint covers: left out of every answer. Logs in
 * `notVerified` (hex ids) are left out whole and said so apart, never counted as unsigned.
 */
export function unsignedCount(report: BundleReport, notVerified: ReadonlySet<string> = new Set()): UnsignedCount {
  const by = new Map<string, { enterprise: string; name?: string; records: number }>();
  for (const l of report.logs) {
    const n = l.mode === 'full' && !notVerified.has(l.logId) ? l.records - l.signedSize : 0;
    if (n <= 0) continue;
    const key = l.enterprise ?? l.logId;
    const b = by.get(key) ?? by.set(key, { enterprise: key, ...(l.name !== undefined ? { name: l.name } : {}), records: 0 }).get(key)!;
    b.records += n;
  }
  const byBusiness = [...by.values()];
  return { records: byBusiness.reduce((s, b) => s + b.records, 0), byBusiness };
}

/** One line for people: how many records were left out as unsigned, and whose. */
export function unsignedLine(path: string, c: UnsignedCount): string {
  const whose = c.byBusiness.map((b) => `${b.name ?? b.enterprise} ${b.records}`).join(', ');
  return `UNSIGNED: ${path}: ${c.records} ${c.records === 1 ? 'record' : 'records'} no verified checkpoint covers ${c.records === 1 ? 'was' : 'were'} left out of this answer (${whose})`;
}

/**
 * `lotStart` over the logs that verified; a business whose log is in the bundle but failed
 * verification (so none of it is in the graph) is named as such, with its findings, never as absent.
 */
export function verifiedLotStart(spec: string, logs: readonly NamedLog[], report: BundleReport, option: string): TraceStart {
  try {
    return lotStart(spec, logs, option);
  } catch (e) {
    if (!(e instanceof CliError) || e.code !== 'CLI_NOT_FOUND') throw e;
    const { who } = parseLotSpec(spec, option);
    const failed = report.logs.filter((l) => l.logId === who || l.enterprise === who);
    if (failed.length === 0) throw e;
    const ids = new Set(failed.map((l) => l.logId));
    const findings = report.findings.filter((x) => x.severity === 'error' && x.logId !== undefined && ids.has(x.logId));
    const codes = [...new Set(findings.map((x) => x.code))];
    throw new CliError('CLI_LOG_NOT_VERIFIED', `the log of ${who} is in the bundle but failed verification (${codes.join(', ') || 'see suyuan verify'}); nothing of it is answered, even with --unverified`, { option: option.slice(2), value: spec, logIds: [...ids], findings: findings.slice(0, 20).map((x) => ({ code: x.code, layer: x.layer, ...(x.seq !== undefined ? { seq: x.seq } : {}), message: x.message })) }, findings.slice(0, 20).map((x) => `  ${x.code} [${x.layer}] ${x.message}`));
  }
}
