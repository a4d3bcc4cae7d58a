/** `cloudtop` entry point: real process streams, real adapters. */
import { processIO } from './io';
import { runCli, type RunCliDeps } from './program';
import { VERSION } from '../version';

// The core and its adapters load when a command opens them: `--version` and `--help` never do.
const openCore: RunCliDeps['openCore'] = async (o, ctx) => (await import('../bootstrap')).openCliCore(o, ctx);

const io = processIO();
// After Ctrl+C or SIGTERM the command ends at once; closing the core may still wait on a provider
// that does not answer, so the process goes within a second whatever is left. A second Ctrl+C has no
// listener any more and ends it immediately (Node's default).
void io.interrupted.then(() => {
  setTimeout(() => process.exit(process.exitCode ?? (io.stopSignal?.() === 'SIGINT' ? 130 : 0)), 800).unref();
});
const code = await runCli(process.argv.slice(2), { io, version: VERSION, openCore });
process.exitCode = code;
// Nothing else should be pending, but a stuck socket must never keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
