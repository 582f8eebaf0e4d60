import fc from 'fast-check';

/**
 * Random corruptions of a bundle, by region (header, section headers, checkpoints, proofs, end
 * item, anywhere): the CLI's mutation test and the browser's differential test use the same.
 */

/** Where each kind of item lies in a bundle, found by its tag, so every region gets mutations. */
export function regions(bytes: Uint8Array): Record<string, [number, number][]> {
  const b = Buffer.from(bytes);
  const find = (tag: string, span: number) => {
    const out: [number, number][] = [];
    for (let i = b.indexOf(tag); i >= 0; i = b.indexOf(tag, i + 1)) out.push([Math.max(0, i - 2), Math.min(b.length, i + span)]);
    return out;
  };
  return {
    header: [[0, 40]],
    sectionHeader: find('log', 60),
    checkpoint: find('checkpoint', 160), // the last 64 bytes are the signature
    proof: find('proof', 120),
    end: [[b.length - 12, b.length]],
    anywhere: [[0, b.length]],
  };
}

export type Mutation = { region: string; pick: number; kind: 'flip' | 'set' | 'cut' | 'delete' | 'insert' | 'duplicate'; bit: number; byte: number; len: number };

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const all = regions(bytes);
  const spans = all[m.region]!.length > 0 ? all[m.region]! : all.anywhere!; // a full bundle has no proofs
  const [from, to] = spans[m.pick % spans.length]!;
  const at = from + (m.pick % Math.max(1, to - from));
  const b = Uint8Array.from(bytes);
  switch (m.kind) {
    case 'flip': b[at]! ^= 1 << m.bit; return b;
    case 'set': b[at] = m.byte; return b;
    case 'cut': return b.subarray(0, at);
    case 'delete': return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
    case 'insert': return Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
    case 'duplicate': return Uint8Array.from([...b.subarray(0, at + m.len), ...b.subarray(at, at + m.len), ...b.subarray(at + m.len)]);
  }
}

export const mutation = fc.record({
  region: fc.constantFrom('header', 'sectionHeader', 'checkpoint', 'proof', 'end', 'anywhere', 'anywhere', 'anywhere'),
  pick: fc.nat(),
  kind: fc.constantFrom('flip', 'flip', 'set', 'cut', 'delete', 'insert', 'duplicate'),
  bit: fc.nat({ max: 7 }),
  byte: fc.nat({ max: 255 }),
  len: fc.integer({ min: 1, max: 400 }),
}) as fc.Arbitrary<Mutation>;
