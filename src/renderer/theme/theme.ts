/**
 * The Mantine theme and our CSS-variable overrides. Mantine turns these into a block of CSS
 * variables; that block is generated once at build time (theme-vars.css, see
 * scripts/gen-theme-css.ts) instead of on every page load, where it cost ~25 ms of the first
 * render (MantineProvider runs `withCssVariables={false}`).
 */
import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

/**
 * Contrast fixes for WCAG AA (the axe scan in the e2e suite keeps them): Mantine's defaults put
 * "dimmed" text at 3.3:1 on white (4.3:1 on dark), light-variant badge text at ~4.3:1 (teal) down to
 * 2.8:1 (yellow), and outline badges at 2.6–3.3:1. Darker text shades fix all of them.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'dark') continue;
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.35);
    light[`--mantine-color-${name}-outline`] = darken(shades[9], 0.2);
  }
  return { variables: {}, light, dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' } };
};

export const theme = createTheme({
  primaryColor: 'indigo',
  // indigo-6 with white text is 4.3:1; shade 7 passes AA for buttons and links.
  primaryShade: { light: 7, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, monospace',
});
