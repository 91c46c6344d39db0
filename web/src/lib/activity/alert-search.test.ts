import { describe, expect, it } from 'vitest';

import { alertSearch, errorInSearch } from './alert-search.js';

const from = '2026-12-04T10:00:00.000Z';
const to = '2026-12-04T11:00:00.000Z';

describe(alertSearch.name, () => {
  it('adds a half-open range on the creation time', () => {
    expect(alertSearch(' severity: HIGH ', { from, to })).toEqual({
      text: `(severity: HIGH) and created: ["${from}".."${to}")`,
      offset: 1,
    });
  });

  it('writes an open range as a comparison', () => {
    expect(alertSearch('', { from, to: null })).toEqual({
      text: `created >= "${from}"`,
      offset: 0,
    });
  });

  it('leaves a search without a range alone', () => {
    expect(alertSearch('x', { from: null, to: null })).toEqual({
      text: 'x',
      offset: 0,
    });
  });
});

describe(errorInSearch.name, () => {
  it('moves the error position back into the analyst text', () => {
    const search = 'sevrity: HIGH';
    const ranged = alertSearch(search, { from, to });
    const error = {
      message: 'Unknown field',
      code: 'QUERY_INVALID',
      field: null,
      position: { start: 1, end: 8 },
    };

    expect(errorInSearch(error, ranged, search)?.position).toEqual({
      start: 0,
      end: 7,
    });
  });
});
