/**
 * A view's search and time range in the URL's query string, so Back restores them and a
 * search can be bookmarked: `?query=type%3A+FILE&range=7d`, or `range=custom&from=...&to=...`.
 * Pure: "now" is passed in.
 */

import { presetRange, rangePresets, type RangePreset, type TimeRange } from './time-range.js';

/** The search and the time range choice of a view. */
export interface SearchState {
  query: string;
  /** A preset (`24h`), one of the view's own choices (`current`), or `custom`. */
  choice: string;
  /** The bounds of a custom range (ISO instants); either may be open. */
  from: string | null;
  to: string | null;
}

/** How a view writes its state. */
export interface SearchUrlOptions {
  /** The parameter holding the query: the API's name for it (`query`, `search`). */
  queryParam: string;
  /** The choice when the URL names none; left out of the URL. */
  defaultChoice: string;
  /** Choices besides the presets and `custom`, e.g. Hunting's `current`. */
  extraChoices?: readonly string[];
}

/** Reads the state from a query string; a choice or bound it does not know is left out. */
export function readSearchState(params: URLSearchParams, options: SearchUrlOptions): SearchState {
  const query = params.get(options.queryParam)?.trim() ?? '';
  const named = params.get('range');
  const choice = named !== null && isChoice(named, options) ? named : options.defaultChoice;
  if (choice !== 'custom') return { query, choice, from: null, to: null };
  return { query, choice, from: instant(params.get('from')), to: instant(params.get('to')) };
}

/** Writes the state as a query string (`?...`, or empty for the view's default). */
export function writeSearchState(state: SearchState, options: SearchUrlOptions): '' | `?${string}` {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set(options.queryParam, state.query.trim());
  if (state.choice !== options.defaultChoice) params.set('range', state.choice);
  if (state.choice === 'custom') {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The time range a state stands for at `now`: a preset ends now, an own choice is open. */
export function rangeOf(state: SearchState, now: number): TimeRange {
  if (state.choice in rangePresets) return presetRange(state.choice as RangePreset, now);
  if (state.choice === 'custom') return { from: state.from, to: state.to };
  return { from: null, to: null };
}

function isChoice(value: string, options: SearchUrlOptions): boolean {
  return value in rangePresets || value === 'custom' || !!options.extraChoices?.includes(value);
}

function instant(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
