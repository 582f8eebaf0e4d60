import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceStart } from '@suyuan/food';
import { nodeFileIo, type LogStore } from '@suyuan/store';
import { BundleWriter, exportTrace } from '@suyuan/verify';
import { SdkError } from './errors.js';

/** What `exportBundle` wrote. */
export interface ExportResult {
  path: string;
  /** Records in the bundle (genesis included). */
  records: number;
  /** Trace excerpts: records the trace needs that no checkpoint covered (none after the ledger's own checkpoint). */
  omitted: number;
}

/**
 * Writes a bundle of this ledger (the whole log, or the excerpt one trace needs) to a temp file
 * beside `path`, then links it into place: a reader never sees half a bundle, and an existing
 * file is never overwritten (`EXPORT_EXISTS`).
 */
export async function writeBundle(
  store: LogStore, log: { logId: Uint8Array; enterprise: string }, path: string, trace: TraceStart | undefined,
): Promise<ExportResult> {
  if (existsSync(path)) throw new SdkError('EXPORT_EXISTS', 'the file exists; nothing is overwritten', { file: path });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  let finished = false;
  let writer: BundleWriter;
  try {
    writer = BundleWriter.toFile(tmp);
  } catch (e) {
    throw new SdkError('EXPORT_IO', `cannot create the bundle file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: path });
  }
  try {
    let records: number;
    let omitted = 0;
    if (trace === undefined) {
      await writer.addStore(store, log.logId);
      records = store.size;
    } else {
      const all = await store.readRange(0, store.size);
      const r = exportTrace(writer, { logs: [{ ...log, records: all, checkpoints: await store.checkpoints() }], start: trace });
      records = r.included + 1;
      omitted = r.omitted.length;
    }
    writer.finish();
    finished = true;
    try {
      linkSync(tmp, path); // fails with EEXIST where rename would replace
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new SdkError('EXPORT_EXISTS', 'the file appeared while the bundle was written; nothing is overwritten', { file: path });
      throw new SdkError('EXPORT_IO', `cannot put the bundle in place: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: path });
    }
    await nodeFileIo.syncDirectory(dirname(path));
    return { path, records, omitted };
  } finally {
    if (!finished) {
      try {
        writer.finish(); // closes the file
      } catch {
        // the error that brought us here is the one to report
      }
    }
    unlinkSync(tmp);
  }
}

