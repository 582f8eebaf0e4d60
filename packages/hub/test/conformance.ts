import { describe } from 'vitest';
import { useHub, type Backend } from './conformance-context.js';
import { opsConformance } from './conformance-ops.js';
import { pushConformance } from './conformance-push.js';
import { readConformance } from './conformance-reads.js';
import { tileConformance } from './conformance-tiles.js';

export { codeOf, expectCode, plain, type Backend } from './conformance-context.js';

/** One HTTP conformance suite, run against every backend. */
export function conformance(name: string, backend: () => Backend): void {
  describe(`hub conformance: ${name}`, () => {
    const h = useHub(backend);
    pushConformance(h);
    readConformance(h);
    opsConformance(h);
    tileConformance(h);
  });
}
