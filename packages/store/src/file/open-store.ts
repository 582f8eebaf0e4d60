import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SuyuanError, decodeRecord, genesisInfo, suiteCrypto, type CryptoProvider, type SuiteName } from '@suyuan/core';
import type { RecoveryReport } from '../log-store.js';
import { CheckpointFile, readCheckpoints, scanCheckpoints } from './checkpoint-file.js';
import { classifyDirectory, type DirectoryKind } from './directory.js';
import type { FileIo } from './file-io.js';
import { CHECKPOINTS, indexPath } from './layout.js';
import { DirectoryLock } from './lock.js';
import { scanStore, type LeafHashFor, type StoreScan } from './recovery.js';
import { repair } from './repair.js';

export interface OpenOptions {
  create: boolean;
  readOnly: boolean;
  io: FileIo;
  crypto: CryptoProvider;
}

export interface OpenedStore {
  lock: DirectoryLock | undefined;
  scan: StoreScan;
  checkpointFile: CheckpointFile;
  recovery: RecoveryReport;
}

/**
 * Everything a FileLogStore does before it serves: refuse what is not a log (creating
 * nothing), take the writer lock, read and check every file, fail a writable open on
 * damage (changing nothing), else repair what a crash left (torn tails, the index).
 */
export async function openStore(dir: string, opts: OpenOptions): Promise<OpenedStore> {
  const where = classifyDirectory(dir);
  admit(dir, where, opts);
  if (where.kind === 'missing') mkdirSync(dir, { recursive: true });
  const lock = opts.readOnly ? undefined : await DirectoryLock.acquire(dir);
  try {
    // Checkpoints first: with a writer still running (read-only opens), every checkpoint read covers records the segments show.
    const checkpoints = readCheckpoints(dir);
    const scan = scanStore(dir, leafHashFor(opts.crypto));
    // With damage in the segments, the checkpoints are not held to the intact prefix.
    const cpScan = scanCheckpoints(checkpoints, scan.corruption === undefined ? scan.count : Number.MAX_SAFE_INTEGER);
    let corruption = scan.corruption ?? cpScan.corruption;
    // The checkpoints file is created before the index and any segment, so with either of
    // them present its absence is damage (it held the signed checkpoints).
    if (corruption === undefined && !cpScan.exists && (scan.segments.length > 0 || existsSync(indexPath(dir)))) {
      corruption = { file: CHECKPOINTS, offset: 0, detail: 'the checkpoints file is missing, though the log has an index or segments' };
    }
    if (corruption !== undefined && !opts.readOnly) {
      throw new SuyuanError('STORE_CORRUPT', `${corruption.detail}; nothing was changed: open it read-only to read the ${scan.count} intact records`, { file: join(dir, corruption.file), offset: corruption.offset });
    }
    const recovery: RecoveryReport = { records: scan.count, indexRebuilt: scan.count - scan.indexValidEntries };
    if (corruption !== undefined) recovery.corruption = corruption;
    if (scan.tornTail !== undefined) recovery.tornTail = { file: scan.tornTail.segment.name, offset: scan.tornTail.offset, bytesDropped: scan.tornTail.bytes.length };
    if (cpScan.torn !== undefined) recovery.checkpointsTornTail = { file: CHECKPOINTS, offset: cpScan.torn.offset, bytesDropped: cpScan.torn.bytes.length };
    // Checkpoints first: a log with an index or a segment always has its checkpoints file.
    const checkpointFile = await CheckpointFile.open(dir, cpScan, opts.io, opts.readOnly);
    try {
      if (!opts.readOnly) await repair(dir, scan, opts.io);
    } catch (e) {
      checkpointFile.close();
      throw e;
    }
    return { lock, scan, checkpointFile, recovery };
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/**
 * The leaf hash records are checked with: that of the suite the genesis names (SHA-256,
 * SM3), from `family`'s providers; for a first record that is not a genesis (a store used
 * for other bytes), `family`'s own.
 */
function leafHashFor(family: CryptoProvider): LeafHashFor {
  return (first) => {
    let suite: SuiteName;
    try {
      suite = genesisInfo(decodeRecord(first)).suite;
    } catch {
      return (r) => family.leafHash(r);
    }
    const crypto = suiteCrypto(suite, family);
    return (r) => crypto.leafHash(r);
  };
}

/** Refuses, before anything is created, a directory that is not a log and may not become one. */
function admit(dir: string, where: DirectoryKind, opts: OpenOptions): void {
  const notFound = (why: string) => new SuyuanError('STORE_NOT_FOUND', why, { file: dir });
  if (where.kind === 'log') return;
  if (where.kind === 'not-a-directory') throw notFound('not a log directory: it is a file');
  if (opts.readOnly || !opts.create) {
    throw notFound(where.kind === 'missing' ? 'no log here: the directory does not exist' : where.kind === 'empty' ? 'no log here: the directory is empty' : `no log here: the directory holds other files (${where.example})`);
  }
  if (where.kind === 'foreign') throw new SuyuanError('STORE_EXISTS', `the directory is not empty and holds no log (${where.example}); a log is created only in a new or empty directory`, { file: dir });
}
