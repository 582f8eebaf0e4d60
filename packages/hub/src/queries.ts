import type { TraceStart } from '@suyuan/food';

/** `?traceCode=…`, `?logId=…&lot=…` or `?logId=…&seq=…`: exactly one. */
export function traceStart(q: { traceCode?: string; logId?: string; lot?: string; seq?: number }): TraceStart | undefined {
  if (q.traceCode !== undefined) return q.logId === undefined && q.lot === undefined && q.seq === undefined ? { traceCode: q.traceCode } : undefined;
  if (q.logId === undefined) return undefined;
  if (q.lot !== undefined) return q.seq === undefined ? { logId: q.logId, lot: q.lot } : undefined;
  return q.seq !== undefined ? { logId: q.logId, seq: q.seq } : undefined;
}
