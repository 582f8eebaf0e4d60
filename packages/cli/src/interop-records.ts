import { createReadStream } from 'node:fs';
import { decodeRecord, toHex, type RecordRef } from '@suyuan/core';
import { isInteropError, type ExportRecord, type TextSource } from '@suyuan/interop';
import { FileLogStore } from '@suyuan/store';
import { CliError, type Io } from './io.js';

const PIECE = 10_000;

type Exported = ExportRecord & { time: number; logId: string; seq: number };

/** Event time, then log id, then seq: the order of exported events and rows. */
const before = (a: Exported, b: Exported): boolean => (a.time !== b.time ? a.time < b.time : a.logId !== b.logId ? a.logId < b.logId : a.seq < b.seq);

/** Read-only log stores, each refused if damaged (its intact prefix is not the whole log). */
interface Source { dir: string; store: FileLogStore; logId: string; enterprise: string; name?: string }

export class LogSources {
  private constructor(private readonly logs: Source[]) {}

  static async open(dirs: string[]): Promise<LogSources> {
    const logs: Source[] = [];
    try {
      for (const dir of dirs) {
        const store = await FileLogStore.open(dir, { readOnly: true });
        logs.push({ dir, store, logId: '', enterprise: '' });
        await store.checkIntact();
        const genesis = decodeRecord(await store.read(0)).body as { enterprise?: unknown; meta?: { name?: unknown } };
        const l = logs[logs.length - 1]!;
        l.logId = toHex((await store.leafHashes(0, 1))[0]!);
        l.enterprise = typeof genesis.enterprise === 'string' ? genesis.enterprise : '';
        if (typeof genesis.meta?.name === 'string') l.name = genesis.meta.name;
      }
    } catch (e) {
      for (const l of logs) await l.store.close();
      throw e;
    }
    return new LogSources(logs);
  }

  /** Business names from the logs' genesis records (for spreadsheet location descriptions). */
  get names(): Record<string, string> {
    return Object.fromEntries(this.logs.filter((l) => l.name !== undefined).map((l) => [l.enterprise, l.name!]));
  }

  /**
   * Every record after each genesis, merged across the logs by event time, then log id, then
   * seq: one order whatever the order of the directories given (each log is read in pieces,
   * so memory is one piece per log).
   */
  async *records(): AsyncGenerator<ExportRecord> {
    const heads = this.logs.map((l) => this.pieces(l)[Symbol.asyncIterator]());
    const next: (Exported | undefined)[] = [];
    for (const h of heads) next.push((await h.next()).value ?? undefined);
    for (;;) {
      let at = -1;
      for (let i = 0; i < next.length; i++) if (next[i] !== undefined && (at < 0 || before(next[i]!, next[at]!))) at = i;
      if (at < 0) return;
      yield next[at]!;
      next[at] = (await heads[at]!.next()).value ?? undefined;
    }
  }

  private async *pieces(l: Source): AsyncGenerator<Exported, undefined> {
    for (let from = 1; from < l.store.size; from += PIECE) {
      const to = Math.min(l.store.size, from + PIECE);
      const [records, leaves] = await Promise.all([l.store.readRange(from, to), l.store.leafHashes(from, to)]);
      for (let i = 0; i < records.length; i++) yield this.exportRecord(l, records[i]!, leaves[i]!);
    }
    return undefined;
  }

  /** The record a ref names, if it is in one of these logs (a correction's voided record). */
  async lookup(ref: RecordRef): Promise<ExportRecord | undefined> {
    const l = this.logs.find((x) => x.logId === toHex(ref.logId));
    if (l === undefined || ref.seq < 1 || ref.seq >= l.store.size) return undefined;
    const [leaf] = await l.store.leafHashes(ref.seq, ref.seq + 1);
    if (toHex(leaf!) !== toHex(ref.leafHash)) return undefined;
    return this.exportRecord(l, await l.store.read(ref.seq), leaf!);
  }

  private exportRecord(l: { logId: string; enterprise: string }, bytes: Uint8Array, leafHash: Uint8Array): Exported {
    const r = decodeRecord(bytes);
    return { kind: r.kind, body: r.body, refs: r.refs, logId: l.logId, seq: r.seq, leafHash, time: r.time, enterprise: l.enterprise };
  }

  async close(): Promise<void> {
    for (const l of this.logs) await l.store.close();
  }
}

/** A document to read incrementally: a file, or standard input for `-`. */
export async function textSource(path: string, io: Io): Promise<TextSource> {
  if (path !== '-') return createReadStream(path);
  if (io.stdin === undefined) throw new CliError('CLI_BAD_VALUE', 'standard input is not available here');
  return io.stdin();
}

/** An interop refusal of the whole input (not JSON, not an EPCIS document…) keeps its code, exit 1. */
export async function interop<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isInteropError(e)) throw new CliError('CLI_REJECTED', `${what}: ${e.message}`, { reason: e.code, ...e.where });
    throw e;
  }
}
