/**
 * Event times are ISO 8601 with seconds and an explicit UTC offset ("2025-11-26T08:30:00+08:00"
 * or "…Z"): EPCIS needs both the instant and the offset, and a time without an offset is
 * ambiguous across China's single zone and the rest of a supply chain.
 */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits at s[i..i+n) as a number, or -1 if any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The instant of an event time in ms since the epoch, or NaN if it is not one:
 * `YYYY-MM-DDThh:mm:ss[.f{1,3}](Z|±hh:mm)`, a real calendar date, hours 00–23, minutes and
 * seconds 00–59, an offset of at most ±14:59. Read character by character (no regex, no
 * allocation): a graph parses a million of them.
 */
export function parseEventTime(s: string): number {
  if (s === lastText) return lastMs; // validation and then the graph read each record's time: parse once
  const ms = parse(s);
  lastText = s;
  lastMs = ms;
  return ms;
}

let lastText: unknown;
let lastMs = Number.NaN;

function parse(s: string): number {
  if (typeof s !== 'string' || s.length < 20 || s.length > 29) return Number.NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return Number.NaN;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return Number.NaN;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS[mo - 1]! + (leap ? 1 : 0)) return Number.NaN;
  let i = 19;
  let ms = 0;
  if (s[i] === '.') {
    let n = 0;
    for (i++; n < 3 && i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, n++) ms = ms * 10 + (s.charCodeAt(i) - 48);
    if (n === 0) return Number.NaN;
    ms *= n === 1 ? 100 : n === 2 ? 10 : 1;
  }
  let offset = 0;
  if (s[i] === 'Z') i++;
  else if (s[i] === '+' || s[i] === '-') {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (s[i + 3] !== ':' || oh < 0 || om < 0 || oh > 14 || om > 59) return Number.NaN;
    offset = (s[i] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    i += 6;
  } else return Number.NaN;
  if (i !== s.length) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, se, ms) - offset;
}

export function isValidEventTime(s: string): boolean {
  return !Number.isNaN(parseEventTime(s));
}

/** Milliseconds since the epoch of a valid event time. */
export function eventTimeMs(s: string): number {
  return parseEventTime(s);
}
