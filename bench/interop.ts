/**
 * EPCIS 2.0 export and import at scale (issue 16): `n` decoded food records exported as one
 * EPCIS JSON-LD document (every event mapped, hashed and written, streaming to a file), and
 * that document imported back (read incrementally, every event mapped back and validated),
 * each in a fresh process on the built packages so its peak RSS is its own. The baseline is
 * `JSON.stringify` of the same records, one per line (and `JSON.parse` of those lines for
 * import), in the same kind of process.
 *
 * Alone: `node --conditions=@suyuan/source --import tsx bench/interop.ts [n]` runs only this
 * part and merges its rows and headline figures into bench/results.json and RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './lib.js';
import { printRows, type Row } from './store.js';

interface ChildResult { seconds: number; events: number; maxRssMB: number }

function child(mode: string, file: string, n: number): ChildResult {
  return JSON.parse(execFileSync(process.execPath, [join(import.meta.dirname, 'interop-child.mjs'), mode, file, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

export interface InteropBenchResult {
  rows: Row[];
  headline: { epcisExportEventsPerSec: number; epcisExportVsJson: number; epcisExportPeakRssMB1M: number; epcisImportEventsPerSec: number; epcisImportVsJson: number; epcisImportPeakRssMB1M: number };
}

export function runInteropBench(n: number, runs = 1): InteropBenchResult {
  const ROOT = join(import.meta.dirname, '..');
  if (!existsSync(join(ROOT, 'packages/interop/dist/index.js'))) execFileSync('pnpm', ['--filter', '@suyuan/interop...', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dir = mkdtempSync(join(import.meta.dirname, '.tmp-interop-'));
  try {
    const epcis = join(dir, 'events.jsonld');
    const json = join(dir, 'events.jsonl');
    const median = (xs: ChildResult[]) => {
      const sorted = [...xs].sort((a, b) => a.events / a.seconds - b.events / b.seconds);
      return { ...sorted[Math.floor(sorted.length / 2)]!, maxRssMB: Math.max(...xs.map((x) => x.maxRssMB)) };
    };
    // Each pair runs back to back, so both see the same load on a shared machine.
    const pairs = Array.from({ length: runs }, () => ({ ex: child('export-epcis', epcis, n), exJson: child('export-json', json, n), im: child('import-epcis', epcis, n), imJson: child('import-json', json, n) }));
    const ex = median(pairs.map((p) => p.ex));
    const exJson = median(pairs.map((p) => p.exJson));
    const im = median(pairs.map((p) => p.im));
    const imJson = median(pairs.map((p) => p.imJson));
    const rate = (r: ChildResult) => r.events / r.seconds;
    const mb = (f: string) => statSync(f).size / 1e6;
    const rows: Row[] = [
      { name: `baseline: JSON.stringify of the same ${n} records, one per line (${mb(json).toFixed(0)} MB), peak RSS ${exJson.maxRssMB.toFixed(0)} MB`, unit: 'events/s', median: rate(exJson) },
      { name: `EPCIS export: map, Event Hash ID, JSON-LD, streamed to a file (${mb(epcis).toFixed(0)} MB), peak RSS ${ex.maxRssMB.toFixed(0)} MB`, unit: 'events/s', median: rate(ex), ratio: rate(ex) / rate(exJson), baseline: 'JSON.stringify' },
      { name: `baseline: JSON.parse of those lines, peak RSS ${imJson.maxRssMB.toFixed(0)} MB`, unit: 'events/s', median: rate(imJson) },
      { name: `EPCIS import: read incrementally, map back, Event Hash ID, validate, peak RSS ${im.maxRssMB.toFixed(0)} MB`, unit: 'events/s', median: rate(im), ratio: rate(im) / rate(imJson), baseline: 'JSON.parse' },
    ];
    return {
      rows,
      headline: {
        epcisExportEventsPerSec: rate(ex), epcisExportVsJson: rate(ex) / rate(exJson), epcisExportPeakRssMB1M: ex.maxRssMB,
        epcisImportEventsPerSec: rate(im), epcisImportVsJson: rate(im) / rate(imJson), epcisImportPeakRssMB1M: im.maxRssMB,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function interopSection(n: number, table: string): string {
  return [
    `## EPCIS 2.0 export and import (\`bench/interop.ts\`), ${n} events`,
    '',
    'Each row runs in a fresh process on the built packages. Export maps each food record to its EPCIS event, computes',
    'its CBV 2.0 Event Hash ID (canonical pre-hash string + SHA-256) and writes JSON-LD; import reads the document',
    'incrementally, maps each event back, recomputes its hash and validates the body. Memory stays flat with `n`.',
    '',
    table,
    '',
  ].join('\n');
}

// Alone: run this part only and merge it into the committed results.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const result = runInteropBench(n);
  const table = printRows(result.rows);
  console.log(table);
  console.log(JSON.stringify(result.headline, null, 2));
  if (n === 1_000_000) {
    const resultsPath = join(import.meta.dirname, 'results.json');
    const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as { machine: string; date: string; headline: Record<string, number>; results: { section: string }[] };
    results.headline = { ...results.headline, ...result.headline };
    results.results = [...results.results.filter((r) => r.section !== 'interop'), ...result.rows.map((r) => ({ section: 'interop', name: r.name, unit: r.unit, median: r.median, ...(r.ratio !== undefined ? { ratio: r.ratio, baseline: r.baseline } : {}) }))];
    writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
    const mdPath = join(import.meta.dirname, 'RESULTS.md');
    const md = readFileSync(mdPath, 'utf8');
    const section = interopSection(n, table);
    const at = md.indexOf('## EPCIS 2.0 export and import');
    writeFileSync(mdPath, at < 0 ? `${md.trimEnd()}\n\n${section}` : `${md.slice(0, at)}${section}`);
    console.log(`merged into bench/results.json and bench/RESULTS.md (${machine()})`);
  }
}
