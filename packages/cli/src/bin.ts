#!/usr/bin/env node
import { handleClosedPipes } from './io.js';
import { main } from './main.js';

handleClosedPipes();
process.exitCode = await main(process.argv.slice(2));
