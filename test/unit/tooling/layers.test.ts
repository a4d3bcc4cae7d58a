/**
 * The layer rule (DESIGN.md §2) must fail `npm test` when broken. These tests lint small snippets
 * as if they lived in each layer, with the project's real ESLint config.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
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
  ];
  it.each(cases)('%s: %s → rejected=%s', async (file, code, rejected) => {
    const errors = await importErrors(file, code + '\nexport const keep = 1;\n');
    expect(errors.length > 0).toBe(rejected);
  });
});
