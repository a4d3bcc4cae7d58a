// Layer rule (DESIGN.md §2): shared, core, node, sim and renderer must never import `electron`.
// Their tsconfig maps `electron` here; this file is not a module, so such an import fails to typecheck.
declare const forbidden: never;
