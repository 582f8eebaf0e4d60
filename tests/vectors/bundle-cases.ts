/**
 * Bundle vectors beyond the first nine (FORMAT.md §11–13): one or more cases for every code of
 * the bundle, excerpt, reference and policy layers, and for the head findings of §7 inside a
 * bundle, each with the verdict and codes the reference verifier gives.
 */
import {
  concatBytes, encode, encodeRecord, decodeRecord, nobleSigner, signCheckpoint, toHex, type Checkpoint, type EventInput,
} from '@suyuan/core';
import { BundleWriter, encodeEnd, encodeSectionHeader } from '@suyuan/verify';
import { SM_FARM_SECRET, vectorSm2Signer } from './sm.js';
import {
  FARM_SECRET, MARKET_SECRET, PROCESSOR_SECRET, T0, authorityLog, buildLog, bundleCase, bundleOf, enrol,
  fromHexStr, full, proofOf, publicKeyOf, type BundleCase, type LogFixture,
} from './fixtures.js';

const FARM = { enterprise: '91350100M000100Y43', name: '闽侯县青口镇蔬菜种植基地' };
const MARKET = { enterprise: '91350100MA2XN8KX46', name: '福州海峡农产品批发市场' };
const enrolFarm = (extra: Record<string, unknown> = {}, roles = ['farm']) => enrol(FARM_SECRET, FARM.enterprise, FARM.name, roles, extra);
const enrolMarket = () => enrol(MARKET_SECRET, MARKET.enterprise, MARKET.name, ['market']);

const header = (meta: Record<string, unknown>) => encode(['suyuan-bundle', 1, meta as never]);
const HEADER = { created: T0 + 7_200_000, description: 'vector' };

/** A section written by hand: its header item (with `bytes` as given, or the true length) and its body. */
function section(logId: Uint8Array, mode: 'full' | 'excerpt', records: number, body: Uint8Array[], bytesDelta = 0): Uint8Array {
  const bytes = body.reduce((n, b) => n + b.length, 0) + bytesDelta;
  return concatBytes([encodeSectionHeader({ logId, mode, records, bytes }), ...body]);
}
const checkpointItem = (c: Checkpoint) => encode(['checkpoint', c.logId, c.size, c.root, c.time, c.signature]);

function excerptBundle(authority: LogFixture, farm: LogFixture, records: { seq: number; size: number; proof?: Uint8Array[] }[], others: LogFixture[] = []): Uint8Array {
  const w = BundleWriter.toMemory(HEADER);
  w.addLog(full(authority));
  w.addExcerpt({
    logId: farm.writer.logId, genesis: farm.records[0]!, checkpoints: farm.checkpoints,
    records: records.map((r) => ({ seq: r.seq, record: farm.records[r.seq]!, size: r.size, proof: r.proof ?? proofOf(farm, r.seq, r.size) })),
  });
  for (const o of others) w.addLog(full(o));
  return w.finish()!;
}

export async function moreBundleCases(authority: LogFixture, farm: LogFixture, market: LogFixture): Promise<BundleCase[]> {
  const fullBundle = bundleOf([authority, farm, market]);
  const headerLength = header(HEADER).length;
  const rest = fullBundle.subarray(headerLength);
  const endItem = encodeEnd(3, 20);
  const beforeEnd = fullBundle.subarray(0, fullBundle.length - endItem.length);
  const authoritySection = bundleOf([authority]).subarray(headerLength, -encodeEnd(1, 3).length);
  const farmBody = [...farm.checkpoints.map(checkpointItem), ...farm.records];
  const farmSigner = nobleSigner(fromHexStr(FARM_SECRET));
  const cases: Promise<BundleCase>[] = [];
  const add = (description: string, bytes: Uint8Array, trust?: string) => cases.push(bundleCase(description, bytes, trust));

  // The skeleton (§11).
  add('a header with an unknown key: reported, and the rest still verified', concatBytes([header({ ...HEADER, colour: 'red' }), rest]));
  add('a header of bundle version 2: nothing more is read', concatBytes([encode(['suyuan-bundle', 2, HEADER]), rest]));
  add('not a bundle at all (a log\'s bytes): no verdict', concatBytes(farm.records));
  add('a header array of 2 elements: reported, nothing more read', concatBytes([encode(['suyuan-bundle', 1]), rest]));
  const shortHeader = header({ created: 5 });
  add('a header whose `created` is written in two bytes (18 05): reported, nothing more read',
    concatBytes([shortHeader.subarray(0, -1), Uint8Array.of(0x18, 0x05), rest]));
  add('an unknown item before the end item', concatBytes([beforeEnd, encode(['note', 'hello']), endItem]));
  add('a log section of 0 records', concatBytes([header(HEADER), authoritySection, section(farm.writer.logId, 'full', 0, []), encodeEnd(2, 3)]));
  add("a farm section whose `bytes` is one more than its records (a byte after them)",
    concatBytes([header(HEADER), authoritySection, section(farm.writer.logId, 'full', 6, [...farmBody, Uint8Array.of(0xf6)]), encodeEnd(2, 9)]));
  add("a farm section whose `bytes` is one less than its records: the last record is cut by its section",
    concatBytes([header(HEADER), authoritySection, section(farm.writer.logId, 'full', 6, farmBody, -1), encodeEnd(2, 9)]));
  add("the farm's records in a section labelled with the market's log id",
    concatBytes([header(HEADER), authoritySection, section(market.writer.logId, 'full', 6, farmBody), encodeEnd(2, 9)]));
  add('the farm section with its last checkpoint given twice', bundleOf([authority, { ...farm, checkpoints: [...farm.checkpoints, farm.checkpoints.at(-1)!] }, market]));

  // Heads out of size order past what the reference verifier keeps (16 runs, then 65,536 more heads): given as parts, ~10 MB.
  const cp3 = checkpointItem(farm.checkpoints[0]!);
  const cp6 = checkpointItem(farm.checkpoints[1]!);
  const runs = concatBytes(Array.from({ length: 16 }, () => concatBytes([cp3, cp6])));
  const repeats = 65_537;
  const farmHeader = encodeSectionHeader({ logId: farm.writer.logId, mode: 'full', records: 6, bytes: runs.length + repeats * cp3.length + farm.records.reduce((n, r) => n + r.length, 0) });
  const parts = [
    { hex: toHex(concatBytes([header(HEADER), authoritySection, farmHeader, runs])), times: 1 },
    { hex: toHex(cp3), times: repeats },
    { hex: toHex(concatBytes([...farm.records, encodeEnd(2, 9)])), times: 1 },
  ];
  const expanded = concatBytes(parts.flatMap((p) => { const b = fromHexStr(p.hex); return Array.from({ length: p.times }, () => b); }));
  const { bytes: _omitted, ...headOrder } = await bundleCase('the farm section with its heads in 16 runs of sizes 3, 6 and then 65,537 more checkpoints of size 3 (given as `parts`)', expanded);
  const headOrderCase: BundleCase = { ...headOrder, parts };

  // Heads inside a bundle (§7).
  const zeroSize: Checkpoint = { logId: farm.writer.logId, size: 0, root: new Uint8Array(32), time: T0, signature: new Uint8Array(64).fill(0x11) }; // no signature can be made for size 0
  add('the farm section with a checkpoint of size 0', bundleOf([authority, { ...farm, checkpoints: [zeroSize, ...farm.checkpoints] }, market]));
  add("the farm section carrying the market's checkpoint", bundleOf([authority, { ...farm, checkpoints: [...farm.checkpoints, market.checkpoints[0]!] }, market]));
  const otherRoot = await signCheckpoint(farmSigner, { ...farm.checkpoints[0]!, root: new Uint8Array(32).fill(0xab) });
  add('the farm section with two roots signed for size 3 (equivocation)', bundleOf([authority, { ...farm, checkpoints: [farm.checkpoints[0]!, otherRoot, farm.checkpoints[1]!] }, market]));
  add('the farm log without its last record, its checkpoint of size 6 kept', bundleOf([authority, { ...farm, records: farm.records.slice(0, 5) }]));
  add("the farm log signed up to size 3 only; the market's receipt refers to record 5", bundleOf([authority, { ...farm, checkpoints: farm.checkpoints.slice(0, 1) }, market]));

  // References (§13 step 4).
  add("the market's log without the farm's: its receipt refers to a log the bundle does not hold", bundleOf([authority, market]));
  const badRef = await buildLog(MARKET_SECRET, MARKET.enterprise, MARKET.name, [
    { kind: 'food.receive', body: decodeRecord(market.records[1]!).body, refs: [{ logId: farm.writer.logId, seq: 5, leafHash: new Uint8Array(32).fill(0x5a) }] },
    'checkpoint',
  ], T0 + 3_600_000);
  add("a market receipt naming the farm's record 5 with another leaf hash", bundleOf([authority, farm, badRef]));

  // Excerpts (§11).
  add('a farm excerpt, records 2 and 4 proven at size 6: valid', excerptBundle(authority, farm, [{ seq: 2, size: 6 }, { seq: 4, size: 6 }]));
  const withMarket = excerptBundle(authority, farm, [{ seq: 2, size: 6 }], [market]);
  add("a farm excerpt without its shipment, and the market's log whose receipt refers to it", withMarket);
  add('a farm excerpt with record 4 before record 2', excerptBundle(authority, farm, [{ seq: 4, size: 6 }, { seq: 2, size: 6 }]));
  add('a farm excerpt proving record 2 at size 4, which no checkpoint signs', excerptBundle(authority, farm, [{ seq: 2, size: 4 }]));
  add("a farm excerpt proving record 2 with record 1's proof", excerptBundle(authority, farm, [{ seq: 2, size: 6, proof: proofOf(farm, 1, 6) }]));
  add('a farm excerpt proving record 2 with one hash missing', excerptBundle(authority, farm, [{ seq: 2, size: 6, proof: proofOf(farm, 2, 6).slice(1) }]));
  add('a farm excerpt proving record 5 in the tree of 3 records', excerptBundle(authority, farm, [{ seq: 5, size: 3, proof: proofOf(farm, 2, 3) }]));

  // Trust (§12).
  const withAuthority = async (entries: EventInput[], logs: LogFixture[] = [farm, market]) => bundleOf([await authorityLog(entries), ...logs]);
  add('the authority enrols the farm key for the market\'s enterprise', await withAuthority([enrol(FARM_SECRET, MARKET.enterprise, FARM.name, ['farm']), enrolMarket()]));
  add('the farm key enrolled from ten days after its records', await withAuthority([enrolFarm({ validFrom: T0 + 10 * 86_400_000 }), enrolMarket()]));
  add('the farm key enrolled until T0, before its first record', await withAuthority([enrolFarm({ validUntil: T0 }), enrolMarket()]));
  add('the farm key enrolled until the time of its record 3: `validUntil` is exclusive', await withAuthority([enrolFarm({ validUntil: decodeRecord(farm.records[3]!).time }), enrolMarket()]));
  add('the farm key revoked from the time of its record 3', await withAuthority([enrolFarm(), enrolMarket(), { kind: 'authority.revoke', body: { key: publicKeyOf(FARM_SECRET), at: decodeRecord(farm.records[3]!).time, reason: '密钥泄露' } }]));
  add('the farm key enrolled as a lab: its harvest, input use, certificate and shipment are not its role', await withAuthority([enrolFarm({}, ['lab']), enrolMarket()]));
  add('an enrolment with an unknown field (for a third key)', await withAuthority([enrolFarm(), enrolMarket(), enrol(PROCESSOR_SECRET, '91350100MA2XN8KX46', '加工厂', ['processor'], { phone: '12345' })]));
  add('an enrolment with `validUntil` equal to `validFrom`', await withAuthority([enrolFarm({ validUntil: T0 - 86_400_000 }), enrolMarket()]));
  add('the authority\'s log without meta.role "authority" in its genesis: an ordinary log of a trusted key (POLICY_TRUSTED_NOT_AUTHORITY), so nobody is enrolled', bundleOf([await authorityLog([enrolFarm(), enrolMarket()], false), farm, market]));
  add('the farm enrolled under another name than its genesis gives', await withAuthority([enrol(FARM_SECRET, FARM.enterprise, '青口蔬菜基地', ['farm']), enrolMarket()]));
  const secondFarmLog = await buildLog(FARM_SECRET, FARM.enterprise, FARM.name, [{ kind: 'food.test', body: decodeRecord(farm.records[3]!).body }, 'checkpoint'], T0 + 600_000);
  const smSigner = vectorSm2Signer(SM_FARM_SECRET);
  const smFarm = await buildLog(smSigner, FARM.enterprise, FARM.name, farm.records.slice(1).map((r) => { const d = decodeRecord(r); return { kind: d.kind, body: d.body, refs: d.refs }; }).flatMap((e, i) => (i === 1 || i === 4 ? [e, 'checkpoint' as const] : [e])), T0);
  add('an sm2-sm3 farm log (the same events) enrolled with its 65-byte SM2 key by an Ed25519 authority', bundleOf([await authorityLog([enrol(smSigner.publicKey, FARM.enterprise, FARM.name, ['farm'])]), smFarm]));
  add('the farm key signing two logs', bundleOf([authority, farm, secondFarmLog, market]));
  const w = BundleWriter.toMemory(HEADER);
  w.addExcerpt({ logId: authority.writer.logId, genesis: authority.records[0]!, checkpoints: authority.checkpoints, records: [1, 2].map((seq) => ({ seq, record: authority.records[seq]!, size: 3, proof: proofOf(authority, seq, 3) })) });
  w.addLog(full(farm));
  w.addLog(full(market));
  add('the authority log as an excerpt of its two enrolments: they count', w.finish()!);
  const authorityTime = decodeRecord(authority.records[2]!).time;
  const broken = encodeRecord({ ...decodeRecord(authority.records[2]!), seq: 3, prev: new Uint8Array(32), time: authorityTime + 60_000 });
  add('the authority log with a broken record after its checkpoint: its signed enrolments still count', bundleOf([{ ...authority, records: [...authority.records, broken] }, farm, market]));
  add('a bundle without an authority key named', bundleOf([farm, market]));
  // Lengths count code points (§2.1): 256 characters outside the BMP (1,024 UTF-8 bytes, 512 UTF-16 units) are allowed.
  const astral = await buildLog(PROCESSOR_SECRET, '🥬'.repeat(256), '加工厂', ['checkpoint'], T0);
  add('a log whose genesis enterprise is 256 characters outside the BMP: a sound log (its key is not enrolled)', bundleOf([authority, astral]));
  return [...await Promise.all(cases), headOrderCase];
}
