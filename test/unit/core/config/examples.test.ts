import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ConfigFileError, loadConfig } from '../../../../src/core/config/load';
import { configJsonSchema, configJsonSchemaText } from '../../../../src/core/config/json-schema';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const examplesDir = path.join(root, 'examples');
const examples = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

/** Every `${NAME}` (without a default) an example references, set to a dummy value. */
function envFor(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) env[m[1]!] = `dummy-${m[1]!.toLowerCase()}-value`;
  return env;
}

describe('examples/*.json', () => {
  it('has the three documented examples', () => {
    expect(examples.sort()).toEqual(['env-only-ci.json', 'multi-account.json', 'one-account.json']);
  });

  it.each(examples)('%s validates with the loader (registry field names included)', (name) => {
    const file = path.join(examplesDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const r = loadConfig(file, envFor(text));
    expect(r.source).toBe('flag');
    expect(r.config.providers).toBeDefined();
  });

  it.each(examples)('%s validates against docs/cloudtop.schema.json', (name) => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(configJsonSchema());
    const data = JSON.parse(fs.readFileSync(path.join(examplesDir, name), 'utf8')) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('env-only-ci.json without its variables names every missing one by path', () => {
    const file = path.join(examplesDir, 'env-only-ci.json');
    let err: unknown;
    try {
      loadConfig(file, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigFileError);
    const issues = (err as ConfigFileError).issues;
    expect(issues.map((i) => i.path)).toContain('providers.vastai.accounts.default.apiKey');
    expect(issues.map((i) => i.path)).toContain('providers.oci.accounts.default.privateKey');
    // `${OCI_REGION:-us-ashburn-1}` has a default.
    expect(issues.map((i) => i.path)).not.toContain('providers.oci.accounts.default.region');
  });
});

describe('docs/cloudtop.schema.json', () => {
  it('is current (regenerate with configJsonSchemaText())', () => {
    // Compared as data: prettier may reformat the file.
    const onDisk = JSON.parse(fs.readFileSync(path.join(root, 'docs', 'cloudtop.schema.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(JSON.parse(configJsonSchemaText()));
  });

  it('rejects what the loader rejects: unknown keys and providers', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(configJsonSchema());
    expect(validate({ providers: { vastia: {} } })).toBe(false);
    expect(validate({ providers: { vastai: { pollSecs: 30 } } })).toBe(false);
    expect(validate({ providers: { vastai: { pollSeconds: 30 } } })).toBe(true);
  });
});
