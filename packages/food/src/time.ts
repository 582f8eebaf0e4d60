/**
 * Event times are ISO 8601 with seconds and an explicit UTC offset ("2025-11-26T08:30:00+08:00"
 * or "…Z"): EPCIS needs both the instant and the offset, and a time without an offset is
 * ambiguous across China's single zone and the rest of a supply chain.
 */
const EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|([+-])(\d{2}):(\d{2}))$/;

export function isValidEventTime(s: string): boolean {
  const m = EVENT_TIME.exec(s);
  if (m === null) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59)) return false;
  return true;
}

/** Milliseconds since the epoch of a valid event time. */
export function eventTimeMs(s: string): number {
  return Date.parse(s);
}
