// `node --import ./test/helpers/module-load-hook.mjs …`: appends the URL of every module the process
// loads (ES modules, CommonJS, built-ins) to the file named by CLOUDTOP_MODULE_LOG, one per line, at
// exit. Used by test/process/cli-start-path.test.ts and `npm run bench -- cli` to see what a command loads.
import fs from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.CLOUDTOP_MODULE_LOG;
if (log) {
  const loaded = [];
  registerHooks({
    load(url, context, nextLoad) {
      loaded.push(url);
      return nextLoad(url, context);
    },
  });
  process.on('exit', () => fs.writeFileSync(log, `${loaded.join('\n')}\n`));
}
