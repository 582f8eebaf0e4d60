import { describe, expect, it } from 'vitest';
import { aiAtStart, canonicalIdentifier, formatDigitalLink, parseDigitalLink, isInteropError, type AiValue, type DigitalLinkOptions } from '../src/index.js';
import { readVector } from './vectors.js';

interface ParseCase { uri: string; valid: boolean; elementString?: string; options?: Record<string, boolean>; note?: string }
interface GenerateCase { elementString: string; stem: string | null; valid: boolean; uri?: string; options?: Record<string, boolean>; note?: string }
const engine = JSON.parse(readVector('gs1-digital-link', 'gs1-syntax-engine-dl-cases.json')) as { parse: ParseCase[]; generate: GenerateCase[] };
const canonical = JSON.parse(readVector('gs1-digital-link', 'epc-urn-to-canonical-dl.json')) as { cases: { group: string; input: unknown; expected: string | null }[] };

/** An element string ("^" = FNC1) as (AI, value) pairs, split by our AI table. */
function splitElementString(s: string): AiValue[] {
  const out: AiValue[] = [];
  let rest = s;
  while (rest.length > 0) {
    if (rest.startsWith('^')) { rest = rest.slice(1); continue; }
    const spec = aiAtStart(rest);
    if (!spec) throw new Error(`unknown AI at ${rest}`);
    rest = rest.slice(spec.ai.length);
    const len = spec.fixed ? spec.parts.reduce((n, p) => n + p.max, 0) : rest.indexOf('^') < 0 ? rest.length : rest.indexOf('^');
    out.push({ ai: spec.ai, value: rest.slice(0, len) });
    rest = rest.slice(len);
  }
  return out;
}
const sorted = (els: AiValue[]) => els.map((e) => `${e.ai}=${e.value}`).sort();

/** Options we support; a case needing another non-default switch does not apply (we refuse unknown AIs). */
function ourOptions(o: Record<string, boolean> | undefined): DigitalLinkOptions | undefined {
  if (o === undefined) return {};
  if (Object.keys(o).every((k) => k === 'permitConvenienceAlphas' || k === 'permitZeroSuppressedGTIN')) {
    return { permitConvenienceAlphas: o.permitConvenienceAlphas === true, permitZeroSuppressedGtin: o.permitZeroSuppressedGTIN === true };
  }
  return undefined;
}

describe('GS1 Digital Link: the syntax engine parse cases', () => {
  for (const c of engine.parse) {
    const opts = ourOptions(c.options);
    const applies = opts !== undefined || c.valid === false; // with unknown AIs permitted-or-not, refusing is still right when refusal is expected
    it.runIf(applies)(`${c.valid ? 'accepts' : 'refuses'} ${JSON.stringify(c.uri)}${c.options ? ` ${JSON.stringify(c.options)}` : ''}`, () => {
      if (c.valid) {
        const dl = parseDigitalLink(c.uri, opts);
        expect(sorted([dl.key, ...dl.qualifiers, ...dl.attributes])).toEqual(sorted(splitElementString(c.elementString!)));
      } else {
        let err: unknown;
        try { parseDigitalLink(c.uri, opts ?? {}); } catch (e) { err = e; }
        expect(isInteropError(err)).toBe(true);
      }
    });
  }
});

describe('GS1 Digital Link: the syntax engine generation cases', () => {
  for (const c of engine.generate) {
    const applies = c.options === undefined || c.valid === false;
    it.runIf(applies)(`${c.elementString} → ${c.valid ? c.uri : 'refused'}`, () => {
      const els = [...c.elementString.matchAll(/\((\d{2,4})\)([^(]*)/g)].map((m) => ({ ai: m[1]!, value: m[2]! }));
      if (c.valid) expect(formatDigitalLink(els, c.stem ?? undefined)).toBe(c.uri);
      else expect(() => formatDigitalLink(els, c.stem ?? undefined)).toThrow(/^DL_/);
    });
  }
});

describe('constrained canonical Digital Link (for the Event Hash ID)', () => {
  for (const c of canonical.cases) {
    it(`${c.group}: ${JSON.stringify(c.input)} → ${c.expected}`, () => {
      expect(typeof c.input === 'string' ? canonicalIdentifier(c.input) ?? null : null).toBe(c.expected);
    });
  }
});
