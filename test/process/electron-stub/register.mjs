// `node --import tsx --import ./register.mjs out/main/index.js`: every `import … from 'electron'` in the
// built main bundle (and electron-store) resolves to the recording stand-in test/mocks/electron.ts, so
// what the installers ship runs under plain Node (the real package would download its binary).
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
