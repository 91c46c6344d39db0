import { describe, expect, it } from 'vitest';

import { newestFirst } from './backtest-alerts.js';

function createAlert(title: string, lastTime: string, firstTime = lastTime) {
  return { title, firstTime, lastTime };
}

describe(newestFirst.name, () => {
  it('lists the alerts newest first by the time of their latest match', () => {
    const alerts = [
      createAlert('a', '2026-12-04T10:00:00.000Z'),
      createAlert('b', '2020-10-18T23:50:06.000Z'),
      createAlert('c', '2026-12-04T12:00:00.000Z'),
      createAlert('d', '2026-12-01T08:00:00.000Z'),
    ];

    expect(newestFirst(alerts).map((alert) => alert.title)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('breaks ties by the earliest match, then puts the later alert first', () => {
    const last = '2026-12-04T10:00:00.000Z';
    const alerts = [
      createAlert('first', last, '2026-12-04T09:00:00.000Z'),
      createAlert('second', last, '2026-12-04T09:30:00.000Z'),
      createAlert('third', last, '2026-12-04T09:00:00.000Z'),
    ];

    expect(newestFirst(alerts).map((alert) => alert.title)).toEqual(['second', 'third', 'first']);
  });

  it('leaves the given list as it was', () => {
    const alerts = [
      createAlert('a', '2026-01-01T00:00:00.000Z'),
      createAlert('b', '2026-01-02T00:00:00.000Z'),
    ];

    newestFirst(alerts);

    expect(alerts.map((alert) => alert.title)).toEqual(['a', 'b']);
  });
});
