import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MerkleTree, concatBytes, decode, decodeCheckpoint, decodeCosignature, decodeKeyPem, encode, fromHex, isSuyuanError, signSm2, sm2PublicKey, sm2Sm3Crypto, sm2Z, sm3, toHex,
  verifyCheckpointSignature, verifyConsistency, verifyCosignatureSignature, verifyInclusion, verifyLog,
} from '@suyuan/core';
import { nodeCrypto, nodeSm2Sm3Crypto, nodeSm3 } from '@suyuan/core/node';
import { checkAppend, validateEvent } from '@suyuan/food';
import { verifyBundle } from '@suyuan/verify';
import { describe, expect, it } from 'vitest';
import { buildVectors, serialize } from './vectors/build.js';

const DIR = join(import.meta.dirname, 'vectors');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (name: string): any => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
/** A case's bundle: `bytes`, or its `parts` each repeated `times` times (FORMAT.md §10). */
const bundleBytes = (c: { bytes?: string; parts?: { hex: string; times: number }[] }): Uint8Array =>
  c.bytes !== undefined ? fromHex(c.bytes) : concatBytes(c.parts!.flatMap((p) => { const b = fromHex(p.hex); return Array.from({ length: p.times }, () => b); }));

describe('published vectors', () => {
  it('are exactly what the generator produces (run `pnpm vectors` after a deliberate format change)', async () => {
    const built = await buildVectors();
    for (const [name, content] of Object.entries(built)) {
      expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(serialize(content));
    }
  });

  it('cbor.json: each valid encoding decodes strictly and re-encodes to itself; each invalid one gives its code and offset', () => {
    const v = load('cbor.json');
    for (const c of v.valid) expect(toHex(encode(decode(fromHex(c.hex)))), c.description).toBe(c.hex);
    for (const c of v.invalid) {
      let thrown: unknown;
      try { decode(fromHex(c.hex)); } catch (e) { thrown = e; }
      expect(isSuyuanError(thrown, c.code), c.description).toBe(true);
      expect((thrown as { offset: number }).offset, c.description).toBe(c.offset);
    }
  });

  for (const file of ['log-farm.json', 'log-market.json']) {
    it(`${file}: leaf hashes, roots, checkpoint bytes and signatures all check out independently`, () => {
      const v = load(file);
      const tree = new MerkleTree(nodeCrypto);
      let concatenated = '';
      for (const r of v.records) {
        const bytes = fromHex(r.hex);
        expect(toHex(nodeCrypto.leafHash(bytes))).toBe(r.leafHash);
        tree.append(nodeCrypto.leafHash(bytes));
        expect(toHex(tree.root())).toBe(r.rootAfter);
        concatenated += r.hex;
      }
      expect(concatenated).toBe(v.bytes);
      expect(v.logId).toBe(v.records[0].leafHash);
      const checkpoints = v.checkpoints.map((c: { cbor: string }) => decodeCheckpoint(fromHex(c.cbor)));
      const cosignatures = v.cosignatures.map((c: { cbor: string }) => decodeCosignature(fromHex(c.cbor)));
      for (const [i, cp] of checkpoints.entries()) {
        expect(toHex(cp.root)).toBe(v.records[cp.size - 1].rootAfter);
        expect(verifyCheckpointSignature(nodeCrypto, cp, fromHex(v.authorPublicKey))).toBe(true);
        expect(nodeCrypto.verifyEd25519(cp.signature, fromHex(v.checkpoints[i].signedBytes), fromHex(v.authorPublicKey))).toBe(true);
      }
      for (const cs of cosignatures) expect(verifyCosignatureSignature(nodeCrypto, cs)).toBe(true);
      const report = verifyLog(fromHex(v.bytes), { crypto: nodeCrypto, checkpoints, cosignatures });
      expect(report.verdict).toBe('valid');
      expect(report.signedSize).toBe(v.records.length);
    });
  }

  it('proofs.json: every proof verifies', () => {
    const v = load('proofs.json');
    for (const p of v.inclusion) verifyInclusion(nodeCrypto, p.index, p.size, fromHex(p.leafHash), p.proof.map(fromHex), fromHex(p.root));
    for (const p of v.consistency) verifyConsistency(nodeCrypto, p.first, p.second, fromHex(p.firstRoot), fromHex(p.secondRoot), p.proof.map(fromHex));
    expect(v.emptyRoot).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const p of v.invalid) {
      let thrown: unknown;
      try {
        if (p.kind === 'inclusion') verifyInclusion(nodeCrypto, p.index, p.size, fromHex(p.leafHash), p.proof.map(fromHex), fromHex(p.root));
        else verifyConsistency(nodeCrypto, p.first, p.second, fromHex(p.firstRoot), fromHex(p.secondRoot), p.proof.map(fromHex));
      } catch (e) { thrown = e; }
      expect(isSuyuanError(thrown, p.code), p.description).toBe(true);
    }
  });

  for (const [file, least] of [['bundles.json', 40], ['food-bundles.json', 20]] as const) {
    it(`${file}: each bundle verifies to the stated verdict and codes (or is refused without a verdict)`, async () => {
      const v = load(file);
      expect(v.cases.length).toBeGreaterThanOrEqual(least);
      for (const c of v.cases) {
        let got: unknown;
        try {
          const r = await verifyBundle(bundleBytes(c), { trust: [fromHex(c.trust)], crypto: nodeCrypto });
          got = { verdict: r.verdict, codes: r.findings.map((f) => f.code) };
        } catch (e) {
          got = { error: (e as { code?: string }).code ?? String(e) };
        }
        expect(got, c.description).toEqual(c.expect);
      }
    });
  }

  it('food-events.json: validateEvent and checkAppend give each body exactly its (code, path) pairs', () => {
    const v = load('food-events.json');
    const pairs = (fs: { code: string; path?: string }[]) => fs.map((f) => `${f.code} ${f.path ?? ''}`).sort();
    const stated = (ps: [string, string][]) => ps.map(([code, path]) => `${code} ${path}`).sort();
    for (const c of v.cases) {
      if (c.validate !== null) expect(pairs(validateEvent(c.kind, c.body)), c.description).toEqual(stated(c.validate));
      expect(pairs(checkAppend(c.kind, c.body, Array.from({ length: c.refs }, () => ({})))), c.description).toEqual(stated(c.append));
    }
  });

  it('keys.json: each valid key file reads as its suite, kind and key; each invalid one is refused with its code', () => {
    const v = load('keys.json');
    for (const c of v.valid) {
      const k = decodeKeyPem(c.pem);
      expect({ suite: k.suite, kind: k.kind, key: toHex(k.key) }, c.description).toEqual({ suite: c.suite, kind: c.kind, key: c.key });
    }
    for (const c of v.invalid) {
      let thrown: unknown;
      try { decodeKeyPem(c.pem); } catch (e) { thrown = e; }
      expect(isSuyuanError(thrown, c.code), c.description).toBe(true);
    }
  });

  it('sm2-sm3.json: the SM3 and SM2 examples, the SM log, its heads, and the logs that must fail, with both SM providers', () => {
    const v = load('sm2-sm3.json');
    for (const h of [sm3, nodeSm3]) for (const c of v.sm3) expect(toHex(h(fromHex(c.input))), c.description).toBe(c.digest);
    const x = v.sm2Example;
    expect(toHex(sm2PublicKey(fromHex(x.secretKey)))).toBe(x.publicKey);
    expect(toHex(sm2Z(fromHex(x.publicKey), x.userId))).toBe(x.z);
    expect(toHex(signSm2(fromHex(x.secretKey), fromHex(x.message), { k: BigInt(`0x${x.k}`) }))).toBe(x.signature);
    for (const c of [sm2Sm3Crypto, nodeSm2Sm3Crypto]) {
      expect(c.verify(fromHex(x.signature), fromHex(x.message), fromHex(x.publicKey))).toBe(true);
      const log = v.log;
      const tree = new MerkleTree(c);
      expect(toHex(tree.root())).toBe(log.emptyRoot);
      for (const r of log.records) {
        expect(toHex(c.leafHash(fromHex(r.hex)))).toBe(r.leafHash);
        tree.append(c.leafHash(fromHex(r.hex)));
        expect(toHex(tree.root())).toBe(r.rootAfter);
      }
      expect(log.logId).toBe(log.records[0].leafHash);
      const checkpoints = log.checkpoints.map((h: { cbor: string }) => decodeCheckpoint(fromHex(h.cbor)));
      const cosignatures = log.cosignatures.map((h: { cbor: string }) => decodeCosignature(fromHex(h.cbor)));
      for (const [i, cp] of checkpoints.entries()) {
        expect(verifyCheckpointSignature(c, cp, fromHex(log.authorPublicKey))).toBe(true);
        expect(c.verify(cp.signature, fromHex(log.checkpoints[i].signedBytes), fromHex(log.authorPublicKey))).toBe(true);
      }
      for (const cs of cosignatures) expect(verifyCosignatureSignature(c, cs)).toBe(true);
    }
    const checkpoints = v.log.checkpoints.map((h: { cbor: string }) => decodeCheckpoint(fromHex(h.cbor)));
    const cosignatures = v.log.cosignatures.map((h: { cbor: string }) => decodeCosignature(fromHex(h.cbor)));
    const report = verifyLog(fromHex(v.log.bytes), { crypto: nodeCrypto, checkpoints, cosignatures });
    expect(report.verdict).toBe('valid');
    expect(report.suite).toBe('sm2-sm3');
    expect(v.invalid.cases.length).toBeGreaterThanOrEqual(12);
    for (const c of v.invalid.cases) {
      const r = verifyLog(fromHex(c.bytes), {
        crypto: nodeCrypto,
        checkpoints: c.checkpoints.map((h: string) => decodeCheckpoint(fromHex(h))),
        cosignatures: c.cosignatures.map((h: string) => decodeCosignature(fromHex(h))),
      });
      expect({ verdict: r.verdict, codes: r.findings.map((f) => f.code) }, c.description).toEqual(c.expect);
    }
  });

  it('invalid-logs.json: each log is refused with the stated code, seq and offset', () => {
    const v = load('invalid-logs.json');
    expect(v.cases.length).toBeGreaterThanOrEqual(23);
    for (const c of v.cases) {
      const report = verifyLog(fromHex(c.bytes), { crypto: nodeCrypto, checkpoints: c.checkpoints.map((h: string) => decodeCheckpoint(fromHex(h))) });
      const f = report.findings.find((x) => x.severity === 'error')!;
      expect({ verdict: report.verdict, code: f.code, seq: f.seq, offset: f.offset }, c.description).toEqual({ seq: undefined, offset: undefined, ...c.expect });
    }
  });
});
