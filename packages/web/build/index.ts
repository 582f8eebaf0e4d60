/** Builds the browser bundles into dist/ (run after tsup by `pnpm build`). */
import { statSync } from 'node:fs';
import { writeWebAssets } from './assets.js';

const paths = await writeWebAssets();
for (const p of Object.values(paths)) console.log(`${p.slice(p.indexOf('dist/'))}  ${statSync(p).size} bytes`);
