import { afterEach, beforeEach, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { isHubError, type AnyCode, type HubStore } from '../src/index.js';
import { hubApp, marketBusiness, pushLogVia, world } from './fixture.js';

export interface Backend {
  /** Opens the backend on the test's storage (the same storage each time within one test). */
  open(): Promise<HubStore>;
  /** Called after each test. */
  cleanup(): Promise<void>;
}

/** The hub each conformance test runs against: fresh per test (a test may reopen it). */
export interface HubUnderTest {
  backend: Backend;
  store: HubStore;
  app: FastifyInstance;
  /** An authority log on the hub that enrols a market `m`, not pushed yet. */
  enrolledMarket(): Promise<{ m: ReturnType<typeof marketBusiness>; w: Awaited<ReturnType<typeof world>> }>;
}

export function useHub(backend: () => Backend): HubUnderTest {
  const h = {
    async enrolledMarket() {
      const m = marketBusiness();
      const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
      expect((await pushLogVia(h.app, w.authority)).statusCode).toBe(200);
      return { m, w };
    },
  } as HubUnderTest;
  beforeEach(async () => {
    h.backend = backend();
    h.store = await h.backend.open();
    h.app = await hubApp(h.store);
  });
  afterEach(async () => {
    await h.app.close();
    await h.store.close();
    await h.backend.cleanup();
  });
  return h;
}
export function codeOf(res: { statusCode: number; body: string }): [number, string] {
  let code = '?';
  try {
    code = (JSON.parse(res.body) as { code: string }).code;
  } catch {
    // not JSON
  }
  return [res.statusCode, code];
}

/** Byte strings as hex, so Buffers and Uint8Arrays compare equal. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function expectCode(p: Promise<unknown>, code: AnyCode): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(isHubError(e) ? e.code : e).toBe(code);
    return;
  }
  expect.fail(`expected ${code}, nothing was thrown`);
}
