import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSigner } from '@suyuan/core/node';
import { MemoryLogStore } from '@suyuan/store';
import { verifyBundle } from '@suyuan/verify';
import { Ledger } from '../src/index.js';
import { GTIN, HUB, MARKET, SSCC, T, WHOLESALER, line, rejectsWith, tempDir } from './helpers.js';

/** A market that received two lots from a wholesaler and sold some of one. */
async function market(opts: { dir?: string } = {}) {
  const wholesaler = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(1)), enterprise: WHOLESALER });
  const shipA = await wholesaler.ship({ eventTime: T, items: [line('QK-01', '100')], destination: { enterprise: MARKET } });
  const shipB = await wholesaler.ship({ eventTime: T, items: [line('BC-07', '50', GTIN)], destination: { enterprise: MARKET } });
  const m = opts.dir === undefined
    ? await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(2)), enterprise: MARKET, hub: HUB })
    : await Ledger.open({ dir: opts.dir, enterprise: MARKET, hub: HUB });
  await m.receive({ eventTime: T, items: [line('QK-01', '100')], source: { enterprise: WHOLESALER }, status: 'accepted', shipment: shipA.ref });
  await m.receive({ eventTime: T, items: [line('BC-07', '50', GTIN)], source: { enterprise: WHOLESALER }, status: 'accepted', shipment: shipB.ref });
  const sale = await m.sale({ eventTime: T, ...line('QK-01', '2.5') });
  const gtinSale = await m.sale({ eventTime: T, ...line('BC-07', '1', GTIN) });
  const pack = await m.pack({ eventTime: T, container: { sscc: SSCC, type: 'crate' }, contents: [line('QK-01', '10')] });
  return { m, sale, gtinSale, pack };
}

describe('trace and recall on the ledger\'s own records', () => {
  it('traces a sale by its trace code or its URI, a pack by its code; an unknown code is TRACE_CODE_UNKNOWN', async () => {
    const { m, sale, gtinSale, pack } = await market();
    for (const code of [sale.traceCode.code, sale.traceCode.uri!, pack.traceCode.code]) {
      const t = await m.trace(code);
      expect(t.lots.map((l) => l.lot)).toEqual(['QK-01']);
      expect(t.gaps.length).toBeGreaterThan(0); // the wholesaler's log is not in this ledger: the trace says where it ends
    }
    expect(gtinSale.traceCode.uri).toBe(`https://id.gs1.org/01/0${GTIN}/10/BC-07`);
    expect((await m.trace(gtinSale.traceCode.uri!)).lots.map((l) => l.lot)).toEqual(['BC-07']);
    await rejectsWith(m.trace('NO-SUCH-CODE'), 'TRACE_CODE_UNKNOWN');
    await rejectsWith(m.trace('https://example.com/01/12312312312333'), 'TRACE_URI_FORMAT');
  });

  it('recall(lot) reports what came of the lot here; an unknown lot is LOT_UNKNOWN', async () => {
    const { m } = await market();
    const r = await m.recall('QK-01');
    expect(r.affected).toHaveLength(1);
    expect(r.totals.sold).toEqual({ mass: '2.5' });
    expect(r.totals.onHand).toEqual({ mass: '97.5' });
    await rejectsWith(m.recall('ZZ-99'), 'LOT_UNKNOWN');
    await rejectsWith(m.recall(undefined as never), 'LOT_UNKNOWN');
    await rejectsWith(m.trace(undefined as never), 'TRACE_CODE_UNKNOWN');
  });
});

describe('exportBundle', () => {
  it('writes the whole ledger, signed to its end, and the verifier finds its records and signatures sound', async () => {
    const dir = tempDir();
    const { m } = await market({ dir: join(dir, 'ledger') });
    const out = join(dir, 'market.bundle');
    const r = await m.exportBundle(out);
    expect(r.records).toBe(m.size);
    const report = await verifyBundle(out, { trust: [] });
    expect(report.layers.log).toBe('ok');
    expect(report.logs[0]).toMatchObject({ records: m.size, signedSize: m.size });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await m.close();
  });

  it('writes the excerpt of one trace code, with proofs', async () => {
    const dir = tempDir();
    const { m, sale } = await market();
    const out = join(dir, 'trace.bundle');
    const r = await m.exportBundle(out, { trace: sale.traceCode.code });
    expect(r.omitted).toBe(0);
    expect(r.records).toBeLessThan(m.size); // only what the trace needs: not the other lot's records
    const report = await verifyBundle(out, { trust: [] });
    expect(report.layers.log).toBe('ok');
    expect(report.logs[0]!.mode).toBe('excerpt');
    await rejectsWith(m.exportBundle(join(dir, 'x.bundle'), { trace: 'NO-SUCH-CODE' }), 'TRACE_CODE_UNKNOWN');
    expect(existsSync(join(dir, 'x.bundle'))).toBe(false);
  });

  it('never overwrites a file (EXPORT_EXISTS) and leaves no temp file behind', async () => {
    const dir = tempDir();
    const { m } = await market();
    const out = join(dir, 'taken.bundle');
    writeFileSync(out, 'keep me');
    await rejectsWith(m.exportBundle(out), 'EXPORT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['taken.bundle']);
    await rejectsWith(m.exportBundle(join(dir, 'no-such-dir', 'b.bundle')), 'EXPORT_IO');
    await rejectsWith(m.exportBundle(join(dir, 'c.bundle'), { trace: 42 as never }), 'TRACE_CODE_UNKNOWN');
    expect(readdirSync(dir)).toEqual(['taken.bundle']);
  });
});

describe('checkpoints', () => {
  it('checkpoint() signs everything so far; asked again with nothing new it returns the same one', async () => {
    const { m } = await market();
    const cp = await m.checkpoint();
    expect(cp.size).toBe(m.size);
    expect(m.inspect().signedSize).toBe(m.size);
    expect(await m.checkpoint()).toBe(cp);
  });

  it('signs on its own after a count of records', async () => {
    const l = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(7)), enterprise: MARKET, autoCheckpoint: { records: 10 } });
    for (let i = 0; i < 25; i++) await l.sale({ eventTime: T, ...line('QK-01', '1') });
    await new Promise((r) => setImmediate(r));
    await l.checkpoint().then(() => undefined); // waits behind any automatic one
    const store = (l as unknown as { log: { store: MemoryLogStore } }).log.store;
    const sizes = (await store.checkpoints()).map((c) => c.size);
    expect(sizes.filter((s) => s < 26).length).toBeGreaterThanOrEqual(2); // automatic ones before the one asked for
    await l.close();
  });

  it('signs on its own after a time, with a timer that does not keep the process alive and stops on close', async () => {
    const l = await Ledger.open({ store: new MemoryLogStore(), signer: nodeSigner(new Uint8Array(32).fill(8)), enterprise: MARKET, autoCheckpoint: { ms: 20 }, checkpointOnClose: false });
    await l.sale({ eventTime: T, ...line('QK-01', '1') });
    const signed = () => l.inspect().signedSize;
    // The timer fires within ms, or later on a loaded machine: waited for (never: the test's timeout).
    while (signed() < 2) await new Promise((r) => setTimeout(r, 10));
    expect(signed()).toBe(2);
    const timer = (l as unknown as { auto: { timer: NodeJS.Timeout } }).auto.timer;
    expect(timer.hasRef()).toBe(false);
    await l.close();
    expect((l as unknown as { auto: { timer: unknown } }).auto.timer).toBeUndefined();
  });

  it('an automatic checkpoint that fails is reported by the next call, never lost', async () => {
    const store = new MemoryLogStore();
    const l = await Ledger.open({ store, signer: nodeSigner(new Uint8Array(32).fill(9)), enterprise: MARKET, autoCheckpoint: { records: 1 } });
    const failure = new Error('disk full');
    store.putCheckpoint = () => Promise.reject(failure);
    await l.sale({ eventTime: T, ...line('QK-01', '1') });
    await new Promise((r) => setTimeout(r, 20));
    await expect(l.sale({ eventTime: T, ...line('QK-01', '1') })).rejects.toBe(failure);
  });
});
