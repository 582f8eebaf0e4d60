#!/usr/bin/env node
import { handleClosedPipes } from './io.js';
import { main } from './main.js';
import { endWorker, isHubWorker, workerIo } from './serve-workers.js';

handleClosedPipes();
// A worker of `suyuan serve --workers N` says what it has to say through its primary.
if (isHubWorker()) await endWorker(await main(process.argv.slice(2), workerIo));
else process.exitCode = await main(process.argv.slice(2));
