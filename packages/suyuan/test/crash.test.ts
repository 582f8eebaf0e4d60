import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, decodeRecord, verifyLog } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore } from '@suyuan/store';
import { Ledger } from '../src/index.js';
import { MARKET, tempDir } from './helpers.js';

/**
 * Starts the till in its own process, collecting its output lines. `acked(n)` resolves once
 * the till has acknowledged n sales.
 */
function startTill(dir: string, seed: number): { child: ChildProcess; lines: string[]; ready: Promise<void>; acked: (n: number) => Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(import.meta.dirname, 'till-child.ts'), dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: { done: () => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  let buffered = '';
  let stderr = '';
  const until = (done: () => boolean) => new Promise<void>((resolve, reject) => {
    if (done()) resolve();
    else if (child.exitCode !== null) reject(new Error(`till exited ${child.exitCode}: ${stderr}`));
    else waiting.push({ done, resolve, reject });
  });
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const w of waiting.splice(0)) if (w.done()) w.resolve(); else waiting.push(w);
  });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.once('exit', (code) => { for (const w of waiting.splice(0)) w.reject(new Error(`till exited ${code}: ${stderr}`)); });
  const ready = until(() => lines.some((l) => l.startsWith('ready')));
  const acked = (n: number) => until(() => lines.filter((l) => l.startsWith('ack ')).length >= n);
  return { child, lines, ready, acked };
}

const kill = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

describe('a till recording sales through the SDK, killed with SIGKILL at random moments', () => {
  it('loses no acknowledged sale: after each kill the ledger reopens with every acknowledged sale and its trace code', async () => {
    const dir = tempDir('crash');
    let acknowledged = 0;
    for (let iteration = 0; iteration < 6; iteration++) {
      const { child, lines, ready, acked } = startTill(dir, iteration + 1);
      await ready;
      // Killed once the till has acknowledged sales (so the six kills together pass 100 however
      // loaded the machine is), at a moment after that which varies per round.
      await acked(20);
      await new Promise((r) => setTimeout(r, iteration * 60));
      await kill(child);
      const acks = lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ')).map(([, seq, code]) => ({ seq: Number(seq), code: code! }));
      acknowledged += acks.length;

      const ledger = await Ledger.open({ dir, enterprise: MARKET, checkpointOnClose: false });
      const size = ledger.size;
      await ledger.close();
      const store = await FileLogStore.open(join(dir, 'log'), { readOnly: true });
      try {
        const records = await store.readRange(0, size);
        for (const a of acks) {
          expect(a.seq).toBeLessThan(size);
          expect(decodeRecord(records[a.seq]!).body.traceCode).toBe(a.code);
        }
        const report = verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints: await store.checkpoints() });
        expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      } finally {
        await store.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(100);
  }, 120_000);
});
