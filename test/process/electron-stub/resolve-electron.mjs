// Module resolution hook: `electron` → the stand-in; everything else as usual.
const STUB = new URL('../../mocks/electron.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: STUB, shortCircuit: true };
  return next(specifier, context);
}
