import type { CryptoProvider } from '@suyuan/core';
import type { DurabilityMode } from '../log-store.js';
import type { FileIo } from './file-io.js';

export interface FileStoreOptions {
  /** When appends resolve; see `DurabilityMode`. Default `sync`. */
  mode?: DurabilityMode;
  /** `batched`: the longest an append waits for others to share its fsync. Default 5 ms. */
  maxDelayMs?: number;
  /** `batched`: commit at once when this many bytes are waiting. Default 1 MiB. */
  maxBatchBytes?: number;
  /** A new segment file is started past this size. Default 64 MiB. */
  maxSegmentBytes?: number;
  /**
   * Create a log if there is none: in a directory that does not exist (made) or is empty.
   * Never among other files: that is STORE_EXISTS. Default true.
   */
  create?: boolean;
  /** Open without the writer lock and without repairing anything, to read what is intact (even of a damaged store). */
  readOnly?: boolean;
  /**
   * The providers leaf hashes are computed with when every record is checked on open: the
   * suite the log's genesis names picks its member (SHA-256, SM3). Default node:crypto's.
   */
  crypto?: CryptoProvider;
  /** The file layer; tests inject full disks and failing syncs through it. */
  io?: FileIo;
}

/** The options a FileLogStore runs with, defaults filled in. */
export type Options = Required<Omit<FileStoreOptions, 'create' | 'crypto'>>;
