/** Writes the published vectors: `pnpm vectors`. Commit the result; tests fail if it drifts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildVectors, serialize } from './build.js';

const files = await buildVectors();
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(import.meta.dirname, name), serialize(content));
  console.log(`wrote tests/vectors/${name}`);
}
