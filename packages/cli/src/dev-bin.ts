import { handleClosedPipes } from './io.js';
import { main } from './main.js';
import { endWorker, isHubWorker, workerIo } from './serve-workers.js';

// `pnpm suyuan …` runs from the repository root; paths the user typed are relative to where
// they stand, which pnpm passes as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
handleClosedPipes();
// A worker of `suyuan serve --workers N` says what it has to say through its primary.
if (isHubWorker()) await endWorker(await main(process.argv.slice(2), workerIo));
else process.exitCode = await main(process.argv.slice(2));
