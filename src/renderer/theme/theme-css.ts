/**
 * The CSS that MantineProvider would write into a <style> tag for our theme (its
 * MantineCssVariables with the default `deduplicateCssVariables`): every variable of the merged
 * theme that differs from Mantine's defaults (those ship in @mantine/core/styles.css), under
 * :root and the light/dark colour-scheme selectors. Used at build time only (scripts/gen-theme-css.ts)
 * and by the test that keeps theme-vars.css in step with the theme.
 */
import {
  DEFAULT_THEME,
  convertCssVariables,
  defaultCssVariablesResolver,
  mergeMantineTheme,
  type ConvertCSSVariablesInput,
} from '@mantine/core';
import { cssVariablesResolver, theme } from './theme';

type Vars = ConvertCSSVariablesInput;

function merged(): Vars {
  const full = mergeMantineTheme(DEFAULT_THEME, theme);
  const base = defaultCssVariablesResolver(full);
  const ours = cssVariablesResolver(full);
  return {
    variables: { ...base.variables, ...ours.variables },
    light: { ...base.light, ...ours.light },
    dark: { ...base.dark, ...ours.dark },
  };
}

function withoutDefaults(input: Vars): Vars {
  const d = defaultCssVariablesResolver(DEFAULT_THEME);
  const pick = (from: Record<string, string>, def: Record<string, string>) =>
    Object.fromEntries(Object.entries(from).filter(([k, v]) => def[k as keyof typeof def] !== v));
  return {
    variables: pick(input.variables, d.variables),
    light: pick(input.light, d.light),
    dark: pick(input.dark, d.dark),
  };
}

export function themeCss(): string {
  // No selector: MantineProvider passes its own (undefined by default) through, and convertCssVariables
  // then writes :root and the :root[data-mantine-color-scheme] blocks.
  return convertCssVariables(withoutDefaults(merged()));
}
