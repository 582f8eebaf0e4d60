import { InteropError } from '../errors.js';
import { eventHashId, type EventHashOptions } from '../hash/event-hash.js';
import { prehash } from '../hash/prehash.js';
import type { Json } from '../hash/values.js';
import { readEpcisDocument, type TextSource } from './document-reader.js';

export interface HashedEvent {
  index: number;
  hashId: string;
  prehash: string;
}

const isObject = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The CBV 2.0 Event Hash ID of every event in an EPCIS 2.0 JSON-LD document, in document
 * order, read incrementally (what `suyuan epcis hash FILE` prints, one per line).
 */
export async function* hashEpcisDocument(source: TextSource, opts: EventHashOptions = {}): AsyncGenerator<HashedEvent> {
  for await (const { index, event, prefixes } of readEpcisDocument(source)) {
    if (!isObject(event) || typeof event.type !== 'string') throw new InteropError('EPCIS_EVENT_SHAPE', 'an event is a JSON object with a type', { index });
    const text = prehash(event, prefixes, opts);
    yield { index, prehash: text, hashId: eventHashId(event, prefixes, opts) };
  }
}
