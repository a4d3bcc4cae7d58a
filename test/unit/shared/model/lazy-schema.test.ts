/**
 * lazySchema: a schema built on first touch that is then an ordinary zod schema (its own identity
 * inside other schemas, registries and JSON Schema), and a model whose import builds nothing.
 */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { lazySchema, lazySchemasBuilt } from '../../../../src/shared/model/lazy-schema';

describe('lazySchema', () => {
  it('builds nothing until used, then once', () => {
    let builds = 0;
    const S = lazySchema(() => {
      builds++;
      return z.object({ a: z.string() });
    });
    expect(builds).toBe(0);
    expect(S.parse({ a: 'x' })).toEqual({ a: 'x' });
    expect(S.safeParse({ a: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('is the schema: instanceof, shape, extend, options, infer', () => {
    const O = lazySchema(() => z.object({ a: z.string(), b: z.number().optional() }));
    const E = lazySchema(() => z.enum(['x', 'y']));
    expect(O instanceof z.ZodObject).toBe(true);
    expect(Object.keys(O.shape)).toEqual(['a', 'b']);
    expect(O.extend({ c: z.boolean() }).parse({ a: 'a', c: true })).toEqual({ a: 'a', c: true });
    expect(E.options).toEqual(['x', 'y']);
    const typed: z.infer<typeof O> = { a: 'ok' };
    expect(O.parse(typed)).toEqual(typed);
  });

  it('works inside other schemas, lazy or not, with its description and in JSON Schema', () => {
    const Leaf = lazySchema(() => z.string().min(2).describe('a leaf'));
    const Tree = lazySchema(() => z.object({ leaf: Leaf, leaves: z.array(Leaf) }));
    expect(Tree.parse({ leaf: 'ab', leaves: ['cd'] })).toEqual({ leaf: 'ab', leaves: ['cd'] });
    expect(Tree.safeParse({ leaf: 'a', leaves: [] }).success).toBe(false);
    expect(Leaf.description).toBe('a leaf');
    expect(z.toJSONSchema(Tree)).toMatchObject({
      properties: { leaf: { type: 'string', minLength: 2, description: 'a leaf' } },
    });
    const metadata = z.registry<{ id: string }>();
    metadata.add(Leaf, { id: 'Leaf' });
    expect(z.toJSONSchema(Tree, { metadata })).toMatchObject({
      properties: { leaf: { $ref: '#/$defs/Leaf' }, leaves: { items: { $ref: '#/$defs/Leaf' } } },
      $defs: { Leaf: { type: 'string', minLength: 2 } },
    });
  });

  it('importing the model, the settings and the provider registry builds no schema', async () => {
    const before = lazySchemasBuilt();
    await import('../../../../src/shared/model');
    await import('../../../../src/shared/settings/schema');
    await import('../../../../src/core/config/schema');
    await import('../../../../src/core/providers/registry');
    expect(lazySchemasBuilt() - before).toBe(0);
  });
});
