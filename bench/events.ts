/** The ~200-byte sale event every benchmark appends. */
export function benchEvent(i: number) {
  return {
    kind: 'food.sale',
    body: {
      lot: `QK-20251126-${String(i % 1000).padStart(4, '0')}`,
      product: '青菜 (Brassica chinensis)',
      quantity: `${(i % 97) + 1}.250`,
      unit: 'KGM',
      location: '91350100MA2XN8KX46#stall-17',
      traceCode: `SY${i.toString(36).toUpperCase().padStart(8, '0')}`,
    },
    time: 1_764_115_200_000 + i,
  };
}
