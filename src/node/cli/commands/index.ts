/**
 * The commands that run on the core: imported together when one of them runs (program.ts), so the
 * CLI bundle loads them as one chunk rather than one per command and per piece they share (each file
 * loaded costs a `cloudtop status` start about 0.3 ms). serve, top and sim, which bring the server, ink
 * and the simulators, keep their own.
 */
export { statusCommand } from './status';
export { providersCommand } from './providers';
export { resourcesCommand } from './resources';
export { historyCommand } from './history';
export { watchCommand } from './watch';
export { notifyListCommand, notifyTestCommand } from './notify';
export { authDelete, authImport, authList, authSet } from './auth';
export { offersCommand } from './offers';
