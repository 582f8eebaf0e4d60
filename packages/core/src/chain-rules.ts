import { bytesEqual } from './bytes.js';
import type { CryptoProvider, SuiteCrypto } from './crypto/provider.js';
import { suiteCrypto } from './crypto/suites.js';
import { SuyuanError } from './errors.js';
import { genesisInfo, type GenesisInfo, type ParsedRecord } from './record.js';

/**
 * The chain rules of FORMAT.md §3, in their order, once for every walker of a log (the core
 * LogVerifier and the bundle verifier's section walk): so the two can never disagree.
 */

/** Record 0: seq, the genesis rules, the log id; returns the log's suite provider and leaf hash. */
export function checkGenesisStep(rec: ParsedRecord, bytes: Uint8Array, family: CryptoProvider, expectedLogId: Uint8Array | undefined): { crypto: SuiteCrypto; leaf: Uint8Array; info: GenesisInfo } {
  const where = { seq: 0, offset: rec.start };
  if (rec.seq !== 0) throw new SuyuanError('CHAIN_SEQ', `expected seq 0, found ${rec.seq}`, where);
  let info: GenesisInfo;
  try {
    info = genesisInfo({ seq: rec.seq, logId: rec.logId, prev: rec.prev, kind: rec.kind, body: rec.body!, refs: rec.refs });
  } catch (e) {
    throw e instanceof SuyuanError ? e.at(where) : e;
  }
  // From here on every hash and signature of this log is the genesis' suite's.
  const crypto = suiteCrypto(info.suite, family);
  const leaf = crypto.leafHash(bytes);
  // The log id is the genesis record's leaf hash.
  if (expectedLogId !== undefined && !bytesEqual(leaf, expectedLogId)) throw new SuyuanError('CHAIN_LOG_ID', 'the genesis does not give the expected log id', where);
  return { crypto, leaf, info };
}

/** Record `seq` ≥ 1 after `prev`: seq, log id, prev link, time order, no second genesis, backward self-refs; returns its leaf hash. */
// Positional arguments: this runs for every record, and an options object would be an allocation each time.
export function checkChainStep(rec: ParsedRecord, bytes: Uint8Array, seq: number, crypto: SuiteCrypto, logId: Uint8Array, prev: Uint8Array, lastTime: number): Uint8Array {
  // `where` is only built on failure: this runs for every record.
  if (rec.seq !== seq) throw new SuyuanError('CHAIN_SEQ', `expected seq ${seq}, found ${rec.seq}`, { seq, offset: rec.start });
  const leaf = crypto.leafHash(bytes);
  if (!bytesEqual(rec.logId, logId)) throw new SuyuanError('CHAIN_LOG_ID', 'record belongs to another log', { seq, offset: rec.start });
  if (!bytesEqual(rec.prev, prev)) throw new SuyuanError('CHAIN_PREV', 'prev is not the previous leaf hash', { seq, offset: rec.start });
  if (rec.time < lastTime) throw new SuyuanError('CHAIN_TIME', `time ${rec.time} is before the previous record's ${lastTime}`, { seq, offset: rec.start });
  if (rec.kind === 'genesis' || rec.refs.length > 0) checkRecordLocally(rec, seq, logId, { seq, offset: rec.start });
  return leaf;
}

/**
 * The rules of FORMAT.md §3 step 4 that need no neighbouring record: no genesis after seq 0, refs
 * into the same log point backwards. Also applied to each record of an excerpt.
 */
export function checkRecordLocally(rec: ParsedRecord, seq: number, logId: Uint8Array, where: { seq: number; offset: number }): void {
  if (rec.kind === 'genesis') throw new SuyuanError('RECORD_KIND', 'only seq 0 may be a genesis', where);
  for (const ref of rec.refs) {
    if (ref.seq >= seq && bytesEqual(ref.logId, logId)) throw new SuyuanError('RECORD_REF', 'a ref into the same log must point backwards', where);
  }
}
