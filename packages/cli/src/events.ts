import { TextDecoder } from 'node:util';
import { CborReader, encode, fromHex, type EventInput, type RecordRef } from '@suyuan/core';
import { checkAppend } from '@suyuan/food';
import type { LogStore } from '@suyuan/store';
import { CliError } from './io.js';

/** Encodings a JSON Lines file may come in: ASCII-compatible ones, so lines split on a newline byte. */
const ENCODINGS = ['utf-8', 'gbk', 'gb18030', 'big5'];

const ENCODING_HINT = 'Chinese ERP and spreadsheet exports are often GBK: add --encoding gbk, or convert the file first (iconv -f GBK -t UTF-8)';

/**
 * The file's lines as text. Every line must decode in the given encoding (UTF-8 unless told):
 * a bad byte is refused with its line number, never replaced by U+FFFD and signed for ever.
 */
export function decodeLines(bytes: Uint8Array, encoding = 'utf-8'): string[] {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new CliError('CLI_BAD_VALUE', `--encoding ${encoding}: not an encoding; use one of ${ENCODINGS.join(', ')}`, { option: 'encoding', value: encoding });
  }
  if (!ENCODINGS.includes(decoder.encoding)) throw new CliError('CLI_BAD_VALUE', `--encoding ${encoding}: use one of ${ENCODINGS.join(', ')}`, { option: 'encoding', value: encoding });
  const lines: string[] = [];
  const bad: number[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    try {
      const text = decoder.decode(bytes.subarray(start, end));
      if (text.includes('\uFFFD')) bad.push(lines.length + 1);
      lines.push(text);
    } catch {
      bad.push(lines.length + 1);
      lines.push('');
    }
    start = end + 1;
  }
  if (bad.length > 0) {
    const mangled = decoder.encoding === 'utf-8' ? `is not valid UTF-8 or holds U+FFFD (text already mis-decoded). ${ENCODING_HINT}` : `is not valid ${decoder.encoding} or holds U+FFFD`;
    throw new CliError('CLI_ENCODING', `line ${bad[0]} ${mangled}; nothing was written`, { line: bad[0], lines: bad, encoding: decoder.encoding });
  }
  return lines;
}

export interface NumberedEvent {
  line: number;
  event: EventInput;
}

interface JsonEvent {
  kind?: unknown;
  body?: unknown;
  refs?: unknown;
  time?: unknown;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads JSON Lines into events, reporting every bad line; all lines must be good. */
export function parseEvents(lines: string[]): NumberedEvent[] {
  const events: NumberedEvent[] = [];
  const problems: { line: number; code: string; path?: string; message: string }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const report = (code: string, message: string, path?: string) => { problems.push({ line: i + 1, code, ...(path !== undefined ? { path } : {}), message }); };
    let e: JsonEvent;
    try {
      e = JSON.parse(line) as JsonEvent;
    } catch (err) {
      return report('CLI_NOT_JSON', `not JSON: ${(err as Error).message}`);
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return report('CLI_EVENT_SHAPE', 'an event is {"kind", "body", "refs"?}');
    if (typeof e.kind !== 'string') return report('CLI_EVENT_SHAPE', 'needs a "kind" (suyuan help events lists them)');
    if (e.body === null || typeof e.body !== 'object' || Array.isArray(e.body)) return report('CLI_EVENT_SHAPE', 'needs a "body" object');
    const refs: RecordRef[] = [];
    if (e.refs !== undefined) {
      if (!Array.isArray(e.refs)) return report('CLI_EVENT_SHAPE', '"refs" is a list of { logId, seq, leafHash } (suyuan show prints a record\'s)');
      for (const r of e.refs as { logId?: unknown; seq?: unknown; leafHash?: unknown }[]) {
        if (typeof r?.logId !== 'string' || !HEX64.test(r.logId) || typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 0 || typeof r.leafHash !== 'string' || !HEX64.test(r.leafHash)) {
          return report('CLI_EVENT_SHAPE', 'a ref is { "logId": 64 hex, "seq": number, "leafHash": 64 hex } (suyuan show prints a record\'s)');
        }
        refs.push({ logId: fromHex(r.logId), seq: r.seq, leafHash: fromHex(r.leafHash) });
      }
    }
    // The kind's namespace, the body's schema, a receipt's shipment reference: checked before anything is written.
    const found = checkAppend(e.kind, e.body, refs);
    for (const p of found) report(p.code, p.message, p.path || '(body)');
    if (found.length > 0) return;
    events.push({ line: i + 1, event: { kind: e.kind, body: e.body as Record<string, unknown>, refs, ...(typeof e.time === 'number' ? { time: e.time } : {}) } });
  });
  if (problems.length > 0) {
    const lineCount = new Set(problems.map((p) => p.line)).size;
    throw new CliError('CLI_BAD_EVENTS', `${lineCount} bad line${lineCount === 1 ? '' : 's'}; nothing was written: fix ${lineCount === 1 ? 'it' : 'them'} and run again`, { problems }, problems.map((p) => `line ${p.line}: ${p.code}${p.path ? ` at ${p.path}` : ''}: ${p.message}`));
  }
  return events;
}

/**
 * What makes two events the same: kind, body and refs, as the record encodes them (canonical
 * CBOR, so equal events have equal bytes whatever the key order in the JSON).
 */
export function eventKey(e: EventInput): string {
  const bytes = encode([e.kind, e.body, (e.refs ?? []).map((r) => [r.logId, r.seq, r.leafHash])]);
  return Buffer.from(bytes.buffer, bytes.byteOffset + 1, bytes.length - 1).toString('latin1'); // without the array's head
}

/** Where the same bytes start in a stored record: after its time come kind, body and refs. */
function eventOffset(record: Uint8Array): number {
  const r = new CborReader(record, 0, record.length);
  r.head(); // the record's array
  for (let i = 0; i < 5; i++) r.readItem(1, false); // version, logId, seq, prev, time
  return r.pos;
}

/** A stored record's kind, body and refs in the form of `eventKey`. */
export function recordEventKey(record: Uint8Array): string {
  const at = eventOffset(record);
  return Buffer.from(record.buffer, record.byteOffset + at, record.length - at).toString('latin1');
}

export type Duplicate = { line: number; seq: number } | { line: number; earlierLine: number };

/**
 * Events that are already in the log (same kind, body and refs), or twice in the file. Reads
 * the log once, in pieces; only records of a matching length are compared.
 */
export async function findDuplicates(store: LogStore, events: NumberedEvent[], onProgress?: (done: number, total: number) => void): Promise<Duplicate[]> {
  const duplicates: Duplicate[] = [];
  const wanted = new Map<string, number>();
  const lengths = new Set<number>();
  for (const { line, event } of events) {
    const key = eventKey(event);
    const earlier = wanted.get(key);
    if (earlier !== undefined) duplicates.push({ line, earlierLine: earlier });
    else {
      wanted.set(key, line);
      lengths.add(key.length);
    }
  }
  const inLog: Duplicate[] = [];
  const PIECE = 10_000;
  for (let from = 1; from < store.size; from += PIECE) {
    const to = Math.min(store.size, from + PIECE);
    const records = await store.readRange(from, to);
    records.forEach((record, i) => {
      const at = eventOffset(record);
      if (!lengths.has(record.length - at)) return;
      const key = Buffer.from(record.buffer, record.byteOffset + at, record.length - at).toString('latin1');
      const line = wanted.get(key);
      if (line !== undefined) {
        inLog.push({ line, seq: from + i });
        wanted.delete(key);
      }
    });
    onProgress?.(to, store.size);
  }
  return [...inLog, ...duplicates].sort((a, b) => a.line - b.line);
}
