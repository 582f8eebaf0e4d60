import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { SdkError, type SdkErrorCode } from '../src/index.js';

export * from './fixtures.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A temp directory removed after the file's tests (key files included). */
export function tempDir(name = 'sdk'): string {
  const d = mkdtempSync(join(tmpdir(), `suyuan-${name}-`));
  dirs.push(d);
  return d;
}

/** Awaits `p` and checks that it rejects with an SdkError of `code`. */
export async function rejectsWith(p: Promise<unknown>, code: SdkErrorCode): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof SdkError)) throw e;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}
