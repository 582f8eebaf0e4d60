import { expect } from 'vitest';
import { SuyuanError, type ErrorCode } from '../src/index.js';

/** Runs `fn` and returns the SuyuanError it throws; fails the test if it throws anything else or nothing. */
export function catchSuyuan(fn: () => unknown): SuyuanError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SuyuanError);
    return e as SuyuanError;
  }
  throw new Error('expected a SuyuanError, nothing was thrown');
}

export function expectCode(fn: () => unknown, code: ErrorCode): SuyuanError {
  const e = catchSuyuan(fn);
  expect(e.code).toBe(code);
  return e;
}

/** Plain Uint8Array copy, so Buffers and views compare equal to arrays in assertions. */
export function plain(b: Uint8Array): Uint8Array {
  return Uint8Array.from(b);
}
