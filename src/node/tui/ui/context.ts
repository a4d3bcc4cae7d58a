/** How to draw: the glyph set (UTF-8 or ASCII) and whether colours and text attributes are on. */
import { createContext, useContext } from 'react';
import type { Glyphs } from '../glyphs';
import { UNICODE_GLYPHS } from '../glyphs';
import type { ProviderState, ResourceState } from '../../../shared/model';

export interface Look {
  glyphs: Glyphs;
  /** False with --no-color / NO_COLOR: no colours, no bold, dim or inverse; the cursor glyph shows the selection. */
  color: boolean;
}

export const LookContext = createContext<Look>({ glyphs: UNICODE_GLYPHS, color: true });
export const useLook = (): Look => useContext(LookContext);

type Colour = 'green' | 'yellow' | 'red' | 'gray' | 'cyan' | 'blue' | 'magenta';

export const PROVIDER_COLOUR: Record<ProviderState, Colour> = {
  ok: 'green',
  degraded: 'yellow',
  error: 'red',
  unconfigured: 'gray',
  disabled: 'gray',
};

export const RESOURCE_COLOUR: Record<ResourceState, Colour> = {
  running: 'green',
  idle: 'cyan',
  starting: 'yellow',
  stopping: 'yellow',
  stopped: 'gray',
  error: 'red',
  unknown: 'gray',
};

/** Text props for a colour, or none when colour is off. */
export function tint(look: Look, colour: Colour | undefined): { color?: Colour } {
  return look.color && colour ? { color: colour } : {};
}
