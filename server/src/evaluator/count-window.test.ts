import { describe, expect, it } from 'vitest';

import { addCountMatch, createCountGroup, type CountWindow } from './count-window.js';
import type { PendingMatch } from './rule-state.js';

const minute = 60_000;
const threeIn15: CountWindow = { count: 3, windowMs: 15 * minute, latenessMs: 60_000 };

/** Feeds matches (minute offset, id) to one group and returns each outcome's summary. */
function feed(times: Array<[minutes: number, id: number]>, window = threeIn15) {
  const sut = createCountGroup();
  const outcomes = times.map(([minutes, id]) => {
    const outcome = addCountMatch(sut, [minutes * minute, id, 'ws1'], window);
    return outcome.kind === 'fired' ? outcome.matches.map(([, matchId]) => matchId) : outcome.kind;
  });
  return { sut, outcomes };
}

describe(addCountMatch.name, () => {
  it('fires when the third match lands inside the window', () => {
    const { outcomes } = feed([
      [0, 1],
      [5, 2],
      [14.99, 3],
    ]);

    expect(outcomes).toEqual(['pending', 'pending', [1, 2, 3]]);
  });

  it('does not fire when the first and last match lie exactly one window apart', () => {
    const { outcomes } = feed([
      [0, 1],
      [5, 2],
      [15, 3],
    ]);

    expect(outcomes).toEqual(['pending', 'pending', 'pending']);
  });

  it('slides: a window starting at any match fires', () => {
    const { outcomes } = feed([
      [0, 1],
      [10, 2],
      [20, 3],
      [22, 4],
    ]);

    expect(outcomes).toEqual(['pending', 'pending', 'pending', [2, 3, 4]]);
  });

  it('consumes the fired matches, so the fourth match starts a new count', () => {
    const { outcomes, sut } = feed([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 7],
    ]);

    expect(outcomes).toEqual([
      'pending',
      'pending',
      [1, 2, 3],
      'pending',
      'pending',
      [4, 5, 6],
      'pending',
    ]);
    expect(sut.pending.map(([, id]) => id)).toEqual([7]);
  });

  it('counts matches by event time when they arrive out of order', () => {
    const { outcomes } = feed([
      [10, 1],
      [9.5, 2],
      [9, 3],
    ]);

    expect(outcomes).toEqual(['pending', 'pending', [3, 2, 1]]);
  });

  it('fires with the oldest run when a late-arriving match completes two runs', () => {
    const window = { count: 2, windowMs: 10 * minute, latenessMs: 60 * minute };
    const { outcomes } = feed(
      [
        [0, 1],
        [18, 2],
        [9, 3],
      ],
      window,
    );

    expect(outcomes).toEqual(['pending', 'pending', [1, 3]]);
  });

  it('reports a match older than the lateness allows as late and does not count it', () => {
    const { outcomes, sut } = feed([
      [60, 1],
      [58.99, 2],
      [59.5, 3],
      [59.6, 4],
    ]);

    expect(outcomes).toEqual(['pending', 'late', 'pending', [3, 4, 1]]);
    expect(sut.pending).toEqual([]);
  });

  it('accepts a match exactly at the lateness limit', () => {
    const { outcomes } = feed([
      [60, 1],
      [59, 2],
    ]);

    expect(outcomes).toEqual(['pending', 'pending']);
  });

  it('forgets matches no later match could share a window with', () => {
    const { sut } = feed([
      [0, 1],
      [5, 2],
      [17, 3],
    ]);

    // Latest 17 min, lateness 1 min, window 15 min: matches at or before minute 1 go.
    expect(sut.pending.map(([, id]) => id)).toEqual([2, 3]);
    expect(sut.maxTime).toBe(17 * minute);
  });

  it('orders matches with equal times by id', () => {
    const sut = createCountGroup();
    const window = { count: 5, windowMs: minute, latenessMs: 0 };
    const matches: PendingMatch[] = [
      [0, 3, 'a'],
      [0, 1, 'a'],
      [0, 2, 'a'],
    ];

    for (const match of matches) addCountMatch(sut, match, window);

    expect(sut.pending.map(([, id]) => id)).toEqual([1, 2, 3]);
  });
});
