/**
 * Validates simulator responses against the providers' official OpenAPI documents (vendored in
 * test/fixtures/specs, origins in SOURCES.md), so a simulator cannot drift from the real API.
 * OpenAPI 3.0 schemas are converted to JSON Schema 2020-12 (`nullable`, boolean exclusive bounds).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
export const SPECS_DIR = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));

export interface OpenApiSpec {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

export interface LoadedSpec {
  file: string;
  doc: OpenApiSpec;
  ajv: Ajv2020;
  id: string;
}

const cache = new Map<string, LoadedSpec>();

function convert30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert30);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = convert30(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.enum && Array.isArray(out.enum)) out.enum = [...out.enum, null];
    else if (out.$ref || out.allOf || out.oneOf || out.anyOf) {
      const copy = { ...out };
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [copy, { type: 'null' }];
    }
  }
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  } else if (typeof out.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;
  return out;
}

/** Loads a spec by path relative to test/fixtures/specs (e.g. `vast/search_offers.yaml`). */
export function loadSpec(relative: string): LoadedSpec {
  const hit = cache.get(relative);
  if (hit) return hit;
  const file = path.join(SPECS_DIR, relative);
  const text = fs.readFileSync(file, 'utf8');
  const raw = (file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text)) as OpenApiSpec;
  const doc = (raw.openapi?.startsWith('3.0') ? convert30(raw) : raw) as OpenApiSpec;
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Vendor formats used by the specs that ajv-formats does not know.
  for (const f of [
    'int32',
    'int64',
    'float',
    'double',
    'byte',
    'binary',
    'password',
    'decimal',
    'uint32',
    'uint64',
    'int8',
    'int16',
    'uint8',
    'uint16',
    // Linode's vendor formats.
    'phone',
    'ssh-key',
    'ipv6/128',
  ])
    ajv.addFormat(f, true);
  const id = `spec:${relative}`;
  ajv.addSchema(doc as object, id);
  const loaded = { file, doc, ajv, id };
  cache.set(relative, loaded);
  return loaded;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Validator for the response body of `method path` with `status` (path as written in the spec). */
export function responseValidator(
  spec: LoadedSpec,
  method: string,
  pathTemplate: string,
  status: number | string,
  contentType = 'application/json',
): ValidateFunction {
  const op = spec.doc.paths?.[pathTemplate]?.[method.toLowerCase()] as
    | { responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }> }
    | undefined;
  if (!op) throw new Error(`${spec.file}: no operation ${method.toUpperCase()} ${pathTemplate}`);
  const responses = op.responses ?? {};
  const code =
    String(status) in responses
      ? String(status)
      : `${String(status)[0]}XX` in responses
        ? `${String(status)[0]}XX`
        : 'default';
  if (!(code in responses))
    throw new Error(`${spec.file}: ${method.toUpperCase()} ${pathTemplate} documents no ${status} response`);
  const pointer = `#/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}/responses/${code}`;
  const resp = responses[code]!;
  const base = resp.$ref ? resp.$ref : pointer;
  const schemaPointer = `${base}/content/${escapePointer(contentType)}/schema`;
  return spec.ajv.compile({ $ref: `${spec.id}${schemaPointer}` });
}

/** Validator for a named component schema (`#/components/schemas/<name>`). */
export function componentValidator(spec: LoadedSpec, name: string): ValidateFunction {
  return spec.ajv.compile({ $ref: `${spec.id}#/components/schemas/${escapePointer(name)}` });
}

/** Validator for a Swagger 2.0 definition (`#/definitions/<name>`), as the Azure REST specs use. */
export function definitionValidator(spec: LoadedSpec, name: string): ValidateFunction {
  return spec.ajv.compile({ $ref: `${spec.id}#/definitions/${escapePointer(name)}` });
}

/** Throws a readable error listing the first schema violations. */
export function assertValid(validate: ValidateFunction, body: unknown, label: string): void {
  if (validate(body)) return;
  const errs = (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
  throw new Error(`${label} does not match the official spec:\n${errs}`);
}
