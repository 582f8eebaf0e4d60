import { statSync } from 'node:fs';
import { decodeRecord, encodeRecord, toHex } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore } from '@suyuan/store';
import { readBundleLogs } from '@suyuan/verify';
import type { Flags } from './args.js';
import { openBundle } from './files.js';
import { CliError, EXIT, toJson, type Io } from './io.js';

interface Shown {
  logId: Uint8Array;
  enterprise: string;
  bytes: Uint8Array;
  leafHash: Uint8Array;
}

/**
 * `show LOGDIR SEQ` or `show BUNDLE LOG SEQ`: one record, whole, with its leaf hash and the
 * reference another business puts in its "refs" (a receipt names the shipment it received).
 */
export async function show(pos: string[], f: Flags, io: Io): Promise<number> {
  const seqText = pos[pos.length - 1]!;
  if (!/^\d+$/.test(seqText)) throw new CliError('CLI_BAD_VALUE', `${seqText} is not a record number (seq: 0, 1, 2, …)`, { argument: seqText });
  const seq = Number(seqText);
  const found = pos.length === 2 ? await fromLogDir(pos[0]!, seq) : await fromBundle(pos[0]!, pos[1]!, seq, io);
  const record = decodeRecord(found.bytes);
  const hex = (b: Uint8Array) => toHex(b);
  const ref = { logId: hex(found.logId), seq, leafHash: hex(found.leafHash) };
  const shown = {
    logId: ref.logId, enterprise: found.enterprise, seq, time: record.time, kind: record.kind, body: record.body,
    refs: record.refs.map((r) => ({ logId: hex(r.logId), seq: r.seq, leafHash: hex(r.leafHash) })), leafHash: ref.leafHash, ref,
  };
  if (f.json) { io.out(toJson(shown)); return EXIT.OK; }
  if (f.quiet) return EXIT.OK;
  io.out([
    `${record.kind}  record ${seq} of ${found.enterprise} (log ${ref.logId})`,
    `time       ${new Date(record.time).toISOString()}`,
    `leaf hash  ${ref.leafHash}`,
    `reference  ${JSON.stringify(ref)}`,
    '           (what a business that received this puts in its event\'s "refs")',
    `refs       ${shown.refs.length === 0 ? 'none' : shown.refs.map((r) => JSON.stringify(r)).join('\n           ')}`,
    `body       ${toJson(record.body).split('\n').join('\n           ')}`,
    ...(pos.length === 3 ? ['(read from the bundle, not verified: suyuan verify checks it)'] : []),
  ].join('\n'));
  return EXIT.OK;
}

async function fromLogDir(dir: string, seq: number): Promise<Shown> {
  if (dir === '-' || !statSync(dir).isDirectory()) throw new CliError('CLI_MISSING_ARGUMENT', `${dir} is not a log directory; for a bundle say which log: suyuan show BUNDLE ENTERPRISE|LOGID SEQ`, { argument: dir });
  const store = await FileLogStore.open(dir, { readOnly: true });
  try {
    if (seq >= store.size) throw new CliError('CLI_NOT_FOUND', `${dir} has records 0 to ${store.size - 1}; there is no record ${seq}`, { seq, size: store.size });
    const [bytes] = await store.readRange(seq, seq + 1);
    const [leafHash] = await store.leafHashes(seq, seq + 1);
    const [logId] = await store.leafHashes(0, 1);
    const [genesis] = await store.readRange(0, 1);
    const enterprise = decodeRecord(genesis!).body.enterprise;
    return { logId: logId!, enterprise: typeof enterprise === 'string' ? enterprise : '', bytes: bytes!, leafHash: leafHash! };
  } finally {
    await store.close();
  }
}

/** A log of a bundle by enterprise, by log id, or by a log id's first hex digits (8 or more). */
async function fromBundle(path: string, which: string, seq: number, io: Io): Promise<Shown> {
  const { logs } = readBundleLogs(await openBundle(path, io));
  const byId = /^[0-9a-f]{8,64}$/.test(which) ? logs.filter((l) => toHex(l.logId).startsWith(which)) : [];
  const matches = byId.length > 0 ? byId : logs.filter((l) => l.enterprise === which);
  if (matches.length === 0) throw new CliError('CLI_NOT_FOUND', `no log of ${which} in ${path} (suyuan inspect lists its logs)`, { log: which });
  if (matches.length > 1) throw new CliError('CLI_BAD_VALUE', `${which} names ${matches.length} logs in ${path}; give more of the log id (suyuan inspect lists them)`, { log: which });
  const log = matches[0]!;
  const record = log.records.find((r) => r.seq === seq);
  if (record === undefined) throw new CliError('CLI_NOT_FOUND', `record ${seq} of ${which} is not in ${path}${log.records.length > 0 && log.records.some((r, i) => r.seq !== i) ? ' (it holds an excerpt: only the records a trace needs)' : ''}`, { log: which, seq });
  const bytes = encodeRecord(record); // canonical: the very bytes that were signed
  return { logId: log.logId, enterprise: log.enterprise, bytes, leafHash: nodeCrypto.leafHash(bytes) };
}
