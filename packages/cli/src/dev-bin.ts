import { handleClosedPipes } from './io.js';
import { main } from './main.js';

// `pnpm suyuan …` runs from the repository root; paths the user typed are relative to where
// they stand, which pnpm passes as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
handleClosedPipes();
process.exitCode = await main(process.argv.slice(2));
