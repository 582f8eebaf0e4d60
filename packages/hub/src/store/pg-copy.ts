import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows of hub_records in PostgreSQL's binary COPY format: each record's bytes go to the
 * server as they are (no hex text, no array literal to parse), which is what makes a large
 * push cheap. The primary key (log_id, seq) still holds: a second row at a position fails the
 * COPY, and with it the transaction.
 */
export function recordsCopyPayload(logId: Uint8Array, from: number, leafHashes: readonly Uint8Array[], records: readonly Uint8Array[]): Buffer {
  let size = SIGNATURE.length + 8 + 2;
  for (let i = 0; i < records.length; i++) size += 2 + (4 + logId.length) + (4 + 8) + (4 + leafHashes[i]!.length) + (4 + records[i]!.length);
  const out = Buffer.allocUnsafe(size);
  let at = SIGNATURE.copy(out, 0);
  at = out.writeInt32BE(0, at); // flags
  at = out.writeInt32BE(0, at); // header extension length
  const bytes = (b: Uint8Array) => {
    at = out.writeInt32BE(b.length, at);
    out.set(b, at);
    at += b.length;
  };
  for (let i = 0; i < records.length; i++) {
    at = out.writeInt16BE(4, at);
    bytes(logId);
    at = out.writeInt32BE(8, at);
    at = out.writeBigInt64BE(BigInt(from + i), at);
    bytes(leafHashes[i]!);
    bytes(records[i]!);
  }
  out.writeInt16BE(-1, at);
  return out;
}

/** COPY the records into hub_records on this (transaction's) client. */
export async function copyRecords(c: pg.PoolClient, logId: Uint8Array, from: number, leafHashes: readonly Uint8Array[], records: readonly Uint8Array[]): Promise<void> {
  const payload = recordsCopyPayload(logId, from, leafHashes, records);
  await pipeline(Readable.from([payload]), c.query(copyFrom('copy hub_records (log_id, seq, leaf_hash, record) from stdin with (format binary)')));
}
