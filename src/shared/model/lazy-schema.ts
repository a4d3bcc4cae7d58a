/**
 * lazySchema(() => z.object({...})): a zod schema built the first time it is used, not when its
 * module loads. Building schemas is most of what loading the model, the settings, the config and
 * the provider descriptors costs; `cloudtop status` and `--version` import all of them but validate
 * little or nothing, so they should not pay for them (CLI cold start, issue #12).
 *
 * What lazySchema returns becomes the schema itself on first touch (any property: `.parse`, `.shape`,
 * `._zod`, `instanceof`): the builder runs, and the object is set up from the built schema's
 * definition the way zod's own `clone()` does (same constructor and def, the built one as `parent`
 * for its metadata). It is then a plain zod schema with its own identity, so it can sit inside other
 * schemas, registries and `z.toJSONSchema` like any other, and parsing has no indirection at all.
 * Until then it has no own properties: only reading or writing one builds it (`Object.keys` or `in`
 * on an untouched schema see nothing; zod does neither).
 */

let builtCount = 0;

/** How many lazy schemas this process has built so far. */
export function lazySchemasBuilt(): number {
  return builtCount;
}

/** The part of a zod schema lazySchema relies on: its constructor and definition (zod's `clone`). */
interface ZodInternals {
  _zod: { constr: (this: object, def: unknown) => unknown; def: unknown; parent?: unknown };
}

const builders = new WeakMap<object, () => object>();

function materialize(target: object): void {
  const build = builders.get(target);
  if (!build) return;
  builders.delete(target);
  const built = build() as ZodInternals;
  // The constructor reads the prototype chain (`k in inst`), so the real prototype goes first.
  Object.setPrototypeOf(target, Object.getPrototypeOf(built));
  built._zod.constr.call(target, built._zod.def);
  (target as ZodInternals)._zod.parent = built;
  builtCount++;
}

// The prototype of every untouched lazy schema: reading or writing any property builds the schema
// (the receiver is the lazy schema), after which the object has the schema's own prototype instead.
const untouched = new Proxy(Object.create(null) as object, {
  get(_t, key, receiver: object) {
    materialize(receiver);
    return Reflect.get(receiver, key, receiver);
  },
  set(_t, key, value, receiver: object) {
    materialize(receiver);
    return Reflect.set(receiver, key, value, receiver);
  },
});

export function lazySchema<T extends object>(build: () => T): T {
  const schema = Object.create(untouched) as T;
  builders.set(schema, build);
  return schema;
}
