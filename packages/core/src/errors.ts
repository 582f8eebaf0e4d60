/**
 * Every failure Suyuan's core reports carries one of these codes. The list is closed and the
 * codes are stable: tools and tests match on them, never on messages. docs/FORMAT.md lists
 * each with its meaning.
 */
export const ERROR_CODES = [
  // canonical CBOR (strict decoding)
  'CBOR_TRUNCATED',
  'CBOR_TRAILING_BYTES',
  'CBOR_NON_SHORTEST',
  'CBOR_INDEFINITE_LENGTH',
  'CBOR_RESERVED_INFO',
  'CBOR_FLOAT',
  'CBOR_TAG',
  'CBOR_UNDEFINED',
  'CBOR_SIMPLE_VALUE',
  'CBOR_INVALID_UTF8',
  'CBOR_MAP_KEY_TYPE',
  'CBOR_MAP_KEY_ORDER',
  'CBOR_DUPLICATE_KEY',
  'CBOR_TOO_DEEP',
  'CBOR_TOO_LARGE',
  // values that have no encoding in the profile
  'CBOR_UNSUPPORTED_VALUE',
  'CBOR_INT_RANGE',
  // record structure
  'RECORD_SHAPE',
  'RECORD_VERSION',
  'RECORD_KIND',
  'RECORD_REF',
  'RECORD_GENESIS',
  'RECORD_SUITE',
  // the chain of one log
  'CHAIN_LOG_ID',
  'CHAIN_SEQ',
  'CHAIN_PREV',
  'CHAIN_TIME',
  'CHAIN_EMPTY',
  // checkpoints and signatures
  'CHECKPOINT_SHAPE',
  'CHECKPOINT_LOG_ID',
  'CHECKPOINT_SIGNATURE',
  'CHECKPOINT_ROOT_MISMATCH',
  'CHECKPOINT_BEYOND_LOG',
  'CHECKPOINT_EQUIVOCATION',
  'COSIGNATURE_SIGNATURE',
  'LOG_UNSIGNED_TAIL',
  // Merkle proofs
  'PROOF_RANGE',
  'PROOF_SIZE',
  'PROOF_HASH_LENGTH',
  'PROOF_ROOT_MISMATCH',
  // keys and misuse
  'KEY_INVALID',
  'ARGUMENT_INVALID',
  // storage (@suyuan/store)
  'STORE_LOCKED',
  'STORE_CORRUPT',
  'STORE_CHECKPOINT_CONFLICT',
  'STORE_NOT_FOUND',
  'STORE_EXISTS',
  'STORE_CLOSED',
  'STORE_READ_ONLY',
  'STORE_RANGE',
  'STORE_IO',
  'KEY_FILE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where a problem was found; every field that is known is set. */
export interface ErrorLocation {
  /** File concerned (a store's segment or index, a key file). */
  file?: string;
  /** Byte offset into the input being decoded (a record, a log's bytes). */
  offset?: number;
  /** Sequence number of the record concerned. */
  seq?: number;
  /** Path inside a decoded value, e.g. `body.quantity`. */
  path?: string;
}

export class SuyuanError extends Error {
  override readonly name = 'SuyuanError';
  readonly code: ErrorCode;
  readonly offset: number | undefined;
  readonly seq: number | undefined;
  readonly path: string | undefined;
  readonly file: string | undefined;
  /** The message without code and location. */
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, where: ErrorLocation = {}) {
    super(`${code}: ${detail}${describeLocation(where)}`);
    this.code = code;
    this.detail = detail;
    this.offset = where.offset;
    this.seq = where.seq;
    this.path = where.path;
    this.file = where.file;
  }

  /** The same error re-located, e.g. a record error seen at an offset inside a whole log. */
  at(where: ErrorLocation): SuyuanError {
    const merged: ErrorLocation = {
      offset: where.offset !== undefined ? where.offset + (this.offset ?? 0) : this.offset,
      seq: where.seq ?? this.seq,
      path: this.path ?? where.path,
      file: this.file ?? where.file,
    };
    return new SuyuanError(this.code, this.detail, merged);
  }
}

function describeLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.seq !== undefined) parts.push(`seq ${where.seq}`);
  if (where.offset !== undefined) parts.push(`byte ${where.offset}`);
  if (where.path !== undefined) parts.push(where.path);
  return parts.length > 0 ? ` (at ${parts.join(', ')})` : '';
}

export function isSuyuanError(e: unknown, code?: ErrorCode): e is SuyuanError {
  return e instanceof SuyuanError && (code === undefined || e.code === code);
}
