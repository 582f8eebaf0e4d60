import { crc32 } from 'node:zlib';
import { MAX_RECORD_BYTES } from '@suyuan/core';

/**
 * Record framing in segment and checkpoint files: u32 BE length ‖ u32 BE CRC-32 of the
 * payload ‖ payload. The CRC tells a torn or rotted frame from a whole one; a reader can
 * always find where the last whole frame ends.
 */
export const FRAME_HEADER_BYTES = 8;
export const MAX_FRAME_PAYLOAD = MAX_RECORD_BYTES;

/**
 * File headers start with 8 bytes: a name and a format version, so a wrong file is never
 * read as ours. The last byte is the version.
 */
export const MAGIC_BYTES = 8;
export const INDEX_MAGIC = Buffer.from('SYIDX\0\0\x01', 'latin1');

/** Whether `buf` starts with `magic` in any version up to `latest`; the version, or 0. */
export function magicVersion(buf: Uint8Array, magic: Buffer, latest: number): number {
  if (buf.length < MAGIC_BYTES || !Buffer.from(buf.buffer, buf.byteOffset, MAGIC_BYTES - 1).equals(magic.subarray(0, MAGIC_BYTES - 1))) return 0;
  const v = buf[MAGIC_BYTES - 1]!;
  return v >= 1 && v <= latest ? v : 0;
}

export function frameSize(payloadLength: number): number {
  return FRAME_HEADER_BYTES + payloadLength;
}

/** Writes one frame into `out` at `offset`; returns the offset after it. */
export function writeFrame(out: Buffer, offset: number, payload: Uint8Array): number {
  out.writeUInt32BE(payload.length, offset);
  out.writeUInt32BE(crc32(payload), offset + 4);
  out.set(payload, offset + FRAME_HEADER_BYTES);
  return offset + FRAME_HEADER_BYTES + payload.length;
}

export type FrameCheck =
  | { ok: true; payloadStart: number; end: number }
  | { ok: false; reason: 'short' | 'length' | 'crc'; claimedEnd: number };

/** Checks the frame at `offset` of `buf` (whose meaningful bytes end at `end`). */
export function checkFrame(buf: Uint8Array, offset: number, end: number): FrameCheck {
  if (end - offset < FRAME_HEADER_BYTES) return { ok: false, reason: 'short', claimedEnd: end };
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const length = b.readUInt32BE(offset);
  const claimedEnd = offset + FRAME_HEADER_BYTES + length;
  if (length === 0 || length > MAX_FRAME_PAYLOAD) return { ok: false, reason: 'length', claimedEnd };
  if (claimedEnd > end) return { ok: false, reason: 'short', claimedEnd };
  const payloadStart = offset + FRAME_HEADER_BYTES;
  if (crc32(b.subarray(payloadStart, claimedEnd)) !== b.readUInt32BE(offset + 4)) return { ok: false, reason: 'crc', claimedEnd };
  return { ok: true, payloadStart, end: claimedEnd };
}

export interface FrameScan {
  /** Start offset and payload range of each whole frame, in order. */
  frames: { offset: number; payloadStart: number; end: number }[];
  /** Offset just past the last whole frame. */
  validEnd: number;
  /** Set if the bytes after `validEnd` are not empty. */
  problem?: { offset: number; reason: 'short' | 'length' | 'crc'; validFrameAfter: boolean };
}

/**
 * Reads frames from `start` to `end`. Stops at the first bad frame and says whether a whole
 * frame starts anywhere after it: if one does, the damage is in the middle (a flipped length
 * or payload byte); if none does, it is a torn tail. Searching byte by byte only happens on
 * this error path, and almost every offset is dismissed by its length field alone.
 */
export function scanFrames(buf: Uint8Array, start: number, end: number): FrameScan {
  const frames: FrameScan['frames'] = [];
  let offset = start;
  while (offset < end) {
    const c = checkFrame(buf, offset, end);
    if (!c.ok) return { frames, validEnd: offset, problem: { offset, reason: c.reason, validFrameAfter: findFrame(buf, offset + 1, end) >= 0 } };
    frames.push({ offset, payloadStart: c.payloadStart, end: c.end });
    offset = c.end;
  }
  return { frames, validEnd: offset };
}

/** The first offset in [from, end) where a whole, checksummed frame starts, or -1. */
function findFrame(buf: Uint8Array, from: number, end: number): number {
  for (let o = from; o + FRAME_HEADER_BYTES < end; o++) {
    if (checkFrame(buf, o, end).ok) return o;
  }
  return -1;
}
