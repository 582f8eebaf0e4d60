import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { ensureBuilt, errorCode, run } from './cli-fixture.js';

beforeAll(() => ensureBuilt(), 300_000);

const T = '2025-11-26T08:00:00+08:00';
const harvest = (i: number) => ({ kind: 'food.harvest', body: { eventTime: T, lot: `QK-${i}`, product: { description: '青菜', category: '0101' }, quantity: { value: '10', unit: 'KGM' }, method: 'harvest', origin: { region: '闽侯', field: 'F1' } } });
const jsonl = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const EVENTS = Array.from({ length: 10 }, (_, i) => harvest(i + 1));

/** A new farm log holding the first `written` events, as an append killed part-way leaves it. */
function cutShort(written: number): string {
  const dir = tempDir('suyuan-resume-');
  for (const args of [['keygen', 'farm'], ['init', 'farm-log', '--key', 'farm.key', '--enterprise', '91350100M000100Y43']]) expect(run(dir, args).code).toBe(0);
  if (written > 0) expect(run(dir, ['append', 'farm-log', '--key', 'farm.key', '-'], jsonl(EVENTS.slice(0, written))).code).toBe(0);
  return dir;
}

const append = (dir: string, events: object[], ...flags: string[]) => run(dir, ['append', 'farm-log', '--key', 'farm.key', '-', '--json', ...flags], jsonl(events));

describe('append --resume continues an append cut short (issue 9)', () => {
  it('without --resume the rerun is still refused as duplicates, and nothing is written', () => {
    const dir = cutShort(4);
    const r = append(dir, EVENTS);
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('CLI_DUPLICATE_EVENT');
    expect((JSON.parse(r.out) as { error: { duplicates: unknown[] } }).error.duplicates).toHaveLength(4);
  });

  it('--resume skips the events already at the end of the log and appends exactly the rest, in order', () => {
    const dir = cutShort(4);
    const r = append(dir, EVENTS, '--resume');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { skipped: number; appended: { seq: number }[] };
    expect(j.skipped).toBe(4);
    expect(j.appended.map((a) => a.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    // every event of the file is now in the log exactly once, as records 1..10 in the file's order
    const again = append(dir, EVENTS);
    expect(errorCode(again)).toBe('CLI_DUPLICATE_EVENT');
    expect((JSON.parse(again.out) as { error: { duplicates: { line: number; seq: number }[] } }).error.duplicates.map((d) => [d.line, d.seq])).toEqual(EVENTS.map((_, i) => [i + 1, i + 1]));
    // resuming a finished append writes nothing
    const done = JSON.parse(append(dir, EVENTS, '--resume').out) as { skipped: number; appended: unknown[] };
    expect(done).toMatchObject({ skipped: 10, appended: [] });
    const text = run(dir, ['append', 'farm-log', '--key', 'farm.key', '-', '--resume'], jsonl(EVENTS));
    expect(text.out).toMatch(/skipped 10 events/);
  });

  it('--resume on a log holding none of the events appends them all', () => {
    const dir = cutShort(0);
    const j = JSON.parse(append(dir, EVENTS, '--resume').out) as { skipped: number; appended: unknown[] };
    expect(j.skipped).toBe(0);
    expect(j.appended).toHaveLength(10);
  });

  it('refuses an input that does not line up with the log\'s tail, writing nothing', () => {
    const dir = cutShort(4);
    // a new event first, then recorded ones: skipping them would not be resuming
    const shifted = [harvest(99), ...EVENTS];
    const r = append(dir, shifted, '--resume');
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('CLI_RESUME_MISMATCH');
    // recorded events, but not the log's last ones
    const r2 = append(dir, [EVENTS[1]!, EVENTS[2]!, harvest(50)], '--resume');
    expect(errorCode(r2)).toBe('CLI_RESUME_MISMATCH');
    // nothing was written by either: the plain resume still skips exactly 4
    expect((JSON.parse(append(dir, EVENTS, '--resume').out) as { skipped: number }).skipped).toBe(4);
  });
});
