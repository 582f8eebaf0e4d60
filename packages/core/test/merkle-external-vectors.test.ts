import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchSuyuan } from './helpers.js';
import { MerkleTree, fromHex, nobleCrypto, toHex, verifyConsistency, verifyInclusion } from '../src/index.js';

// Vectors of transparency-dev/merkle, an independent RFC 6962/9162 implementation, kept verbatim.
const DIR = join(import.meta.dirname, '../../../tests/vectors/external/transparency-dev-merkle');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

function cases(kind: string): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const group of readdirSync(join(DIR, kind))) {
    for (const file of readdirSync(join(DIR, kind, group))) {
      out.push([`${kind}/${group}/${file}`, JSON.parse(readFileSync(join(DIR, kind, group, file), 'utf8'))]);
    }
  }
  return out;
}

describe('transparency-dev/merkle vectors', () => {
  it('the eight RFC 6962 reference leaves give the published roots', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const tree = new MerkleTree(nobleCrypto);
    for (const l of leaves) tree.append(nobleCrypto.leafHash(fromHex(l)));
    expect(toHex(tree.root(8))).toBe(toHex(b64('XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=')));
    expect(toHex(tree.root(5))).toBe(toHex(b64('Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=')));
    // Our proofs for the happy paths are the published ones.
    expect(tree.inclusionProof(5, 8).map((h) => Buffer.from(h).toString('base64'))).toEqual([
      'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=', 'yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=', '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ]);
    expect(tree.consistencyProof(6, 7).map((h) => Buffer.from(h).toString('base64'))).toEqual([
      'DrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=', 'sIaT7C5yFZcTBkHoIR5+7cy0wmQTlj7ubB4u0W/7Gl8=', '037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=',
    ]);
  });

  it.each(cases('inclusion'))('%s', (_name, v) => {
    const run = () => verifyInclusion(nobleCrypto, v.leafIdx as number, v.treeSize as number, b64(v.leafHash as string), ((v.proof as string[] | null) ?? []).map(b64), b64(v.root as string));
    if (v.wantErr) expect(catchSuyuan(run).code).toMatch(/^PROOF_/);
    else run();
  });

  it.each(cases('consistency'))('%s', (_name, v) => {
    const run = () => verifyConsistency(nobleCrypto, v.size1 as number, v.size2 as number, b64(v.root1 as string), b64(v.root2 as string), ((v.proof as string[] | null) ?? []).map(b64));
    if (v.wantErr) expect(catchSuyuan(run).code).toMatch(/^PROOF_/);
    else run();
  });
});
