import { SuyuanError, bytesEqual, checkRecord, genesisInfo, type GenesisInfo, type ParsedRecord } from '@suyuan/core';
import { HubError } from './errors.js';

/** Where a log stands before the next record: what that record must continue. */
export interface ChainTip {
  logId: Uint8Array | undefined; // undefined before the genesis
  size: number;
  lastLeaf: Uint8Array | undefined;
  lastTime: number;
}

/**
 * Checks one pushed record against the tip, as core's LogVerifier does for a whole log
 * (canonical bytes and shape by `checkRecord`, as strict as decoding but without building the
 * body, a third of a push's CPU when it was built; then seq, log id, prev, time, refs), but
 * starting from a stored tip instead of the genesis. Errors carry core's codes.
 */
export function continueChain(tip: ChainTip, bytes: Uint8Array, leaf: Uint8Array): { record: ParsedRecord; genesis?: GenesisInfo } {
  const seq = tip.size;
  let record: ParsedRecord;
  try {
    record = checkRecord(bytes);
  } catch (e) {
    return fail(e, seq);
  }
  if (record.seq !== seq) chain('CHAIN_SEQ', `expected seq ${seq}, found ${record.seq}`, seq);
  if (seq === 0) {
    let genesis: GenesisInfo;
    try {
      genesis = genesisInfo({ ...record, body: record.body! }); // a genesis's body is always built
    } catch (e) {
      return fail(e, seq);
    }
    if (tip.logId !== undefined && !bytesEqual(leaf, tip.logId)) chain('CHAIN_LOG_ID', 'the genesis does not give this log id', seq);
    return { record, genesis };
  }
  if (!bytesEqual(record.logId, tip.logId!)) chain('CHAIN_LOG_ID', 'record belongs to another log', seq);
  if (!bytesEqual(record.prev, tip.lastLeaf!)) chain('CHAIN_PREV', 'prev is not the previous leaf hash', seq);
  if (record.time < tip.lastTime) chain('CHAIN_TIME', `time ${record.time} is before the previous record's ${tip.lastTime}`, seq);
  if (record.kind === 'genesis') chain('RECORD_KIND', 'only seq 0 may be a genesis', seq);
  for (const ref of record.refs) if (ref.seq >= seq && bytesEqual(ref.logId, tip.logId!)) chain('RECORD_REF', 'a ref into the same log must point backwards', seq);
  return { record };
}

// Module-level (not closures made per record): continueChain runs for every pushed record.
function fail(e: unknown, seq: number): never {
  if (e instanceof SuyuanError) throw new HubError(e.code, 422, e.detail, { seq, ...(e.path !== undefined ? { path: e.path } : {}) });
  throw e;
}

function chain(code: 'CHAIN_SEQ' | 'CHAIN_LOG_ID' | 'CHAIN_PREV' | 'CHAIN_TIME' | 'RECORD_KIND' | 'RECORD_REF', detail: string, seq: number): never {
  throw new HubError(code, 422, detail, { seq });
}
