import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventHashId, prefixesOf, RawNumber, type Json } from '../src/index.js';

const prefixes = prefixesOf([{ ex: 'https://ns.example.com/epcis/' }]);
type Obj = { [k: string]: Json };

/** The same JSON with the keys of every object, and the members of every list, in another order. */
function shuffled(v: Json, rnd: () => number): Json {
  if (Array.isArray(v)) return v.map((x) => shuffled(x, rnd)).sort(() => rnd() - 0.5);
  if (v !== null && typeof v === 'object' && !(v instanceof RawNumber)) {
    const entries = Object.entries(v).sort(() => rnd() - 0.5);
    return Object.fromEntries(entries.map(([k, x]) => [k, shuffled(x, rnd)]));
  }
  return v;
}

/** An instant written with another UTC offset and precision. */
function respell(iso: string, offsetMinutes: number, fraction: 'none' | 'ms' | 'us'): string {
  const ms = Date.parse(iso) + offsetMinutes * 60_000;
  const base = new Date(ms).toISOString().slice(0, 19);
  const millis = iso.slice(20, 23);
  const frac = fraction === 'none' ? '' : fraction === 'ms' ? `.${millis}` : `.${millis}000`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${base}${frac}${zone}`;
}

const decimal = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => ({ i, f }));
const spellings = (d: { i: number; f: number }): Json[] => {
  const frac = String(d.f).padStart(3, '0');
  const plain = d.f === 0 ? String(d.i) : `${d.i}.${frac}`.replace(/0+$/, '');
  return [new RawNumber(plain), new RawNumber(`${plain}${plain.includes('.') ? '' : '.'}000`), new RawNumber(`${d.i}${frac}e-3`), `0${plain}`, ` ${plain} `];
};

const eventArb = fc.record({
  time: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t - (t % 1000) + 123).toISOString()),
  serials: fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 5 }),
  lots: fc.uniqueArray(fc.stringMatching(/^[A-Z0-9]{1,8}$/), { minLength: 1, maxLength: 4 }),
  qty: decimal,
  ext: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 4 }),
});

interface Gen { time: string; serials: number[]; lots: string[]; qty: { i: number; f: number }; ext: Record<string, string> }
function build(e: Gen, qty: Json, time: string): Obj {
  const ev: Obj = {
    type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
    eventTime: time, eventTimeZoneOffset: '+08:00',
    epcList: e.serials.map((s) => `urn:epc:id:sgtin:0614141.107346.${s}`),
    quantityList: e.lots.map((l) => ({ epcClass: `https://id.gs1.org/01/10614141073464/10/${l}`, quantity: qty, uom: 'KGM' })),
    readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234', 'ex:gate': '3' },
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:1' }, { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:2' }],
    sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00000' }, { type: 'location', source: 'urn:epc:id:sgln:0614141.00000.0' }],
  };
  for (const [k, v] of Object.entries(e.ext)) ev[`ex:${k}`] = v;
  return ev;
}

describe('Event Hash ID properties', () => {
  it('re-ordering keys at every level and the members of every list never changes the hash', () => {
    fc.assert(fc.property(eventArb, fc.integer(), (e, seed) => {
      let s = seed;
      const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const ev = build(e, new RawNumber('12.5'), e.time);
      expect(eventHashId(shuffled(ev, rnd) as Obj, prefixes)).toBe(eventHashId(ev, prefixes));
    }));
  });

  it('the same instant in any UTC offset and precision never changes the hash', () => {
    fc.assert(fc.property(eventArb, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom('none', 'ms', 'us') as fc.Arbitrary<'none' | 'ms' | 'us'>, (e, offset, fraction) => {
      const ev = build(e, new RawNumber('1'), e.time);
      const frac = fraction === 'none' ? 'ms' : fraction; // dropping the fraction changes the instant unless it is zero
      const other = build(e, new RawNumber('1'), respell(e.time, offset, frac));
      expect(eventHashId(other, prefixes)).toBe(eventHashId(ev, prefixes));
      const whole = e.time.slice(0, 20) + '000Z';
      expect(eventHashId(build(e, new RawNumber('1'), respell(whole, offset, 'none')), prefixes)).toBe(eventHashId(build(e, new RawNumber('1'), whole), prefixes));
    }));
  });

  it('spelling a number differently (trailing zeros, exponent, leading zeros, string, spaces) never changes the hash', () => {
    fc.assert(fc.property(eventArb, (e) => {
      const [first, ...rest] = spellings(e.qty);
      const want = eventHashId(build(e, first!, e.time), prefixes);
      for (const q of rest) expect(eventHashId(build(e, q, e.time), prefixes)).toBe(want);
    }));
  });

  it('a changed value, an added field or a removed field changes the hash', () => {
    fc.assert(fc.property(eventArb, (e) => {
      const ev = build(e, new RawNumber('2'), e.time);
      const h = eventHashId(ev, prefixes);
      expect(eventHashId({ ...ev, disposition: 'in_progress' }, prefixes)).not.toBe(h);
      expect(eventHashId({ ...ev, 'ex:added': 'x' }, prefixes)).not.toBe(h);
      const { readPoint: _drop, ...without } = ev;
      expect(eventHashId(without, prefixes)).not.toBe(h);
      expect(eventHashId(build(e, new RawNumber('2.001'), e.time), prefixes)).not.toBe(h);
    }));
  });

  it('ignores what is not the event: eventID, recordTime, errorDeclaration, comments', () => {
    fc.assert(fc.property(eventArb, (e) => {
      const ev = build(e, new RawNumber('3'), e.time);
      const dressed = { ...ev, eventID: 'urn:uuid:1', recordTime: '2030-01-01T00:00:00Z', errorDeclaration: { declarationTime: '2030-01-01T00:00:00Z' }, 'rdfs:comment': 'hello' };
      expect(eventHashId(dressed, prefixes)).toBe(eventHashId(ev, prefixes));
    }));
  });
});
