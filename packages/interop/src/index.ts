export { INTEROP_CODES, InteropError, isInteropError, type InteropCode, type InteropLocation } from './errors.js';
export { aiSpec, aiAtStart, gs1CheckDigit, type AiSpec, type Part } from './digital-link/ai-table.js';
export {
  parseDigitalLink, formatDigitalLink, productLink, CANONICAL_STEM,
  type DigitalLink, type DigitalLinkOptions, type AiValue,
} from './digital-link/uri.js';
export { canonicalIdentifier } from './digital-link/canonical.js';
export { canonicalNumber, canonicalTime, RawNumber, type Json, type Prefixes } from './hash/values.js';
export { prehash, type PrehashOptions } from './hash/prehash.js';
export { eventHashId, hashIdOf, prefixesOf, type EventHashOptions, type Sha256 } from './hash/event-hash.js';
export { STANDARD_PREFIXES, VOCAB } from './hash/vocabulary.js';
export { readEpcisDocument, DocumentSplitter, type DocumentEvent, type TextSource } from './epcis/document-reader.js';
export { hashEpcisDocument, type HashedEvent } from './epcis/hash-document.js';
export {
  exportEpcis, exportEpcisDocument, toEpcisEvent, recordToEvents,
  type ExportRecord, type ExportOptions, type ExportIssue, type EpcisOrigin,
} from './epcis/export.js';
export { importEpcis, importEpcisDocument, fromEpcisEvent, type ImportedEvent, type ImportReject, type ImportOptions } from './epcis/import.js';
export { EPCIS_SHAPE, kindOf } from './epcis/mapping.js';
export { SUYUAN_NS, SUYUAN_PREFIX, DOCUMENT_CONTEXT, EPCIS_CONTEXT_URL, SUYUAN_BIZ_STEPS } from './epcis/namespace.js';
export { writeJson } from './epcis/json-writer.js';
export { EPCIS_EXPORT_SCHEMA } from './epcis/schema.js';
export { fsma204Rows, FSMA_COLUMNS, type FsmaRow, type FsmaOptions, type Cte } from './fsma/rows.js';
export { fsma204Csv, csvField } from './fsma/csv.js';
