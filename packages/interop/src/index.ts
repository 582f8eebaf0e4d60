export { INTEROP_CODES, InteropError, isInteropError, type InteropCode, type InteropLocation } from './errors.js';
export { aiSpec, aiAtStart, gs1CheckDigit, type AiSpec, type Part } from './digital-link/ai-table.js';
export {
  parseDigitalLink, formatDigitalLink, productLink, CANONICAL_STEM,
  type DigitalLink, type DigitalLinkOptions, type AiValue,
} from './digital-link/uri.js';
export { canonicalIdentifier } from './digital-link/canonical.js';
