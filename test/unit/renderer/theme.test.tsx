/**
 * theme-vars.css stands in for the <style> block MantineProvider writes at run time (the app runs it
 * with `withCssVariables={false}`): it must be exactly what Mantine generates for our theme, so a
 * theme change or a Mantine upgrade that changes the variables fails here until
 * `npm run gen:theme-css` is run.
 */
import { readFileSync } from 'node:fs';
import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, theme } from '../../../src/renderer/theme/theme';
import { themeCss } from '../../../src/renderer/theme/theme-css';

/** The CSS MantineProvider itself puts in its <style data-mantine-styles> tag. */
function mantineGenerated(): string {
  const html = renderToString(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <span />
    </MantineProvider>,
  );
  const styles = [...html.matchAll(/<style data-mantine-styles="true">([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  expect(styles.length).toBeGreaterThan(0);
  // renderToString escapes quotes in the style text.
  return styles.join('').replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#x27;', "'");
}

describe('theme-vars.css', () => {
  it('is what MantineProvider generates for the theme', () => {
    const generated = mantineGenerated();
    expect(themeCss()).toBe(generated);
    // …and carries our own overrides, not only Mantine's.
    expect(generated).toContain('--mantine-color-dimmed: var(--mantine-color-gray-7)');
  });

  it('is up to date with the theme (npm run gen:theme-css)', () => {
    const file = readFileSync('src/renderer/theme/theme-vars.css', 'utf8');
    expect(file.slice(file.indexOf('*/') + 3).trim()).toBe(themeCss().trim());
  });
});
