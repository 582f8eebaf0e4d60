import { existsSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * An append-only file of framed entries, [u32 length][u32 crc32][payload], each append
 * fsynced before it resolves. On open a torn last frame (a crash mid-write) is cut off; a
 * damaged frame before the end is corruption and is reported, never skipped.
 */
export class FramedFile {
  private constructor(private handle: FileHandle, private end: number, readonly entries: Uint8Array[]) {}

  static async open(path: string): Promise<FramedFile> {
    const entries: Uint8Array[] = [];
    let end = 0;
    if (existsSync(path)) {
      const buf = readFileSync(path);
      while (end + 8 <= buf.length) {
        const len = buf.readUInt32BE(end);
        if (end + 8 + len > buf.length) break;
        const payload = buf.subarray(end + 8, end + 8 + len);
        if (crc32(payload) !== buf.readUInt32BE(end + 4)) {
          if (end + 8 + len === buf.length) break; // a torn last frame
          throw new Error(`${path}: damaged entry at byte ${end}`);
        }
        entries.push(new Uint8Array(payload));
        end += 8 + len;
      }
    }
    const created = !existsSync(path);
    const handle = await open(path, created ? 'w+' : 'r+');
    await handle.truncate(end);
    if (created) await syncDirectory(dirname(path));
    return new FramedFile(handle, end, entries);
  }

  async append(payload: Uint8Array): Promise<void> {
    const frame = Buffer.alloc(8 + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.writeUInt32BE(crc32(payload), 4);
    frame.set(payload, 8);
    await this.handle.write(frame, 0, frame.length, this.end);
    await this.handle.datasync();
    this.end += frame.length;
    this.entries.push(payload);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Makes a new directory entry durable (a created file survives a power cut only then). */
export async function syncDirectory(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
