/**
 * The settings' `history` section as the store's retention. Its own module: createCore needs it
 * at every start, and importing the history index would load node:sqlite for commands that never
 * open the file.
 */
import type { Settings } from '../../shared/settings/schema';
import type { RetentionOptions } from './store';

export function retentionFromSettings(h: Settings['history']): Partial<RetentionOptions> {
  return { rawDays: h.rawDays, hourlyDays: h.hourlyDays, maxBytes: h.maxMB * 1024 * 1024 };
}
