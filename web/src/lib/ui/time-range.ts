/** Time ranges of the Activity and Hunting views. Pure: "now" is passed in. */

/** A range as the API takes it; a null `to` means "up to now", so live items belong. */
export interface TimeRange {
  from: string | null;
  to: string | null;
}

export const rangePresets = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
} as const;

export type RangePreset = keyof typeof rangePresets;

/** The range of a preset ending now. */
export function presetRange(preset: RangePreset, now: number): TimeRange {
  return { from: new Date(now - rangePresets[preset].ms).toISOString(), to: null };
}

/** Whether `time` lies in the range (from inclusive, to exclusive). */
export function isInRange(range: TimeRange, time: string): boolean {
  const at = Date.parse(time);
  if (range.from !== null && at < Date.parse(range.from)) return false;
  return range.to === null || at < Date.parse(range.to);
}
