// A/B of core's per-record path, one process, interleaved rounds, medians of ns per record:
// decodeRecord, readRecord (body checked, not built, as the bundle verifier reads), the leaf
// hash and a node hash with node:crypto. Records are food-like (a receive with one ref).
// `node bench/core-record-ab.mjs ROUNDS OLD_CORE_DIR NEW_CORE_DIR` (each a packages/core with a dist/).
const [roundsArg, ...dirs] = process.argv.slice(2);
const sides = await Promise.all(dirs.map(async (d, i) => ({ name: String.fromCharCode(65 + i), dir: d, core: await import(`${d}/dist/index.js`), node: await import(`${d}/dist/node/index.js`), t: {} })));
const { LogWriter } = sides[0].core;
const { nodeCrypto, nodeSigner } = sides[0].node;
const w = LogWriter.create(nodeSigner(new Uint8Array(32).fill(3)), { enterprise: '91350100MA2XN8KX46' }, { crypto: nodeCrypto, clock: () => 1_764_115_200_000 });
const ref = { logId: new Uint8Array(32).fill(9), seq: 5, leafHash: new Uint8Array(32).fill(8) };
const line = (lot) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value: '100', unit: 'KGM' } });
const records = [];
for (let i = 0; i < 20000; i++) records.push(Buffer.from(w.append({ kind: i % 2 ? 'food.receive' : 'food.sale', body: { eventTime: '2025-11-26T08:30:00+08:00', items: [line(`L${i % 100}`)], source: { enterprise: '91350100MA2XN8KX46' }, status: 'accepted' }, refs: i % 2 ? [ref] : [] }).bytes));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ops = {
  decodeRecord: (s) => { for (const r of records) s.core.decodeRecord(r); },
  readRecord: (s) => { for (const r of records) s.core.readRecord(new s.core.CborReader(r, 0, r.length, s.core.RECORD_LIMITS), false); },
  leafHash: (s) => { for (const r of records) s.node.nodeCrypto.leafHash(r); },
  nodeHash: (s) => { const a = records[0].subarray(2, 34); for (let i = 0; i < records.length; i++) s.node.nodeCrypto.nodeHash(a, a); },
};
for (let round = 0; round < Number(roundsArg); round++) {
  for (const [op, f] of Object.entries(ops)) for (const s of sides) {
    const t = process.hrtime.bigint();
    f(s);
    ((s.t[op] ??= [])).push(Number(process.hrtime.bigint() - t) / records.length);
  }
}
const out = {};
for (const op of Object.keys(ops)) out[op] = Object.fromEntries(sides.map((s) => [s.name, Math.round(median(s.t[op]))]).concat([['ratioAoverB', Number((median(sides[0].t[op]) / median(sides[1].t[op])).toFixed(2))]]));
console.log(JSON.stringify({ records: records.length, recordBytes: Math.round(records.reduce((a, r) => a + r.length, 0) / records.length), rounds: Number(roundsArg), nsPerRecord: out }, null, 1));
