import { SuyuanError, decode, decodeCheckpoint, type CborMap, type Checkpoint } from '@suyuan/core';
import { MAX_RECORD_BYTES } from '@suyuan/core';
import { HubError } from './errors.js';

/** A push: records [from, from + records.length) of one log and the checkpoint covering them. */
export interface PushRequest {
  from: number;
  records: Uint8Array[];
  checkpoint: Checkpoint;
}

/** Wire form: canonical CBOR map { checkpoint: bstr (encodeCheckpoint), from: uint, records: [bstr] }. */
export function decodePushRequest(body: Uint8Array, maxRecords: number): PushRequest {
  let v: unknown;
  try {
    v = decode(body, { maxItemBytes: body.length, maxDepth: 2 });
  } catch (e) {
    if (e instanceof SuyuanError) throw new HubError(e.code, 400, `push body: ${e.detail}`, { path: e.path ?? '$' });
    throw e;
  }
  const bad = (path: string, detail: string): never => { throw new HubError('HUB_BAD_REQUEST', 400, detail, { path }); };
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) bad('$', 'a push is a map { checkpoint, from, records }');
  const m = v as CborMap;
  const keys = Object.keys(m).sort().join(',');
  if (keys !== 'checkpoint,from,records') bad('$', `a push has keys {checkpoint, from, records}, not {${keys}}`);
  if (typeof m.from !== 'number' || !Number.isSafeInteger(m.from) || m.from < 0) bad('from', 'an unsigned integer');
  if (!Array.isArray(m.records)) bad('records', 'an array of records (byte strings)');
  const records = m.records as unknown[];
  if (records.length > maxRecords) throw new HubError('HUB_TOO_MANY_RECORDS', 413, `${records.length} records in one push; the limit is ${maxRecords}`, { path: 'records' });
  records.forEach((r, i) => {
    if (!(r instanceof Uint8Array) || r.length === 0 || r.length > MAX_RECORD_BYTES) bad(`records[${i}]`, `a record is a byte string of 1–${MAX_RECORD_BYTES} bytes`);
  });
  if (!(m.checkpoint instanceof Uint8Array)) bad('checkpoint', 'the encoded checkpoint (a byte string)');
  let checkpoint: Checkpoint;
  try {
    checkpoint = decodeCheckpoint(m.checkpoint as Uint8Array);
  } catch (e) {
    if (e instanceof SuyuanError) throw new HubError(e.code, 400, `checkpoint: ${e.detail}`, { path: 'checkpoint' });
    throw e;
  }
  return { from: m.from as number, records: records as Uint8Array[], checkpoint };
}
