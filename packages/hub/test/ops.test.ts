import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Checkpoint } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';
import { EmbeddedHubStore, startHub, type AppendBatch, type HubStore } from '../src/index.js';
import { codeOf } from './conformance.js';
import { AUTHORITY_KEY, HUB_SECRET, hex, hubApp, marketBusiness, pushBody, pushLogVia, regulator, removeTempDirs, sale, tempDir, world } from './fixture.js';

afterAll(removeTempDirs);

describe('hub operations', () => {
  let store: EmbeddedHubStore;
  let opened: FastifyInstance | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = tempDir('hub-ops');
    store = await EmbeddedHubStore.open(dir);
    opened = undefined;
  });
  afterEach(async () => {
    await opened?.close();
    await store.close();
  });

  it('exports Prometheus metrics (regulator token): requests, latency, records ingested, refusals by code', async () => {
    const app = await hubApp(store);
    opened = app;
    const w = await world({ skipEnrolment: 'market1' });
    await pushLogVia(app, w.authority);
    await pushLogVia(app, w.logs.farmA!);
    await pushLogVia(app, w.logs.farmA!);
    await pushLogVia(app, w.logs.market1!);
    expect(codeOf(await app.inject({ url: '/metrics' }))).toEqual([401, 'HUB_UNAUTHORIZED']);
    const res = await app.inject({ url: '/metrics', headers: regulator });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toContain(`hub_records_ingested_total ${w.authority.records.length + w.logs.farmA!.records.length}`);
    expect(text).toContain('hub_pushes_total{result="stored"} 2');
    expect(text).toContain('hub_pushes_total{result="unchanged"} 1');
    expect(text).toContain('hub_pushes_refused_total{code="POLICY_NOT_ENROLLED"} 1');
    expect(text).toMatch(/hub_http_requests_total\{route="\/v1\/logs\/:logId\/push",method="POST",status="200"\} 3/);
    expect(text).toMatch(/hub_http_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/logs\/:logId\/push",method="POST"\} 4/);
  });

  it('limits the request rate per client address (HUB_RATE_LIMITED), health checks exempt', async () => {
    const app = await hubApp(store, { ratePerMinute: 3 });
    opened = app;
    for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/v1/trace/none' })).statusCode).toBe(404);
    const res = await app.inject({ url: '/v1/trace/none' });
    expect(codeOf(res)).toEqual([429, 'HUB_RATE_LIMITED']);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await app.inject({ url: '/v1/trace/none', remoteAddress: '10.0.0.9' })).statusCode).toBe(404);
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('shuts down gracefully: a push in flight when close begins completes and is stored; the store closes after', async () => {
    const gated = new GatedStore(store);
    const hub = await startHub({ store: gated, trust: [AUTHORITY_KEY], witness: nodeSigner(HUB_SECRET), port: 0 });
    const m = marketBusiness();
    const w = await world({ extra: { m: { business: m, roles: ['market'] } } });
    const post = (log: { logId: Uint8Array; records: Uint8Array[]; checkpoint: Checkpoint }) =>
      fetch(`${hub.url}/v1/logs/${hex(log.logId)}/push`, { method: 'POST', headers: { 'content-type': 'application/cbor' }, body: pushBody(0, log.records, log.checkpoint) });
    expect((await post(w.authority)).status).toBe(200);
    sale(m, 1);
    gated.hold();
    const inFlight = post({ logId: m.logId, records: [m.writer.genesis, ...m.appended], checkpoint: await m.writer.checkpoint() });
    await gated.entered;
    const closing = hub.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(gated.closed).toBe(false); // the store waits for the push
    gated.release();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect(gated.closed).toBe(true);
    store = await EmbeddedHubStore.open(dir);
    expect((await store.log(m.logId))!.size).toBe(2);
  });
});

/** A store whose next append waits until the test releases it. */
class GatedStore implements HubStore {
  readonly kind: string;
  entered!: Promise<void>;
  private enter!: () => void;
  private gate: Promise<void> | undefined;
  private open!: () => void;
  constructor(private readonly inner: HubStore) {
    this.kind = inner.kind;
  }
  hold(): void {
    this.entered = new Promise((r) => { this.enter = r; });
    this.gate = new Promise((r) => { this.open = r; });
  }
  release(): void {
    this.open();
  }
  async append(b: AppendBatch): Promise<void> {
    if (this.gate !== undefined) {
      this.enter();
      await this.gate;
    }
    return this.inner.append(b);
  }
  ready() { return this.inner.ready(); }
  log(id: Uint8Array) { return this.inner.log(id); }
  logs() { return this.inner.logs(); }
  logsByAuthor(a: readonly Uint8Array[]) { return this.inner.logsByAuthor(a); }
  records(id: Uint8Array, f: number, t: number) { return this.inner.records(id, f, t); }
  leafHashes(id: Uint8Array, f: number, t: number) { return this.inner.leafHashes(id, f, t); }
  checkpoints(id: Uint8Array) { return this.inner.checkpoints(id); }
  putCheckpoint(cp: Parameters<HubStore['putCheckpoint']>[0]) { return this.inner.putCheckpoint(cp); }
  cosignatures(id: Uint8Array) { return this.inner.cosignatures(id); }
  putCosignature(cs: Parameters<HubStore['putCosignature']>[0]) { return this.inner.putCosignature(cs); }
  evidence(id: Uint8Array) { return this.inner.evidence(id); }
  putEvidence(id: Uint8Array, e: Uint8Array) { return this.inner.putEvidence(id, e); }
  traceCode(c: string) { return this.inner.traceCode(c); }
  closed = false;
  async close() { this.closed = true; return this.inner.close(); }
}
