import { open } from 'node:fs/promises';

/** fsync of a directory: makes a file created (or renamed) in it survive a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
