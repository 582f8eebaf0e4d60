import { existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { INDEX_MAGIC, MAGIC_BYTES } from './frame.js';
import { INDEX_ENTRY_BYTES, indexPath } from './layout.js';
import type { StoreScan } from './recovery.js';
import { syncDirectory } from './sync-directory.js';

/** Makes what the scan found true on disk: torn tail cut (its bytes kept aside), index made to agree. */
export async function repair(dir: string, scan: StoreScan): Promise<void> {
  // A segment still under its temporary name never held a record (see createSegment).
  for (const f of readdirSync(dir)) if (/^seg-\d{8}\.log\.tmp$/.test(f)) unlinkSync(join(dir, f));
  const t = scan.tornTail;
  if (t !== undefined) {
    writeFileSync(join(dir, `torn-${t.segment.name}-${t.offset}-${Date.now()}.bin`), t.bytes);
    const h = await open(join(dir, t.segment.name), 'r+');
    try {
      await h.truncate(t.offset);
      await h.sync();
    } finally {
      await h.close();
    }
  }
  const path = indexPath(dir);
  const fresh = !existsSync(path);
  const h = await open(path, fresh ? 'w+' : 'r+');
  try {
    const rewriteFrom = scan.indexValidEntries;
    if (fresh || scan.indexFileEntries !== rewriteFrom || rewriteFrom < scan.records.length) {
      await h.write(INDEX_MAGIC, 0, MAGIC_BYTES, 0);
      await h.truncate(MAGIC_BYTES + rewriteFrom * INDEX_ENTRY_BYTES);
      const rest = scan.records.slice(rewriteFrom);
      const buf = Buffer.alloc(rest.length * INDEX_ENTRY_BYTES);
      rest.forEach((r, i) => {
        const e = buf.subarray(i * INDEX_ENTRY_BYTES, (i + 1) * INDEX_ENTRY_BYTES);
        e.writeUInt32BE(r.segment, 0);
        e.writeUInt32BE(r.offset, 4);
        e.set(r.leafHash, 8);
        e.writeUInt32BE(crc32(e.subarray(0, 40)), 40);
      });
      await h.write(buf, 0, buf.length, MAGIC_BYTES + rewriteFrom * INDEX_ENTRY_BYTES);
      await h.sync();
    }
  } finally {
    await h.close();
  }
  if (fresh) await syncDirectory(dir);
}
