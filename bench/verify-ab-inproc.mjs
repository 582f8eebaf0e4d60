// Run by verify-ab.ts --in-process, without the source condition, so that copied dists resolve their own packages.
// Arguments: BUNDLE ROUNDS TRUSTHEX [--no-food] MODULE... (a dist/index.js, or - for this worktree's build): each build
// verifies the bundle's bytes in turn in this one process (one core, no workers); medians of CPU seconds.
import { readFileSync } from 'node:fs';

const noFood = process.argv.includes('--no-food');
const [path, rounds, trustHex, ...modules] = process.argv.slice(2).filter((a) => a !== '--no-food');
const bytes = readFileSync(path);
const trust = [Uint8Array.from(Buffer.from(trustHex, 'hex'))];
const sides = await Promise.all(modules.map(async (m, i) => ({ name: String.fromCharCode(65 + i), module: m, verify: (await import(m === '-' ? '@suyuan/verify' : m)).verifyBundle, cpu: [] })));
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let records = 0;
for (let i = 0; i < Number(rounds); i++) {
  for (const s of sides) {
    const t = cpuSeconds();
    const report = await s.verify(bytes, { trust, workers: 0, food: !noFood });
    const dt = cpuSeconds() - t;
    s.cpu.push(dt);
    records = report.stats.records;
    console.log(`${s.name} round ${i}: ${records} records, CPU ${dt.toFixed(2)} s = ${(records / dt / 1000).toFixed(1)}k/s (${report.verdict})`);
  }
}
const base = median(sides[0].cpu);
const medians = Object.fromEntries(sides.map((s) => [s.name, { module: s.module === '-' ? 'this worktree' : s.module, cpuSeconds: Number(median(s.cpu).toFixed(3)), recordsPerCpuSec: Math.round(records / median(s.cpu)), speedVsA: Number((base / median(s.cpu)).toFixed(3)) }]));
console.log(JSON.stringify({ records, rounds: Number(rounds), inProcess: true, ...medians }, null, 1));
