import { SuyuanError, decodeSequenceItem, toHex } from '@suyuan/core';
import { BundleReadError, type BundleFinding } from './findings.js';
import { BUNDLE_TAG, ItemError, parseEnd, parseHeader, parseSectionHeader, peekTag, readTagged, type BundleHeader } from './format.js';
import { Interner } from './interner.js';
import { ItemCursor } from './items.js';
import { declaresAuthority } from './policy-check.js';
import type { SectionRef } from './section.js';
import type { ByteSource } from './source.js';

export interface ScannedSection {
  ref: SectionRef;
  /** The author key and the display name the genesis gives, if it can be read (the full check comes later). */
  author?: string;
  genesisName?: string;
  /** The genesis declares the log an authority's (`meta.role = "authority"`, FORMAT.md §12). */
  declaresAuthority?: true;
}

/**
 * Reads the bundle's skeleton: header, each section's header (skipping its body), the end
 * item. Throws BundleReadError if the input does not start with a bundle header: it is then
 * not a Suyuan bundle, and gets no verdict.
 */
export function scanBundle(source: ByteSource, report: (f: BundleFinding) => void): { header?: BundleHeader; sections: ScannedSection[] } {
  const sections: ScannedSection[] = [];
  const seen = new Set<string>();
  const authors = new Interner();
  const bundle = (code: BundleFinding['code'], message: string, offset: number) => report({ code, severity: 'error', layer: 'bundle', message, offset });
  // One buffer for every item read: a bundle of many small sections must not allocate 64 KiB per section.
  const scratch = new Uint8Array(64 * 1024 + 16);
  const item = (pos: number) => source.readInto(scratch, pos, scratch.length);
  let header: BundleHeader | undefined;
  let pos = 0;
  const first = item(0);
  if (peekTag(first, 0, first.length) !== BUNDLE_TAG) throw new BundleReadError('BUNDLE_NOT_A_BUNDLE', 'not a Suyuan bundle: it does not start with a bundle header');
  try {
    const h = readTagged(first, 0, BUNDLE_TAG, 2);
    const parsed = parseHeader(h.fields, 0);
    header = parsed.header;
    if (parsed.problem !== undefined) bundle('BUNDLE_HEADER', parsed.problem, 0);
    pos = h.end;
    let records = 0;
    for (;;) {
      if (pos >= source.size) {
        bundle('BUNDLE_TRUNCATED', 'the bundle ends without its end item: it was cut short', pos);
        break;
      }
      const buf = item(pos).subarray(0, source.size - pos);
      const tag = peekTag(buf, 0, buf.length);
      if (tag === 'end') {
        const e = readTagged(buf, 0, 'end', 2);
        const counts = parseEnd(e.fields, 0);
        if (counts.sections !== sections.length || counts.records !== records) bundle('BUNDLE_END', `the end item counts ${counts.sections} logs and ${counts.records} records, the bundle holds ${sections.length} and ${records}`, pos);
        if (pos + e.end < source.size) bundle('BUNDLE_TRAILING', `${source.size - pos - e.end} bytes after the end item`, pos + e.end);
        break;
      }
      if (tag !== 'log') {
        if (isCut(buf, source.size - pos)) {
          bundle('BUNDLE_TRUNCATED', 'the bundle ends in the middle of an item: it was cut short', pos);
          break;
        }
        bundle('BUNDLE_ITEM', `expected a log section or the end item, found ${tag === 'record' ? 'a record' : `"${tag}"`}`, pos);
        break;
      }
      const s = readTagged(buf, 0, 'log', 4);
      const sh = parseSectionHeader(s.fields, 0);
      const ref: SectionRef = { index: sections.length, offset: pos, bodyStart: pos + s.end, header: sh };
      const id = toHex(sh.logId);
      if (ref.bodyStart + sh.bytes > source.size) {
        bundle('BUNDLE_TRUNCATED', `log ${id.slice(0, 12)}… claims ${sh.bytes} bytes, more than the bundle has left`, pos);
        break;
      }
      if (seen.has(id)) bundle('BUNDLE_DUPLICATE_LOG', `log ${id.slice(0, 12)}… appears twice (bundles spliced together?); the second is ignored`, pos);
      else {
        seen.add(id);
        // A section that lies within the item just read is read from it: a bundle of many small logs reads each once here.
        const { author, genesisName, declaresAuthority: declared } = authorOf(s.end + sh.bytes <= buf.length ? within(buf, pos) : source, ref);
        sections.push({ ref, ...(author !== undefined ? { author: authors.of(author) } : {}), ...(genesisName !== undefined ? { genesisName } : {}), ...(declared ? { declaresAuthority: declared } : {}) });
        records += sh.records;
      }
      pos = ref.bodyStart + sh.bytes;
    }
  } catch (e) {
    if (!(e instanceof ItemError)) throw e;
    bundle(e.code, e.message, pos + e.offset); // item errors are relative to the item read at pos
  }
  return { ...(header ? { header } : {}), sections };
}

/**
 * The author key and display name a section's genesis gives, if it can be read. Not checked
 * here (the full check, with the key's acceptability, comes with the section's verification).
 */
function authorOf(source: ByteSource, ref: SectionRef): { author?: string; genesisName?: string; declaresAuthority?: true } {
  try {
    const cur = new ItemCursor(source, ref.bodyStart, ref.bodyStart + ref.header.bytes);
    cur.skipHeads();
    const body = cur.record(true).rec.body;
    const author = body?.author;
    const meta = body?.meta as Record<string, unknown> | undefined;
    if (!(author instanceof Uint8Array) || (author.length !== 32 && author.length !== 65)) return {};
    return { author: toHex(author), ...(typeof meta?.name === 'string' ? { genesisName: meta.name } : {}), ...(declaresAuthority(meta) ? { declaresAuthority: true as const } : {}) };
  } catch (e) {
    if (e instanceof SuyuanError || e instanceof ItemError) return {};
    throw e;
  }
}

/** `bytes`, which hold the source's bytes from `at` on, as a source of absolute offsets. */
function within(bytes: Uint8Array, at: number): ByteSource {
  const read = (p: number, n: number) => bytes.subarray(p - at, Math.min(p - at + n, bytes.length));
  return { size: at + bytes.length, read, readInto: (_into, p, n) => read(p, n), close: () => undefined };
}

/** True if the item at the start of `buf` (of which `left` bytes remain in the bundle) is cut off by the end. */
function isCut(buf: Uint8Array, left: number): boolean {
  try {
    decodeSequenceItem(buf.subarray(0, Math.min(buf.length, left)), 0, { maxItemBytes: 64 * 1024, maxDepth: 8 });
    return false;
  } catch (e) {
    return e instanceof SuyuanError && e.code === 'CBOR_TRUNCATED';
  }
}
