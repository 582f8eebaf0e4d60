import { InteropError } from '../errors.js';
import { prefixesOf } from '../hash/event-hash.js';
import { RawNumber, type Json, type Prefixes } from '../hash/values.js';

/** One event read from an EPCIS document, with the JSON-LD prefixes in force for it. */
export interface DocumentEvent {
  /** Position in the document's event list, from 0. */
  index: number;
  /** Normally an object; anything else is reported by the importer as EPCIS_EVENT_SHAPE. */
  event: Json;
  prefixes: Prefixes;
  /** The document's top-level members read so far (type, schemaVersion, @context …). */
  header: Readonly<Record<string, Json>>;
}

export type TextSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Numbers are carried as strings starting with this escape until the value is parsed. */
const NUMBER_MARK = '\\u0001';
const MARK_CHAR = '\u0001';
/** The longest event (or other top-level value) read: 16 M characters. */
export const MAX_VALUE_CHARS = 16 * 1024 * 1024;
/** What ends a run of ordinary string characters. */
const SPECIAL = /["\\\u0000-\u001f]/g;

/** Paths whose values are walked into (objects and arrays) rather than read whole. */
const WALK = new Set(['', 'epcisBody', 'epcisBody/queryResults', 'epcisBody/queryResults/resultsBody']);
const EVENT_LISTS = new Set(['epcisBody/eventList', 'epcisBody/queryResults/resultsBody/eventList']);

type Frame = { kind: 'obj'; path: string; state: 'key' | 'colon' | 'value' | 'comma'; key: string } | { kind: 'arr'; path: string; state: 'value' | 'comma'; index: number };

/**
 * Reads an EPCIS 2.0 JSON-LD document piece by piece and hands out its events one at a time,
 * so a document of any size is read in memory proportional to one event. Everything outside
 * the event lists is kept in `header`. Numbers keep their exact text (RawNumber). Anything
 * that is not well-formed JSON, or not an EPCIS document, is an InteropError with the
 * character offset: `EPCIS_JSON` or `EPCIS_DOCUMENT`.
 */
export class DocumentSplitter {
  private stack: Frame[] = [];
  private started = false;
  private done = false;
  private offset = 0;
  // capture of one value
  private capturing = false;
  private cap: string[] = [];
  private capDepth = 0;
  private inString = false;
  private escape = false;
  private stringHead = '';
  private inBare = false; // a number or literal not yet ended
  private capTarget: { path: string; asKey: boolean; index: number } = { path: '', asKey: false, index: -1 };
  private pendingEvents: { index: number; event: Json }[] = [];
  readonly header: Record<string, Json> = {};
  private prefixes: Prefixes | undefined;
  private eventCount = 0;

  private capChars = 0;

  /** `maxValueChars` bounds one event (or any other top-level value): bad input must not exhaust memory. */
  constructor(private readonly emit: (e: DocumentEvent) => void, private readonly maxValueChars = MAX_VALUE_CHARS) {}

  private grow(n: number): void {
    this.capChars += n;
    if (this.capChars > this.maxValueChars) this.fail('EPCIS_JSON', `a value longer than ${this.maxValueChars} characters`);
  }

  private fail(code: 'EPCIS_JSON' | 'EPCIS_DOCUMENT', why: string): never {
    throw new InteropError(code, why, { offset: this.offset });
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++, this.offset++) {
      // inside a string: copy up to the next quote, backslash or control character at once
      if (this.capturing && this.inString && !this.escape && this.stringHead.length >= 6) {
        SPECIAL.lastIndex = i;
        const m = SPECIAL.exec(text);
        const j = m === null ? text.length : m.index;
        if (j > i) {
          this.grow(j - i);
          this.cap.push(text.slice(i, j));
          this.offset += j - i;
          i = j;
          if (i === text.length) break;
        }
      }
      const c = text[i]!;
      if (this.capturing) {
        if (this.captureChar(c)) continue; // consumed
      }
      this.glueChar(c);
    }
  }

  end(): void {
    if (this.capturing && this.inBare && this.capDepth === 0) this.finishBare();
    if (!this.done) this.fail(this.started ? 'EPCIS_JSON' : 'EPCIS_DOCUMENT', this.started ? 'the document ends too early' : 'empty input');
    if (this.prefixes === undefined) this.flushPending(prefixesOf(this.header['@context']));
    if (this.header.epcisBody === undefined && this.eventCount === 0) this.fail('EPCIS_DOCUMENT', 'no epcisBody');
  }

  // ---- structure between the values we read whole ----
  private glueChar(c: string): void {
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || (c === '\uFEFF' && this.offset === 0)) return;
    if (this.done) this.fail('EPCIS_JSON', `unexpected ${JSON.stringify(c)} after the document`);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      if (c !== '{') this.fail('EPCIS_DOCUMENT', 'an EPCIS document is a JSON object');
      this.started = true;
      this.stack.push({ kind: 'obj', path: '', state: 'key', key: '' });
      return;
    }
    if (top.kind === 'obj') {
      switch (top.state) {
        case 'key':
          if (c === '}') return this.close('obj');
          if (c !== '"') this.fail('EPCIS_JSON', 'expected a key');
          return this.startCapture(c, { path: top.path, asKey: true, index: -1 });
        case 'colon':
          if (c !== ':') this.fail('EPCIS_JSON', 'expected ":"');
          top.state = 'value';
          return;
        case 'value':
          return this.startValue(c, top.path === '' ? top.key : `${top.path}/${top.key}`, -1);
        case 'comma':
          if (c === '}') return this.close('obj');
          if (c !== ',') this.fail('EPCIS_JSON', 'expected "," or "}"');
          top.state = 'key';
          return;
      }
    }
    if (top.state === 'value') {
      if (c === ']' && top.index === 0) return this.close('arr');
      return this.startValue(c, top.path, top.index);
    }
    if (c === ']') return this.close('arr');
    if (c !== ',') this.fail('EPCIS_JSON', 'expected "," or "]"');
    top.state = 'value';
  }

  private startValue(c: string, path: string, index: number): void {
    if (WALK.has(path) && c === '{') {
      this.stack.push({ kind: 'obj', path, state: 'key', key: '' });
      return;
    }
    if (EVENT_LISTS.has(path) && c === '[') {
      this.stack.push({ kind: 'arr', path, state: 'value', index: 0 });
      return;
    }
    this.startCapture(c, { path, asKey: false, index });
  }

  private close(kind: 'obj' | 'arr'): void {
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.done = true;
      return;
    }
    this.afterValue(parent);
    void kind;
  }

  private afterValue(parent: Frame): void {
    if (parent.kind === 'obj') parent.state = 'comma';
    else {
      parent.state = 'comma';
      parent.index++;
    }
  }

  // ---- one value read whole ----
  private startCapture(c: string, target: { path: string; asKey: boolean; index: number }): void {
    this.capturing = true;
    this.cap = [];
    this.capDepth = 0;
    this.capChars = 0;
    this.inString = false;
    this.escape = false;
    this.inBare = false;
    this.capTarget = target;
    this.captureChar(c);
  }

  /** Returns false when `c` ended a bare value and still has to be read as structure. */
  private captureChar(c: string): boolean {
    this.grow(1);
    if (this.inString) {
      if (this.stringHead.length < 6) {
        this.stringHead += c;
        if (this.stringHead.toLowerCase() === NUMBER_MARK) this.fail('EPCIS_JSON', 'a string may not start with U+0001');
      }
      this.cap.push(c);
      if (this.escape) this.escape = false;
      else if (c === '\\') this.escape = true;
      else if (c === '"') {
        this.inString = false;
        if (this.capDepth === 0) this.finish();
      } else if (c < ' ') this.fail('EPCIS_JSON', 'a control character in a string');
      return true;
    }
    if (this.inBare) {
      if (/[0-9a-zA-Z+\-.]/.test(c)) {
        this.cap.push(c);
        return true;
      }
      this.endBare();
      if (this.capDepth === 0) {
        this.finishBare();
        return false;
      }
    }
    switch (c) {
      case '"':
        this.inString = true;
        this.stringHead = '';
        this.cap.push(c);
        return true;
      case '{': case '[':
        this.capDepth++;
        this.cap.push(c);
        return true;
      case '}': case ']':
        if (this.capDepth === 0) this.fail('EPCIS_JSON', `unexpected ${JSON.stringify(c)}`);
        this.capDepth--;
        this.cap.push(c);
        if (this.capDepth === 0) this.finish();
        return true;
      default:
        if (c === '-' || (c >= '0' && c <= '9')) {
          this.inBare = true;
          this.cap.push(`"${NUMBER_MARK}`, c);
          this.bareIsNumber = true;
          return true;
        }
        if (c >= 'a' && c <= 'z') {
          this.inBare = true;
          this.bareIsNumber = false;
          this.cap.push(c);
          return true;
        }
        this.cap.push(c);
        return true;
    }
  }

  private bareIsNumber = false;

  private endBare(): void {
    this.inBare = false;
    if (this.bareIsNumber) this.cap.push('"');
  }

  private finishBare(): void {
    if (this.inBare) this.endBare();
    this.finish();
  }

  private finish(): void {
    this.capturing = false;
    let value: Json;
    try {
      value = revive(JSON.parse(this.cap.join('')) as Json);
    } catch (e) {
      if (e instanceof InteropError) throw e;
      this.fail('EPCIS_JSON', `not valid JSON: ${(e as Error).message}`);
    }
    const { path, asKey, index } = this.capTarget;
    const top = this.stack[this.stack.length - 1]!;
    if (asKey) {
      if (top.kind !== 'obj') this.fail('EPCIS_JSON', 'a key outside an object');
      top.key = value as string;
      top.state = 'colon';
      return;
    }
    this.afterValue(top);
    if (EVENT_LISTS.has(path) || path === 'epcisBody/event') return this.deliverEvent(value, index < 0 ? 0 : index);
    if (path.includes('/')) return; // other members of the body (e.g. vocabulary lists) are not needed
    if (EVENT_LISTS.has(path.split('/').slice(0, -1).join('/'))) return;
    this.header[path] = value;
    if (path === '@context') this.flushPending(prefixesOf(value));
    if (path === 'epcisBody') this.fail('EPCIS_DOCUMENT', 'epcisBody must be an object');
  }

  private deliverEvent(value: Json, index: number): void {
    this.eventCount++;
    if (this.prefixes === undefined) this.pendingEvents.push({ index, event: value });
    else this.emit({ index, event: value, prefixes: this.prefixes, header: this.header });
  }

  private flushPending(prefixes: Prefixes): void {
    this.prefixes = prefixes;
    for (const p of this.pendingEvents) this.emit({ ...p, prefixes, header: this.header });
    this.pendingEvents = [];
  }
}

function revive(v: Json): Json {
  if (typeof v === 'string') return v.startsWith(MARK_CHAR) ? new RawNumber(v.slice(1)) : v;
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object' && !(v instanceof RawNumber)) {
    const out: { [key: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = revive(x);
    return out;
  }
  return v;
}

/** Text chunks of any source (string, bytes, a stream of either), decoded as UTF-8. */
export async function* textChunks(source: TextSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk: string | Uint8Array, stream: boolean): string => {
    try {
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream });
    } catch {
      throw new InteropError('EPCIS_JSON', 'the document is not UTF-8');
    }
  };
  if (source instanceof Uint8Array) {
    yield decode(source, false);
    return;
  }
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) yield decode(chunk, true);
  const tail = decode(new Uint8Array(0), false);
  if (tail !== '') yield tail;
}

/** Every event of an EPCIS document, in document order, read incrementally. */
export async function* readEpcisDocument(source: TextSource, opts: { maxEventChars?: number } = {}): AsyncGenerator<DocumentEvent> {
  const ready: DocumentEvent[] = [];
  const splitter = new DocumentSplitter((e) => ready.push(e), opts.maxEventChars);
  for await (const text of textChunks(source)) {
    splitter.feed(text);
    yield* ready.splice(0);
  }
  splitter.end();
  yield* ready.splice(0);
}
