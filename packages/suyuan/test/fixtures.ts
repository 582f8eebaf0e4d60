/** Shared test data (no test-runner imports: child processes load it too). */
export const FARM = '91350100M000100Y43';
export const WHOLESALER = '91350100MA2XN8KX46';
export const MARKET = '92350102MA2MKT0013';
export const GTIN = '6901234567892';
export const SSCC = '369012345000000012';
export const T = '2025-11-26T08:30:00+08:00';
export const HUB = 'trace.example.cn';

/** A lot line of `value` kg of greens (category code, no GTIN) or of a GTIN product. */
export const line = (lot: string, value: string, gtin?: string) => ({
  lot, product: gtin === undefined ? { description: '青菜', category: '0101' } : { description: '青菜 500g', gtin }, quantity: { value, unit: 'KGM' },
});
