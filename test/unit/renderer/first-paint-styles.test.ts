/**
 * The first paint loads only part of Mantine's CSS (src/renderer/theme/first-paint-styles.ts); the
 * rest comes with the lazily loaded views (theme/all-styles.ts). A component added to the first
 * paint without its stylesheet would paint unstyled until a view loads the rest, and a lazy view
 * without all-styles could resolve before its styles are in. Both are checked here from the
 * sources: the modules the entry reaches through static imports are the first paint's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve('src/renderer');
const MANTINE_STYLES = path.resolve('node_modules/@mantine/core/styles');

/** Stylesheets a component needs besides its own (Mantine builds it from these). */
const NEEDS: Record<string, string[]> = {
  Alert: ['CloseButton'],
  Anchor: ['Text'],
  Button: ['UnstyledButton', 'Loader'],
  CloseButton: ['UnstyledButton'],
  NativeSelect: ['Input', 'Combobox'],
  Switch: ['InlineInput'],
  TextInput: ['Input'],
  Tabs: ['UnstyledButton'],
  Tooltip: ['Popover'],
};
const ALWAYS = ['baseline', 'default-css-variables', 'global', 'VisuallyHidden'];

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return ['.tsx', '.ts', '/index.ts', '']
    .map((ext) => base + ext)
    .find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/** Modules reached from boot.tsx through static imports (dynamic import() and lazy() are not followed). */
function firstPaintModules(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !file.startsWith(RENDERER) || !/\.tsx?$/.test(file)) return;
    seen.add(file);
    for (const m of read(file).matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      if (/^import\s+type\s/.test(m[0])) continue;
      const dep = resolveLocal(file, m[1]!);
      if (dep) visit(dep);
    }
  };
  visit(path.join(RENDERER, 'boot.tsx'));
  return [...seen];
}

/** Value imports from @mantine/core (components, not types). */
function mantineComponents(file: string): string[] {
  const out: string[] = [];
  for (const m of read(file).matchAll(/import\s*\{([^}]*)\}\s*from\s*'@mantine\/core'/g))
    for (const part of m[1]!.split(',')) {
      const name = part.trim();
      if (/^[A-Z]\w*$/.test(name)) out.push(name);
    }
  return out;
}

const listed = [
  ...read(path.join(RENDERER, 'theme/first-paint-styles.ts')).matchAll(/@mantine\/core\/styles\/([\w-]+)\.layer\.css/g),
].map((m) => m[1]!);

describe('first-paint styles', () => {
  it('the entry loads the subset, not the whole stylesheet', () => {
    const boot = read(path.join(RENDERER, 'boot.tsx'));
    expect(boot).toContain("import './theme/first-paint-styles'");
    for (const file of firstPaintModules())
      expect(read(file), file).not.toMatch(/@mantine\/core\/styles(\.layer)?\.css/);
  });

  it("has the stylesheet of every Mantine component the first paint's modules import", () => {
    const modules = firstPaintModules();
    // The walk reaches the shell and the Offers view (a broken walk would prove nothing).
    expect(modules.map((f) => path.relative(RENDERER, f))).toEqual(
      expect.arrayContaining(['App.tsx', 'views/offers/OffersView.tsx', 'views/offers/OffersTable.tsx']),
    );
    const needed = new Set(ALWAYS);
    for (const file of modules)
      for (const name of mantineComponents(file)) {
        if (fs.existsSync(path.join(MANTINE_STYLES, `${name}.css`))) needed.add(name);
        for (const dep of NEEDS[name] ?? []) needed.add(dep);
      }
    const missing = [...needed].filter((n) => !listed.includes(n));
    expect(missing, 'add these to src/renderer/theme/first-paint-styles.ts').toEqual([]);
    for (const name of listed) expect(fs.existsSync(path.join(MANTINE_STYLES, `${name}.layer.css`)), name).toBe(true);
  });

  it("is in the order of Mantine's whole stylesheet", () => {
    const all = read(path.resolve('node_modules/@mantine/core/styles.css'));
    const at = listed.map((name) =>
      all.indexOf(
        read(path.join(MANTINE_STYLES, `${name}.css`))
          .trim()
          .slice(0, 200),
      ),
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('every lazily loaded view and panel brings the whole stylesheet', () => {
    const lazyTargets = new Set<string>();
    for (const file of fs.readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file)) continue;
      const full = path.join(RENDERER, file);
      for (const m of read(full).matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) {
        const target = resolveLocal(full, m[1]!);
        if (target && !target.endsWith('boot.tsx') && !target.endsWith('all-styles.ts')) lazyTargets.add(target);
      }
    }
    expect(lazyTargets.size).toBeGreaterThanOrEqual(6);
    for (const target of lazyTargets) expect(read(target), target).toMatch(/^import '(\.\.\/)+theme\/all-styles';$/m);
  });
});
