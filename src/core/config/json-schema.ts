import * as z from 'zod';
import { CloudtopConfigSchema, ProviderConfigSchema } from './schema';

/**
 * JSON Schema (draft 2020-12) of cloudtop.json for editors: reference it with
 * `"$schema": "./docs/cloudtop.schema.json"` or in VS Code's `json.schemas`. `${ENV}` references
 * are only valid in string fields, which is also what the loader accepts.
 */
export function configJsonSchema(): Record<string, unknown> {
  // The provider entry is the same for every id: one named definition instead of six copies.
  const metadata = z.registry<{ id: string }>();
  metadata.add(ProviderConfigSchema, { id: 'ProviderConfig' });
  const schema = z.toJSONSchema(CloudtopConfigSchema, { io: 'input', target: 'draft-2020-12', metadata }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    title: 'cloudtop.json',
    description: 'cloudtop configuration for the CLI and `cloudtop serve`. See docs/configuration.md.',
    ...schema,
  };
}

/** The file content written to docs/cloudtop.schema.json. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
