import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { SdkError, type SdkErrorCode } from '../src/index.js';

export const FARM = '91350100M000100Y43';
export const WHOLESALER = '91350100MA2XN8KX46';
export const MARKET = '92350102MA2MKT0013';
export const GTIN = '6901234567892';
export const SSCC = '369012345000000012';
export const T = '2025-11-26T08:30:00+08:00';
export const HUB = 'trace.example.cn';

/** A lot line of `value` kg of greens (category code, no GTIN) or of a GTIN product. */
export const line = (lot: string, value: string, gtin?: string) => ({
  lot, product: gtin === undefined ? { description: '青菜', category: '0101' } : { description: '青菜 500g', gtin }, quantity: { value, unit: 'KGM' },
});

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
