import type { LogStore } from '@suyuan/store';
import { eventKey, recordEventKey, type NumberedEvent } from './events.js';

/**
 * How many of the input's leading events are already the log's last records, in the same
 * order with the same kind, body and refs: what an append cut short (a crash, a kill) left.
 * The longest such run counts; 0 when the log does not end with the input's first event.
 */
export async function resumePoint(store: LogStore, events: readonly NumberedEvent[]): Promise<number> {
  const tail = Math.min(events.length, store.size - 1); // never the genesis
  if (tail <= 0) return 0;
  const stored = (await store.readRange(store.size - tail, store.size)).map(recordEventKey);
  const wanted = events.slice(0, tail).map((e) => eventKey(e.event));
  for (let p = 0; p < tail; p++) {
    if (stored[p] !== wanted[0]) continue;
    let i = 1;
    while (p + i < tail && stored[p + i] === wanted[i]) i++;
    if (p + i === tail) return tail - p;
  }
  return 0;
}
