/**
 * zod compiles fast object parsers with `new Function` where it may, and probes for that once. The
 * window's CSP forbids eval (script-src 'self'), so the probe throws, zod catches it, and Chromium
 * still reports the violation: a `securitypolicyviolation` event and a "Refused to evaluate a string
 * as JavaScript" console error on every load, each with a captured stack (with DevTools open, V8
 * re-parsed whole chunks for it: ~20 ms of the first render in the UI bench). `jitless` skips the
 * probe, as zod advises for strict CSPs. Imported first by boot.tsx, before anything is parsed.
 */
import * as z from 'zod';

z.config({ jitless: true });
