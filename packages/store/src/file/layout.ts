import { join } from 'node:path';

/** File names inside a log's directory. */
export const SEGMENT_PATTERN = /^seg-(\d{8})\.log$/;
export const segmentName = (n: number): string => `seg-${String(n).padStart(8, '0')}.log`;
export const INDEX = 'index';
export const CHECKPOINTS = 'checkpoints';
export const indexPath = (dir: string): string => join(dir, INDEX);
export const checkpointsPath = (dir: string): string => join(dir, CHECKPOINTS);

/**
 * Index entry: u32 segment number ‖ u32 frame offset ‖ leaf hash (32) ‖ u32 CRC-32 of the
 * first 40 bytes. Fixed size, so record n's entry is at a known place.
 */
export const INDEX_ENTRY_BYTES = 44;

/** Files that hold a log's data: a directory with one of them is a log. */
export function isLogFileName(name: string): boolean {
  return name === INDEX || name === CHECKPOINTS || SEGMENT_PATTERN.test(name);
}

/** Temporary files of a creation that a crash interrupted: never read, removed on a writable open. */
export const TEMPORARY_PATTERN = /^(seg-\d{8}\.log|index|checkpoints)\.tmp$/;

/**
 * Names the store itself leaves behind (lock files, temporary files, cut torn tails): a
 * directory holding nothing else is not someone else's, and a log may be created in it.
 */
export function isStoreLeftover(name: string): boolean {
  return TEMPORARY_PATTERN.test(name) || /^LOCK([.-]|$)/.test(name) || /^torn-.*\.bin$/.test(name);
}
