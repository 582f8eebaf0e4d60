// Run by verify.ts and verify-volume.ts in a fresh process on the built packages, so its peak RSS is the verifier's own.
// Arguments: BUNDLE WORKERS TRUSTHEX [--food] [--any]: with --any it reports the verdict instead of requiring 'valid'.
import { readFileSync } from 'node:fs';
// SUYUAN_VERIFY_MODULE: another build of @suyuan/verify (its dist/index.js), for an A/B run (verify-ab.ts).
const { verifyBundle } = await import(process.env.SUYUAN_VERIFY_MODULE ?? '@suyuan/verify');

const [path, workers, trustHex, ...flags] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const report = await verifyBundle(path, { trust: [Uint8Array.from(Buffer.from(trustHex, 'hex'))], workers: Number(workers), food: flags.includes('--food') });
if (!flags.includes('--any') && report.verdict !== 'valid') throw new Error(`bench bundle did not verify: ${JSON.stringify(report.findings.slice(0, 3))}`);
const cpu = process.cpuUsage(cpu0);
// cpuSeconds: this process's CPU time during verification, steadier than wall time on a shared machine.
process.stdout.write(JSON.stringify({ seconds: report.stats.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records: report.stats.records, maxRssMB: peakRssMB(), verdict: report.verdict, counts: report.counts }));

/**
 * Peak RSS from /proc (VmHWM): it belongs to this process's address space, which exec made
 * new, whereas getrusage's maxrss keeps the high-water mark of the process that spawned us.
 */
function peakRssMB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
