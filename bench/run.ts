/**
 * `pnpm bench [--quick] [--check]`: every benchmark in one run, side by side with its
 * baselines. Writes bench/RESULTS.md and bench/results.json (full runs only). --check
 * compares the run's ratios (not its absolute times) with bench/floors.json and fails loudly
 * when one has dropped below its floor: the regression guard CI runs with --quick.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printCore, runCoreBench } from './core.js';
import { runBuilderBench, runFoodBench } from './food.js';
import { runHubBench } from './hub.js';
import { interopSection, runInteropBench } from './interop.js';
import { machine } from './lib.js';
import { runPeerBench } from './peer.js';
import { runProofBench } from './proofs.js';
import { runSdkBench } from './sdk.js';
import { printSm, runSmBench } from './sm.js';
import { runSmBundleBench } from './sm-bundle.js';
import { printRows, runStoreBench, type Row } from './store.js';
import { runVerifyBench } from './verify.js';
import { printVolume, runFoodVerifyBench, runHostileBench } from './verify-volume.js';
import { printWeb, runWebBench } from './web.js';

type Headline = Record<string, number>;

/** The targets the issues set, and what explains a miss (written from the profiles and the machine's own limits). */
const TARGETS: { what: string; value: (h: Headline) => number; met: (h: Headline) => boolean; digits: number; why: string }[] = [
  { what: 'verification ≥ 60% of the native hashing the format requires', value: (h) => h.verifyVsNativeHashLimit!, met: (h) => h.verifyVsNativeHashLimit! >= 0.6, digits: 2, why: 'On this shared machine the ratio moves between about 55% and 75% from one full run to the next (the limit itself by ±20%); the rest of a verification is the strict decoding of every byte, the chain checks and the tree\'s bookkeeping. Profiles put SHA-256 calls at about half of verification time.' },
  { what: 'verification ≥ 250k records/s on one core', value: (h) => h.verifyRecordsPerSec1Core!, met: (h) => h.verifyRecordsPerSec1Core! >= 250_000, digits: 0, why: 'This run\'s host (Intel Xeon) hashes only what the format requires (leaf + tree nodes) at 219k records/s, below the target itself; verification reaches 0.86 of that limit (0.76 in the previous run). The same code met it (402k) on the AMD EPYC host of an earlier run.' },
  { what: 'two cores ≥ 1.7× one', value: (h) => h.verifyScaling2Cores!, met: (h) => h.verifyScaling2Cores! >= 1.7, digits: 2, why: 'Two workers give between about 1.3× and 1.85× from one run to the next on this shared machine (the same 1M-record bundle verified on its own, three times each, gave 1.69–1.85×), close to what it gives two threads of bare SHA-256 (the last row of the bundle table, measured in the same run): verification is mostly hashing. Reading the bundle\'s skeleton and the authority log stays on one thread.' },
  { what: 'peak RSS of a 1M-record verification < 256 MB', value: (h) => h.verifyPeakRssMB1M!, met: (h) => h.verifyPeakRssMB1M! < 256, digits: 0, why: '' },
  { what: 'verification ≥ 30× the hand-written way', value: (h) => h.verifyVsHandwritten!, met: (h) => h.verifyVsHandwritten! >= 30, digits: 1, why: 'The hand-written baseline is bound by Ed25519 verification, which node:crypto does at about 14k/s on this AMD EPYC (twice the 6.6k/s measured on the Xeon in TOOLCHAIN.md, where 30× is 200k records/s, which we pass). 30× of this machine\'s baseline needs about 430k records/s on one core, about 75% of the format\'s native hashing limit; we are at about 63–74%. Two workers pass 30×.' },
  { what: 'batched durable appends ≥ 100k records/s', value: (h) => h.appendBatchedRecordsPerSec!, met: (h) => h.appendBatchedRecordsPerSec! >= 100_000, digits: 0, why: 'Most of an append is encoding (cbor-x plus the canonical pass) and hashing; see the core table\'s append row.' },
  { what: 'faster than the peer at appending', value: (h) => h.appendVsPeer!, met: (h) => h.appendVsPeer! > 1, digits: 2, why: '' },
  { what: 'faster than the peer at verifying', value: (h) => h.verifyVsPeer!, met: (h) => h.verifyVsPeer! > 1, digits: 1, why: '' },
  { what: 'hostile volume cases: peak RSS < 512 MB each', value: (h) => h.verifyHostilePeakRssMB!, met: (h) => h.verifyHostilePeakRssMB! < 512, digits: 0, why: '' },
  { what: 'food rules on, 1M records: ≥ 150k records/s on one core', value: (h) => h.verifyFoodRecordsPerSec1M!, met: (h) => h.verifyFoodRecordsPerSec1M! >= 150_000, digits: 0, why: 'Profile (300k records): of about 12 CPU-s per million records, verifySection (hashing, chain) is ~4.7 s and feeding the lot graph ~4.5 s, of which ~3 s is decoding record bodies into general CBOR maps and ~1.2 s food\'s addRecord. 150k/s needs ~6.7 s: decoding food bodies straight into the graph\'s compact columns, in the section walk\'s own pass, is the next step.' },
  { what: 'food rules on, 1M records: peak RSS < 512 MB', value: (h) => h.verifyFoodPeakRssMB1M!, met: (h) => h.verifyFoodPeakRssMB1M! < 512, digits: 0, why: '' },
  { what: 'two-worker scaling ≥ 0.9 of the machine\'s two-thread SHA-256 scaling', value: (h) => h.verifyScalingVsMachine!, met: (h) => h.verifyScalingVsMachine! >= 0.9, digits: 2, why: '' },
  { what: 'trace back < 5 ms median', value: (h) => h.traceBackMedianMs!, met: (h) => h.traceBackMedianMs! < 5, digits: 3, why: '' },
  { what: 'the SDK facade costs at most 10% (sales/s against DurableLog direct)', value: (h) => h.sdkVsDurableLog!, met: (h) => h.sdkVsDurableLog! >= 0.9, digits: 2, why: 'Ledger.sale() validates every event against the food schema before it writes (what DurableLog direct does not), issues a trace code and builds the result; the SDK table shows validation by hand next to it.' },
  { what: 'trace page: navigation to the verified journey < 500 ms (demo receipt, headless Chromium)', value: (h) => h.tracePageVerifiedMs!, met: (h) => h.tracePageVerifiedMs! < 500, digits: 0, why: 'Most of it is the Web Worker verifying with noble\'s Ed25519 and SHA-256 in JavaScript (about 40 ms of signature checks per load of the demo excerpt in Node, warm); the machine\'s load moves it by a factor of two. Chromium\'s WebCrypto Ed25519 would take the signatures off that path (a crypto provider for core).' },
  { what: 'trace page: bytes transferred < 150 KB (demo receipt)', value: (h) => h.tracePageBytes! / 1024, met: (h) => h.tracePageBytes! < 150 * 1024, digits: 1, why: '' },
  { what: 'hub ingest ≥ 50k records/s (PostgreSQL, 50 pushers, every check)', value: (h) => h.hubIngestRecordsPerSec!, met: (h) => h.hubIngestRecordsPerSec! >= 50_000, digits: 0, why: 'Ingest is the hub\'s CPU per record (strict checking, two SHA-256, GC, the bytes to PostgreSQL) beside PostgreSQL\'s own, on 2 cores shared with the 50 pushers; a run of bench/hub.ts alone on the idle machine gave 70.7k with two processes. Under other load it falls with the cores left to it (docs/HUB.md, Performance).' },
  { what: 'hub ingest ≥ 30% of PostgreSQL COPY of the same rows', value: (h) => h.hubIngestVsCopy!, met: (h) => h.hubIngestVsCopy! >= 0.3, digits: 2, why: 'COPY checks nothing (180–210k records/s here); the difference is the hub\'s checks of every record (canonical decoding, chain, leaf and tree hashes, checkpoint signature), as in the row above.' },
  { what: 'hub ingest ≥ 10× the hand-written way', value: (h) => h.hubIngestVsHandwritten!, met: (h) => h.hubIngestVsHandwritten! >= 10, digits: 1, why: '' },
  { what: 'hub trace-back p99 < 20 ms at 64 clients', value: (h) => h.hubTraceP99Ms!, met: (h) => h.hubTraceP99Ms! < 20, digits: 1, why: 'With 64 closed-loop clients, latency is about 64 × the CPU a query costs on the cores the hub gets (0.08 ms of hub CPU a query in a steady state); on this shared machine the tail follows whatever else runs. The first round after a start is slower (its row: JIT, and the collector after the index was built).' },
  { what: 'recall < 50 ms median', value: (h) => h.recallMedianMs!, met: (h) => h.recallMedianMs! < 50, digits: 3, why: '' },
];

const quick = process.argv.includes('--quick');
const check = process.argv.includes('--check');
const ROOT = join(import.meta.dirname, '..');
const started = Date.now();
const step = (s: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}`);

// Child processes run the built packages, as users do.
if (!existsSync(join(ROOT, 'packages/verify/dist/worker.js')) || !existsSync(join(ROOT, 'packages/store/dist/index.js'))) {
  step('building the packages…');
  execFileSync('pnpm', ['build'], { cwd: ROOT, stdio: 'ignore' });
}

const n = quick ? 50_000 : 1_000_000;
const runs = quick ? 3 : 5;
step(`core: ${n} records, median of ${runs} runs`);
const core = await runCoreBench(n, runs);
const coreTable = printCore(core);
console.log(coreTable);

const smN = quick ? 20_000 : 200_000;
step(`sm2-sm3 beside ed25519-sha256: ${smN} records`);
const sm = await runSmBench(smN, runs);
const smBundle = await runSmBundleBench(smN, runs);
sm.rows.push(...smBundle.rows);
if (smBundle.smVerifyRecordsPerSec1Core === undefined) console.log(`sm2-sm3 bundle did not verify (${smBundle.smVerdict}: ${smBundle.smFindingCodes.join(', ')}): smVerifyRecordsPerSec1Core not measured`);
const smTable = printSm(sm);
console.log(`\n${smTable}`);

const storeN = quick ? 20_000 : 100_000;
step(`store: ${storeN} records`);
const store = await runStoreBench(storeN, runs, core.encoded);
const storeTable = printRows(store.rows);
console.log(`\n${storeTable}`);

step('proofs');
const proofs = runProofBench(quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]);
const proofTable = printRows(proofs.rows);
console.log(`\n${proofTable}`);

const peerN = quick ? 10_000 : 50_000;
step(`peer (hypercore): ${peerN} records`);
const peer = await runPeerBench(core.encoded, core.checkpoints, peerN + 1);
const peerTable = printRows(peer.rows);
console.log(`\n${peerTable}`);

// Queries on chains of growing size: the last (largest) is the headline one.
const farmCounts = quick ? [50, 200] : [200, 2000];
const foodRuns = farmCounts.map((farms) => {
  step(`queries: ${farms} farms × 10 lots`);
  const r = runFoodBench(farms, 10, quick ? 20 : 21, quick ? 2 : 3);
  return { ...r, rows: r.rows.map((row) => ({ ...row, name: `${(r.records / 1e3).toFixed(0)}k records, ${(r.lots / 1e3).toFixed(0)}k lots: ${row.name}` })) };
});
const food = foodRuns[foodRuns.length - 1]!;
step(`lot graph builder alone: ${quick ? '100k' : '1M'} records, in a fresh process`);
const builder = runBuilderBench(quick ? 100_000 : 1_000_000);
const foodTable = printRows([...foodRuns.flatMap((r) => r.rows), ...builder.rows]);
console.log(`\n${foodTable}`);

const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
step(`bundles: ${sizes.join(', ')} records`);
const bundle = await runVerifyBench(sizes, 10, quick ? 1 : 5);
const bundleTable = printRows(bundle.rows);
console.log(`\n${bundleTable}`);

const interopN = quick ? 20_000 : 1_000_000;
step(`EPCIS export and import: ${interopN} events`);
const interop = runInteropBench(interopN);
const interopTable = printRows(interop.rows);
console.log(`\n${interopTable}`);

const sdkN = quick ? 10_000 : 50_000;
step(`sdk: ${sdkN} sales, Ledger.sale() against DurableLog.append`);
const sdk = await runSdkBench(sdkN, runs);
const sdkTable = printRows(sdk.rows);
console.log(`\n${sdkTable}`);

step(`hostile volume (issue 13), scale ${quick ? 0.1 : 1}`);
const hostile = await runHostileBench(quick ? 0.1 : 1);
const hostileTable = printVolume(hostile.rows);
console.log(`\n${hostileTable}`);

const foodN = quick ? 100_000 : 1_000_000;
step(`verification with the food rules on: ${foodN} records`);
const foodVerify = await runFoodVerifyBench(foodN);
const foodRate = 'error' in foodVerify.food ? NaN : foodVerify.records / foodVerify.food.seconds;
const foodRss = 'error' in foodVerify.food ? NaN : foodVerify.food.maxRssMB;
const foodVerifyTable = [
  '| verification of a food chain, one core | records | bytes | seconds | records/s | peak RSS | verdict |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...([['food rules on (every layer)', foodVerify.food], ['food rules off (bundle, log, refs, policy)', foodVerify.noFood]] as const).map(([what, r]) => ('error' in r
    ? `| ${what} | ${foodVerify.records} | ${(foodVerify.bytes / 1e6).toFixed(0)} MB | – | – | – | failed: ${r.error} |`
    : `| ${what} | ${r.records} | ${(foodVerify.bytes / 1e6).toFixed(0)} MB | ${r.seconds.toFixed(2)} | ${(r.records / r.seconds).toFixed(0)} | ${r.maxRssMB.toFixed(0)} MB | ${r.verdict} |`)),
].join('\n');
console.log(`\n${foodVerifyTable}`);

step(`the consumer trace page in headless Chromium: ${runs} cold loads each`);
const web = await runWebBench(runs);
const webTable = printWeb(web);
console.log(`\n${webTable}`);
step(`hub on PostgreSQL: ${quick ? '20k' : '1M'} records from 50 pushers, then trace-back at 64 clients`);
// A failing hub run is reported in its table (NaN figures) rather than ending every other table's run.
const hub = await runHubBench(quick).catch((e: unknown) => ({
  rows: [] as Row[], note: `the hub bench failed: ${String((e as Error)?.stack ?? e)}`,
  headline: { hubIngestRecordsPerSec: NaN, hubIngestVsCopy: NaN, hubIngestVsHandwritten: NaN, hubTraceP99Ms: NaN },
}));
if (hub.rows.length === 0) console.error(hub.note);
const hubTable = hub.rows.length > 0 ? printRows(hub.rows) : hub.note;
console.log(`\n${hubTable}`);

const headline = {
  ...interop.headline,
  ...hub.headline,
  verifyRecordsPerSec1Core: bundle.headline.verifyRecordsPerSec1Core,
  verifyScaling2Cores: bundle.headline.verifyScaling2Cores,
  verifyVsNativeHashLimit: core.rows.find((r) => r.name.startsWith('verify: full log'))!.ratio!,
  verifyVsHandwritten: bundle.headline.verifyVsHandwritten,
  verifyPeakRssMB1M: bundle.headline.verifyPeakRssMB1M,
  appendBatchedRecordsPerSec: store.appendBatchedRecordsPerSec,
  appendVsHandwritten: store.appendVsHandwritten,
  appendVsPeer: peer.appendVsPeer,
  verifyVsPeer: peer.verifyVsPeer,
  traceBackMedianMs: food.rows.find((r) => r.name.includes('trace back from'))!.median,
  recallMedianMs: food.rows.find((r) => r.name.includes('recall of'))!.median,
  foodBuilderRecordsPerCpuSec: builder.result.recordsPerCpuSec,
  foodBuilderPeakRssMB: builder.result.peakRssMB,
  inclusionProofBytes1M: proofs.inclusionBytesAtLargest,
  sdkVsDurableLog: sdk.sdkVsDurableLog,
  // verifyBundle of an sm2-sm3 bundle on one core; NaN (null in results.json) unless that bundle verified valid.
  smVerifyRecordsPerSec1Core: smBundle.smVerifyRecordsPerSec1Core ?? Number.NaN,
  smVerifyLogRecordsPerSec1Core: sm.smVerifyLogRecordsPerSec1Core,
  sm3NativeLimitRecordsPerSec: sm.sm3NativeLimitRecordsPerSec,
  verifyHostilePeakRssMB: hostile.worstRssMB,
  verifyFoodRecordsPerSec1M: foodRate,
  verifyFoodPeakRssMB1M: foodRss,
  verifyScalingVsMachine: bundle.headline.verifyScalingVsMachine, // the median of each round's own ratio (bench/verify.ts)
  // NaN (null in results.json) where Chromium is not installed.
  ...('skipped' in web ? { tracePageVerifiedMs: Number.NaN, tracePageBytes: Number.NaN, tracePage50HopsVerifiedMs: Number.NaN, tracePage50HopsBytes: Number.NaN } : web.headline),
};
console.log(`\nheadline ${JSON.stringify(headline, null, 2)}`);
step('done');

if (!quick) {
  const md = [
    '# Benchmark results',
    '',
    `Machine: ${machine()}. Medians of ${runs} runs; every ratio compares with a baseline measured in the same run. \`pnpm bench\` regenerates this file; \`pnpm bench --quick\` runs the same tables on smaller sizes.`,
    '',
    '## Headline',
    '',
    '| figure | value |',
    '|---|---:|',
    ...Object.entries(headline).map(([k, v]) => `| ${k} | ${Number.isInteger(v) ? v : v.toFixed(3)} |`),
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---:|:---:|',
    ...TARGETS.map((t) => `| ${t.what} | ${t.value(headline).toFixed(t.digits)} | ${t.met(headline) ? 'yes' : 'no'} |`),
    '',
    ...TARGETS.filter((t) => !t.met(headline)).map((t) => `- **${t.what}: not met.** ${t.why}`),
    '',
    '## Core: append and verification (`bench/core.ts`), one thread',
    '',
    coreTable,
    '',
    'The limit the format can reach is the second row: one SHA-256 per record for its leaf hash and one per interior',
    'tree node, as bare node:crypto calls. Against one bare SHA-256 per record (first row) no verifier of this format',
    'can reach 60%: the tree needs a second hash call per record, and for ~230-byte inputs node:crypto costs per call.',
    '',
    `## The sm2-sm3 suite beside ed25519-sha256 (\`bench/sm.ts\`), ${smN} records, one thread`,
    '',
    smTable,
    '',
    'The SM limit (first row) is node:crypto\'s SM3 doing exactly the hashing the format requires. SM2 has no native',
    'path in Node (its SM2-curve keys do ECDSA without the Z value), so SM2 runs on @noble/curves in both providers;',
    'a log verifies one SM2 signature per checkpoint, so this costs little per record.',
    '',
    `## Store: durable appends (\`bench/store.ts\`), ${storeN} records`,
    '',
    storeTable,
    '',
    'DurableLog rows include encoding, hashing and the tree as well as the store, and resolve only when durable (except',
    '`none`). The raw baselines write already-encoded bytes with no framing, index or checksum; the hand-written baseline',
    'also signs every record. Rows with a peak RSS ran in a fresh process on the built packages.',
    '',
    '## Proofs (`bench/proofs.ts`)',
    '',
    proofTable,
    '',
    `## Against a real peer: hypercore 11 (\`bench/peer.ts\`), ${peerN} records`,
    '',
    peerTable,
    '',
    'Hypercore does not fsync on append, so it is compared with our `none` mode; its reader checks each block against',
    'the signed tree as it replicates it, our verifier checks every record, chain link, root and signature.',
    '',
    '## Queries: the lot graph (`bench/food.ts`), on chains of growing size',
    '',
    foodTable,
    '',
    `## The SDK (\`bench/sdk.ts\`): sales through \`Ledger.sale()\` against \`DurableLog.append\`, ${sdkN} sales`,
    '',
    sdkTable,
    '',
    'Both on the file store in batched durability with 1,000 sales in flight, runs alternating. The CPU rows divide by',
    'this process\'s CPU time, which a busy shared machine disturbs less than the wall clock.',
    '',
    '## Bundles: full verification (`bench/verify.ts`), 10 business logs + the authority log',
    '',
    'Each verification runs in a fresh process on the built packages (`suyuan verify` without the food rules), so its',
    'peak RSS is its own. Two workers cannot scale past what the machine gives two threads of hashing (last row).',
    '',
    bundleTable,
    '',
    'Two-worker scaling (`verifyScalingVsMachine`) is the 2-worker rate ÷ the 1-worker rate, divided by the machine\'s own',
    'two-thread SHA-256 scaling, each taken within one round (SHA-256 1 and 2 threads, then 1 and 2 workers in turns), the',
    'median over the rounds; both verifications run without the food rules (bundle, log, refs, policy).',
    '',
    '## Hostile volume (`bench/verify-volume.ts`, issue 13)',
    '',
    'Each bundle verified once in a fresh process on the built packages with every layer on (food rules included), no workers.',
    'Targets: under 30 s and 512 MB peak RSS each, with the verdict expected.',
    '',
    hostileTable,
    '',
    '## The food rules on, at scale (`bench/verify-volume.ts`, issue 10)',
    '',
    'One farm shipping 100 lots to six markets that sell them 1 kg at a time, every record a valid food event. The first row',
    'is `verifyFoodRecordsPerSec1M` and `verifyFoodPeakRssMB1M` (every layer); the second is the same bundle with `--no-food`.',
    '',
    foodVerifyTable,
    '',
    interopSection(interopN, interopTable),
    '',
    '## The consumer trace page (`bench/web.ts`, issue 18)',
    '',
    'Headless Chromium (375 px, cold cache: a fresh browser context per load) against a real hub on this machine: from navigation',
    'to the verified journey on screen (the page fetches the excerpt and verifies it in a Web Worker), and the bytes on the wire',
    '(headers and gzipped bodies: the page, its style and script, the worker, the excerpt). The second row\'s receipt is 50',
    'businesses downstream of its farm, each receiving the lot and shipping it on.',
    '',
    webTable,
    '',
    `## The hub on PostgreSQL (\`bench/hub.ts\`, issue 17)`,
    '',
    '`suyuan serve` runs in processes of its own on PostgreSQL: one process, then one per core (`--workers`, the headline).',
    '50 pushers (one enrolled log each) push signed batches over HTTP with every check (canonical bytes, chain, checkpoint',
    'signature, tree root, enrolment and roles); the clients share the machine with the hub and the database. COPY stores the',
    'same rows with no checking (the limit); the hand-written way checks a signature and runs an INSERT per record. Then a hub',
    'started on the stored rows answers trace-back by trace code to 64 closed-loop clients of a light load generator',
    '(bench/http-load.ts); latency is the median of 3 timed rounds after an untimed one, whose p99 is shown apart.',
    '',
    hubTable,
  ].join('\n');
  writeFileSync(join(import.meta.dirname, 'RESULTS.md'), md);
  const rows = {
    core: core.rows, sm: sm.rows, store: store.rows, proofs: proofs.rows, peer: peer.rows, food: [...foodRuns.flatMap((r) => r.rows), ...builder.rows], bundle: bundle.rows, sdk: sdk.rows, interop: interop.rows, hub: hub.rows,
    hostile: hostile.rows.map((r): Row => ({ name: `${r.case} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.verdict}, peak RSS ${r.peakRssMB.toFixed(0)} MB)`, unit: 's', median: r.seconds })),
    web: 'skipped' in web ? [] : web.rows.map((r): Row => ({ name: `trace page: ${r.name} (${r.kb.toFixed(1)} KB, ${r.state})`, unit: 'ms', median: r.ms })),
  };
  const entries = Object.entries(rows).flatMap(([section, rs]) => rs.map((r) => ({ section, name: r.name, unit: r.unit, median: r.median, ...(r.ratio !== undefined ? { ratio: r.ratio, baseline: r.baseline } : {}) })));
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), headline, results: entries }, null, 2)}\n`);
  step('wrote bench/RESULTS.md and bench/results.json');
}

if (check) {
  const floors = JSON.parse(readFileSync(join(import.meta.dirname, 'floors.json'), 'utf8')) as Record<string, number>;
  const dropped = Object.entries(floors).filter(([k, floor]) => !((headline as Record<string, number>)[k]! >= floor));
  for (const [k, floor] of Object.entries(floors)) console.log(`guard ${k}: ${(headline as Record<string, number>)[k]!.toFixed(3)} (floor ${floor})`);
  if (dropped.length > 0) {
    console.error(`\nREGRESSION: ${dropped.map(([k, f]) => `${k} fell below ${f}`).join('; ')}`);
    process.exit(1);
  }
  console.log('bench guard: every ratio is above its floor');
}
