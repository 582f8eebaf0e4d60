import { existsSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { decode, encode, encodeCheckpoint, decodeCheckpoint, type Checkpoint, type TreeHead } from '@suyuan/core';
import { CheckpointGuard } from '../checkpoint-guard.js';
import { CHECKPOINTS_MAGIC, MAGIC_BYTES, frameSize, scanFrames, writeFrame } from './frame.js';
import { checkpointsPath } from './layout.js';
import { syncDirectory } from './sync-directory.js';

export interface CheckpointScan {
  guard: CheckpointGuard;
  validEnd: number;
  exists: boolean;
  tornAt?: number;
  corruption?: { file: string; offset: number; detail: string };
}

/**
 * The `checkpoints` file: framed entries, each either a reservation `[logId, size, root,
 * time]` (written before signing) or a signed checkpoint (its canonical CBOR). Reading it
 * back restores the one-root-per-size rule across restarts.
 */
export class CheckpointFile {
  private constructor(
    private readonly guard: CheckpointGuard,
    private handle: FileHandle | undefined,
    private end: number,
  ) {}

  static scan(dir: string): CheckpointScan {
    const path = checkpointsPath(dir);
    const guard = new CheckpointGuard();
    if (!existsSync(path)) return { guard, validEnd: 0, exists: false };
    const buf = readFileSync(path);
    if (buf.length < MAGIC_BYTES || !buf.subarray(0, MAGIC_BYTES).equals(CHECKPOINTS_MAGIC)) {
      if (CHECKPOINTS_MAGIC.subarray(0, buf.length).equals(buf.subarray(0, MAGIC_BYTES))) return { guard, validEnd: 0, exists: true, tornAt: 0 };
      return { guard, validEnd: 0, exists: true, corruption: { file: 'checkpoints', offset: 0, detail: 'not a Suyuan checkpoints file (bad header)' } };
    }
    const frames = scanFrames(buf, MAGIC_BYTES, buf.length);
    const scan: CheckpointScan = { guard, validEnd: frames.validEnd, exists: true };
    try {
      for (const f of frames.frames) {
        const payload = buf.subarray(f.payloadStart, f.end);
        const v = decode(payload) as unknown[];
        if (v.length === 4) guard.remember({ logId: v[0] as Uint8Array, size: v[1] as number, root: v[2] as Uint8Array, time: v[3] as number });
        else {
          const cp = decodeCheckpoint(payload);
          guard.admit(cp);
          guard.remember(cp, cp);
        }
      }
    } catch (e) {
      return { ...scan, corruption: { file: 'checkpoints', offset: 0, detail: `an entry does not decode: ${(e as Error).message}` } };
    }
    if (frames.problem !== undefined) {
      if (frames.problem.validFrameAfter) scan.corruption = { file: 'checkpoints', offset: frames.problem.offset, detail: `entry at byte ${frames.problem.offset} is damaged and whole entries follow it` };
      else scan.tornAt = frames.problem.offset;
    }
    return scan;
  }

  static async open(dir: string, scan: CheckpointScan, readOnly: boolean): Promise<CheckpointFile> {
    const path = checkpointsPath(dir);
    if (readOnly) return new CheckpointFile(scan.guard, undefined, scan.validEnd);
    const handle = await open(path, scan.exists ? 'r+' : 'w+');
    if (!scan.exists || scan.validEnd === 0) {
      await handle.truncate(0);
      await handle.write(CHECKPOINTS_MAGIC, 0, MAGIC_BYTES, 0);
      await handle.sync();
      if (!scan.exists) await syncDirectory(dir);
      return new CheckpointFile(scan.guard, handle, MAGIC_BYTES);
    }
    if (scan.tornAt !== undefined) {
      await handle.truncate(scan.tornAt);
      await handle.sync();
    }
    return new CheckpointFile(scan.guard, handle, scan.validEnd);
  }

  async reserve(head: TreeHead, durable: boolean): Promise<void> {
    if (!this.guard.admit(head)) return; // this root is already reserved or signed at this size
    await this.append(encode([head.logId, head.size, head.root, head.time]), durable);
    this.guard.remember(head);
  }

  async put(cp: Checkpoint, durable: boolean): Promise<void> {
    this.guard.admit(cp);
    await this.append(encodeCheckpoint(cp), durable);
    this.guard.remember(cp, cp);
  }

  signed(): Checkpoint[] {
    return this.guard.signed.slice();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async append(payload: Uint8Array, durable: boolean): Promise<void> {
    const buf = Buffer.alloc(frameSize(payload.length));
    writeFrame(buf, 0, payload);
    await this.handle!.write(buf, 0, buf.length, this.end);
    this.end += buf.length;
    if (durable) await this.handle!.datasync();
  }
}
