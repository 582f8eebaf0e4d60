import type { BundleReport } from './verifier.js';

const MARK = { valid: '✔ VALID', 'valid-with-warnings': '⚠ VALID WITH WARNINGS', unsigned: '⚠ UNSIGNED', invalid: '✘ INVALID' } as const;

/** The report as a person reads it: the verdict, each log by its enrolled name, then every finding with where it is. */
export function formatReport(r: BundleReport): string {
  const lines: string[] = [];
  lines.push(`${MARK[r.verdict]}  ${r.stats.sections} logs, ${r.stats.records} records, ${(r.stats.bytes / 1e6).toFixed(1)} MB in ${r.stats.seconds.toFixed(2)} s`);
  if (r.verdict === 'unsigned') lines.push('some records are not covered by a verified checkpoint: they are not counted as fact');
  lines.push(`layers: ${Object.entries(r.layers).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  lines.push('');
  for (const l of r.logs) {
    const who = l.authority ? 'authority (trusted key)' : l.enrolment ? `${l.enrolment.name || l.enrolment.enterprise} [${l.enrolment.roles.join(', ')}]` : 'not enrolled';
    const signed = l.mode === 'excerpt' ? `${l.records} records proven` : `${l.signedSize}/${l.records} signed${l.unsignedTail ? `, unsigned tail ${l.unsignedTail.from}..${l.unsignedTail.to - 1}` : ''}`;
    lines.push(`  ${l.logId.slice(0, 16)}…  ${(l.enterprise ?? '?').padEnd(18)} ${l.mode.padEnd(7)} ${signed}  — ${who}`);
  }
  if (r.findings.length > 0) {
    lines.push('');
    for (const f of r.findings) {
      const where = [f.logId && `log ${f.logId.slice(0, 12)}…`, f.seq !== undefined && `seq ${f.seq}`, f.offset !== undefined && `byte ${f.offset}`].filter(Boolean).join(', ');
      lines.push(`  ${f.severity === 'error' ? 'ERROR' : 'warn '} ${f.code.padEnd(26)} [${f.layer}] ${f.message}${where ? ` (${where})` : ''}`);
    }
  }
  for (const [code, n] of Object.entries(r.omitted)) lines.push(`  … and ${n} more ${code} (${r.counts[code]} in all)`);
  return lines.join('\n');
}
