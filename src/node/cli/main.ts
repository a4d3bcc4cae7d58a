/** `cloudtop` entry point: real process streams, real adapters. */
import { processIO } from './io';
import { runCli } from './program';
import { openCliCore } from '../bootstrap';
import { VERSION } from '../version';

const io = processIO();
const code = await runCli(process.argv.slice(2), { io, version: VERSION, openCore: (o, ctx) => openCliCore(o, ctx) });
process.exitCode = code;
// Nothing else should be pending, but a stuck socket must never keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
