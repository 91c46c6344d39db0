import { untrack } from 'svelte';

import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { page } from '$app/state';

import {
  rangeOf,
  readSearchState,
  writeSearchState,
  type SearchState,
  type SearchUrlOptions,
} from './search-url.js';
import type { TimeRange } from './time-range.js';

/** A view's search bar text, its query and its time range, kept in the URL. */
export interface SearchView {
  /** The text in the search bar, which the analyst may be editing. */
  input: string;
  /** The query, range choice and range in effect. */
  readonly query: string;
  readonly choice: string;
  readonly range: TimeRange;
  /** What the range picker shows, bound to it: a change takes effect once `show` runs. */
  readonly picker: { choice: string; range: TimeRange };
  /** Shows another search or range as a new history entry, so Back returns to this one. */
  show(next: Partial<SearchState>): Promise<void>;
}

/**
 * Keeps the search and the time range of the view at `path` in its URL, so Back (from an
 * event, say) and bookmarks restore them. Each URL change (a search, Back, a link) sets the
 * state and calls `onshow`. Call it while the view's component initialises.
 */
export function createSearchView(
  path: '/' | '/hunting',
  options: SearchUrlOptions,
  onshow?: () => void,
): SearchView {
  const state = $derived(readSearchState(page.url.searchParams, options));
  let shown = untrack(() => state);
  let input = $state(shown.query);
  let query = $state(shown.query);
  let choice = $state(shown.choice);
  let range = $state<TimeRange>(rangeOf(shown, Date.now()));
  // The picker starts at the state shown; it then follows the analyst until `show` runs.
  const picker = $state(untrack(() => ({ choice, range })));

  $effect(() => {
    const next = state;
    if (next === shown) return;
    untrack(() => {
      // A change of range alone leaves alone what the analyst is typing.
      if (next.query !== shown.query) input = next.query;
      shown = next;
      query = next.query;
      choice = next.choice;
      // A preset ends at the moment it is shown, Back included.
      range = rangeOf(next, Date.now());
      picker.choice = choice;
      picker.range = range;
      onshow?.();
    });
  });

  return {
    get input() {
      return input;
    },
    set input(value) {
      input = value;
    },
    get query() {
      return query;
    },
    get choice() {
      return choice;
    },
    get range() {
      return range;
    },
    picker,
    show(next) {
      const search = writeSearchState({ ...state, ...next }, options);
      return goto(resolve(`${path}${search}`), { keepFocus: true, noScroll: true });
    },
  };
}
