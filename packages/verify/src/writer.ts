import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { concatBytes, type Checkpoint, type Cosignature } from '@suyuan/core';
import type { LogStore } from '@suyuan/store';
import {
  encodeCheckpointItem, encodeCosignatureItem, encodeEnd, encodeHeader, encodeProofItem, encodeSectionHeader, type BundleHeader,
} from './format.js';

export interface FullLogInput {
  logId: Uint8Array;
  /** Every record from seq 0, in order. */
  records: readonly Uint8Array[];
  checkpoints?: readonly Checkpoint[];
  cosignatures?: readonly Cosignature[];
}

export interface ExcerptInput {
  logId: Uint8Array;
  genesis: Uint8Array;
  /** Checkpoints the proofs refer to (and any others worth carrying). */
  checkpoints: readonly Checkpoint[];
  cosignatures?: readonly Cosignature[];
  /** Included records in increasing seq order, each with its inclusion proof in the tree of `size` records. */
  records: readonly { seq: number; record: Uint8Array; size: number; proof: readonly Uint8Array[] }[];
}

/** Where bundle bytes go. */
interface Sink {
  write(bytes: Uint8Array): void;
  close(): void;
}

/**
 * Writes a bundle item by item, so a bundle of any size is written in constant memory (apart
 * from the records a caller hands over at once). Call `finish` to write the end item.
 */
export class BundleWriter {
  private sections = 0;
  private records = 0;
  private chunks: Uint8Array[] | undefined;

  private constructor(private readonly sink: Sink, header: BundleHeader) {
    this.sink.write(encodeHeader(header));
  }

  static toFile(path: string, header: BundleHeader = { created: Date.now() }): BundleWriter {
    const fd = openSync(path, 'w');
    return new BundleWriter({ write: (b) => { writeSync(fd, b); }, close: () => { fsyncSync(fd); closeSync(fd); } }, header);
  }

  static toMemory(header: BundleHeader = { created: Date.now() }): BundleWriter {
    const chunks: Uint8Array[] = [];
    const w = new BundleWriter({ write: (b) => { chunks.push(b); }, close: () => undefined }, header);
    w.chunks = chunks;
    return w;
  }

  /** A whole log: every record from the genesis on, with its checkpoints and cosignatures. */
  addLog(log: FullLogInput): void {
    const heads = encodeHeads(log.checkpoints ?? [], log.cosignatures ?? []);
    const bytes = sum(heads) + sum(log.records);
    this.sink.write(encodeSectionHeader({ logId: log.logId, mode: 'full', records: log.records.length, bytes }));
    for (const h of heads) this.sink.write(h);
    for (const r of log.records) this.sink.write(r);
    this.sections++;
    this.records += log.records.length;
  }

  /** A whole log read from a store, in pieces, so it need not fit in memory. */
  async addStore(store: LogStore, logId: Uint8Array, piece = 10_000): Promise<void> {
    const checkpoints = await store.checkpoints();
    const heads = encodeHeads(checkpoints, []);
    let bytes = sum(heads);
    for (let i = 0; i < store.size; i += piece) bytes += sum(await store.readRange(i, Math.min(store.size, i + piece)));
    this.sink.write(encodeSectionHeader({ logId, mode: 'full', records: store.size, bytes }));
    for (const h of heads) this.sink.write(h);
    for (let i = 0; i < store.size; i += piece) for (const r of await store.readRange(i, Math.min(store.size, i + piece))) this.sink.write(r);
    this.sections++;
    this.records += store.size;
  }

  /** Part of a log: the genesis and chosen records, each proven against a checkpoint. */
  addExcerpt(x: ExcerptInput): void {
    const heads = encodeHeads(x.checkpoints, x.cosignatures ?? []);
    const body: Uint8Array[] = [...heads, x.genesis];
    for (const r of x.records) body.push(r.record, encodeProofItem(r.size, r.proof));
    this.sink.write(encodeSectionHeader({ logId: x.logId, mode: 'excerpt', records: 1 + x.records.length, bytes: sum(body) }));
    for (const b of body) this.sink.write(b);
    this.sections++;
    this.records += 1 + x.records.length;
  }

  /** Writes the end item; for an in-memory bundle, returns its bytes. */
  finish(): Uint8Array | undefined {
    this.sink.write(encodeEnd(this.sections, this.records));
    this.sink.close();
    return this.chunks === undefined ? undefined : concatBytes(this.chunks);
  }
}

/** A section's heads by size (checkpoints first at a size), as FORMAT.md §11 has them. */
function encodeHeads(checkpoints: readonly Checkpoint[], cosignatures: readonly Cosignature[]): Uint8Array[] {
  const all = [...checkpoints.map((c) => ({ size: c.size, kind: 0, bytes: encodeCheckpointItem(c) })), ...cosignatures.map((c) => ({ size: c.size, kind: 1, bytes: encodeCosignatureItem(c) }))];
  return all.sort((a, b) => a.size - b.size || a.kind - b.kind).map((h) => h.bytes);
}

function sum(parts: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}
