/**
 * The layer rule (docs/design.md §2, an allow-list in eslint.layers.js) must fail `npm test` when broken.
 * These tests lint small snippets as if they lived in each layer, with the project's real ESLint config.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'cloudtop/layers').map((m) => m.message);
}

describe('layer rule', () => {
  // The first lint loads the whole typescript-eslint config: slow on a busy machine, done once here.
  beforeAll(() => importErrors('src/shared/x.ts', 'export const warm = 1;\n'), 120_000);

  const cases: [string, string, boolean][] = [
    ['src/core/x.ts', "import { app } from 'electron';", true],
    ['src/core/x.ts', "import { startServer } from '../node/server';", true],
    ['src/core/x.ts', "import { vastaiSim } from '../sim/vastai';", true],
    ['src/core/x.ts', "import { thing } from '../renderer/app';", true],
    ['src/core/x.ts', "import fs from 'node:fs';", false],
    ['src/core/x.ts', "import { z } from 'zod';", false],
    ['src/core/collector/x.ts', "import type { GpuOffer } from '../../shared/model';", false],
    ['src/renderer/x.tsx', "import { createCore } from '../core/create-core';", true],
    ['src/renderer/x.tsx', "import fs from 'node:fs';", true],
    ['src/renderer/x.tsx', "import { ipcRenderer } from 'electron';", true],
    ['src/renderer/x.tsx', "import { OfferFilterSchema } from '../shared/model';", false],
    ['src/shared/x.ts', "import path from 'node:path';", true],
    ['src/shared/x.ts', "import { createCore } from '../core/create-core';", true],
    ['src/node/x.ts', "import { BrowserWindow } from 'electron';", true],
    ['src/node/x.ts', "import { createCore } from '../core/create-core';", false],
    ['src/main/x.ts', "import { startServer } from '../node/server';", true],
    ['src/main/x.ts', "import { app } from 'electron';", false],
    ['src/preload/x.ts', "import { createCore } from '../core/create-core';", true],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';", false],
    ['src/sim/x.ts', "import { app } from 'electron';", true],
    ['test/unit/x.test.ts', "import { app } from 'electron';", true],
    // Cases that slipped through the old deny-list (issue #13): bare built-ins, dynamic imports,
    // packages a layer has no business loading, files outside every layer, bench/ and scripts/.
    ['src/preload/x.ts', "import path from 'path';", true],
    ['src/preload/x.ts', "const fs = require('fs');", true],
    ['src/shared/x.ts', "import { readFileSync } from 'fs';", true],
    ['src/core/x.ts', "const m = await import('../node/server');", true],
    ['src/core/x.ts', "export { startServer } from '../node/server';", true],
    ['src/core/x.ts', "export * from '../sim/vastai';", true],
    ['src/core/x.ts', "const m = await import('./client');", false],
    ['src/core/x.ts', 'const m = await import(name);', true],
    ['src/renderer/x.tsx', "import keytar from 'keytar';", true],
    ['src/renderer/x.tsx', "const k = await import('keytar');", true],
    ['src/renderer/x.tsx', "import { Button } from '@mantine/core';", false],
    ['src/shared/x.ts', "import React from 'react';", true],
    ['src/core/x.ts', "import React from 'react';", true],
    ['src/core/x.ts', "import { ComputeClient } from '@azure/arm-compute';", false],
    ['src/main/x.ts', "import { createCore } from '../core/create-core';", false],
    ['src/sim/x.ts', "import { startServer } from '../node/server';", true],
    ['src/newlayer/x.ts', "import { z } from 'zod';", true],
    ['misc.ts', "import { z } from 'zod';", true],
    ['bench/x.bench.ts', "import { createWindow } from '../src/main/window';", true],
    ['bench/x.bench.ts', "import { createCore } from '../src/core/create-core';", false],
    ['scripts/x.mjs', "import { createCore } from '../src/core/create-core.ts';", true],
    ['scripts/x.mjs', "import fs from 'node:fs';", false],
  ];
  it.each(cases)('%s: %s → rejected=%s', async (file, code, rejected) => {
    const errors = await importErrors(file, code + '\nexport const keep = 1;\n');
    expect(errors.length > 0).toBe(rejected);
  });
});
