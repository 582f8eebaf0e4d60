import { join } from 'node:path';

/** File names inside a log's directory. */
export const SEGMENT_PATTERN = /^seg-(\d{8})\.log$/;
export const segmentName = (n: number): string => `seg-${String(n).padStart(8, '0')}.log`;
export const indexPath = (dir: string): string => join(dir, 'index');
export const checkpointsPath = (dir: string): string => join(dir, 'checkpoints');

/**
 * Index entry: u32 segment number ‖ u32 frame offset ‖ leaf hash (32) ‖ u32 CRC-32 of the
 * first 40 bytes. Fixed size, so record n's entry is at a known place.
 */
export const INDEX_ENTRY_BYTES = 44;
