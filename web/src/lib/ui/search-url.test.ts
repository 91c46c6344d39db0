import { describe, expect, it } from 'vitest';

import { rangeOf, readSearchState, writeSearchState, type SearchUrlOptions } from './search-url.js';

const hunting: SearchUrlOptions = {
  queryParam: 'query',
  defaultChoice: 'current',
  extraChoices: ['current'],
};
const activity: SearchUrlOptions = { queryParam: 'search', defaultChoice: '24h' };

function read(query: string, options = hunting) {
  return readSearchState(new URLSearchParams(query), options);
}

describe(readSearchState.name, () => {
  it('reads the query and a preset', () => {
    expect(read('query=process.name%3A+whoami.exe&range=7d')).toEqual({
      query: 'process.name: whoami.exe',
      choice: '7d',
      from: null,
      to: null,
    });
  });

  it('reads a custom range with its bounds as ISO instants', () => {
    expect(read('range=custom&from=2026-12-04T10:00:00Z&to=not-a-time', activity)).toEqual({
      query: '',
      choice: 'custom',
      from: '2026-12-04T10:00:00.000Z',
      to: null,
    });
  });

  it("takes the view's default for a missing or unknown range", () => {
    expect(read('')).toEqual({ query: '', choice: 'current', from: null, to: null });
    expect(read('range=current', activity).choice).toBe('24h');
    expect(read('range=2y').choice).toBe('current');
  });
});

describe(writeSearchState.name, () => {
  it('leaves out what the view shows by default', () => {
    expect(writeSearchState({ query: ' ', choice: 'current', from: null, to: null }, hunting)).toBe(
      '',
    );
  });

  it('writes the query, the choice and the bounds of a custom range', () => {
    expect(
      writeSearchState({ query: 'severity: HIGH', choice: '7d', from: null, to: null }, activity),
    ).toBe('?search=severity%3A+HIGH&range=7d');
    expect(
      writeSearchState(
        {
          query: 'type: FILE',
          choice: 'custom',
          from: '2026-12-04T10:00:00.000Z',
          to: '2026-12-04T11:00:00.000Z',
        },
        hunting,
      ),
    ).toBe(
      '?query=type%3A+FILE&range=custom&from=2026-12-04T10%3A00%3A00.000Z&to=2026-12-04T11%3A00%3A00.000Z',
    );
  });

  it('writes what it reads back', () => {
    const state = { query: 'a: "b c"', choice: '1h', from: null, to: null };

    expect(read(writeSearchState(state, hunting).slice(1))).toEqual(state);
  });
});

describe(rangeOf.name, () => {
  const now = Date.UTC(2026, 11, 4, 12);

  it('ends a preset now, keeps custom bounds and leaves an own choice open', () => {
    expect(rangeOf({ query: '', choice: '1h', from: null, to: null }, now)).toEqual({
      from: '2026-12-04T11:00:00.000Z',
      to: null,
    });
    expect(
      rangeOf({ query: '', choice: 'custom', from: '2026-12-01T00:00:00.000Z', to: null }, now),
    ).toEqual({ from: '2026-12-01T00:00:00.000Z', to: null });
    expect(rangeOf({ query: '', choice: 'current', from: null, to: null }, now)).toEqual({
      from: null,
      to: null,
    });
  });
});
