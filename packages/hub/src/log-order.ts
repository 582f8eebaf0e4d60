import { toHex, type LogRecord } from '@suyuan/core';

/**
 * Logs ordered upstream first (a shipper before its receivers, by the logs their records
 * reference; cycles keep their given order). @suyuan/food's LotGraph on main links a receipt to
 * its shipment only when the shipper's log came first; this order holds for every chain
 * without cycles, and stays harmless once the builder is order-independent.
 */
export function upstreamFirst<T extends { logId: Uint8Array; decoded: readonly LogRecord[] }>(logs: readonly T[]): T[] {
  const ids = logs.map((l) => toHex(l.logId));
  const index = new Map(ids.map((id, i) => [id, i]));
  const upstream = logs.map((l, i) => {
    const s = new Set<number>();
    for (const r of l.decoded) for (const ref of r.refs) {
      const j = index.get(toHex(ref.logId));
      if (j !== undefined && j !== i) s.add(j);
    }
    return s;
  });
  const out: T[] = [];
  const state = new Uint8Array(logs.length); // 0 new, 1 visiting, 2 done
  const visit = (i: number) => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const j of upstream[i]!) visit(j);
    state[i] = 2;
    out.push(logs[i]!);
  };
  logs.forEach((_, i) => visit(i));
  return out;
}
