import { RawNumber, type Json } from '../hash/values.js';

/** JSON text of a value whose numbers may be RawNumbers (written digit for digit). */
export function writeJson(v: Json | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof RawNumber) return v.text;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  let out = '{';
  let first = true;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${writeJson(x)}`;
    first = false;
  }
  return `${out}}`;
}
