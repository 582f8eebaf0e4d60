import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BundleReadError } from './findings.js';
import type { ByteSource } from './source.js';

/** A bundle file, read piece by piece (Node only: source.ts stays portable for the browser). */
export function fileSource(path: string): ByteSource {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    throw new BundleReadError('BUNDLE_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  const readInto = (into: Uint8Array, position: number, length: number) => {
    const n = Math.max(0, Math.min(length, size - position, into.length));
    let done = 0;
    while (done < n) {
      const got = readSync(fd, into, done, n - done, position + done);
      if (got === 0) break;
      done += got;
    }
    return into.subarray(0, done);
  };
  return {
    size,
    read: (position, length) => readInto(new Uint8Array(Math.max(0, Math.min(length, size - position))), position, length),
    readInto,
    close: () => closeSync(fd),
  };
}
