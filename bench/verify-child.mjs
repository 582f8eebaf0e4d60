// Run by verify.ts in a fresh process on the built packages, so its peak RSS is the verifier's own.
import { readFileSync } from 'node:fs';
import { verifyBundle } from '@suyuan/verify';

const [path, workers, trustHex] = process.argv.slice(2);
const report = await verifyBundle(path, { trust: [Uint8Array.from(Buffer.from(trustHex, 'hex'))], workers: Number(workers), food: false });
if (report.verdict !== 'valid') throw new Error(`bench bundle did not verify: ${JSON.stringify(report.findings.slice(0, 3))}`);
process.stdout.write(JSON.stringify({ seconds: report.stats.seconds, records: report.stats.records, maxRssMB: peakRssMB() }));

/**
 * Peak RSS from /proc (VmHWM): it belongs to this process's address space, which exec made
 * new, whereas getrusage's maxrss keeps the high-water mark of the process that spawned us.
 */
function peakRssMB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
