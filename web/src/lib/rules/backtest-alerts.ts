/** Ordering a backtest's alerts for display. Pure. */

interface TimedAlert {
  /** Event time of the earliest match. */
  firstTime: string;
  /** Event time of the latest match: the time the list shows. */
  lastTime: string;
}

/**
 * Puts a backtest's alerts in the Activity's order, newest first by the time of their latest
 * match (then of their earliest). The API returns them in event-id order, in which times
 * jump around when events arrived out of order. Alerts with equal times keep the API's
 * order reversed, so the later one comes first.
 */
export function newestFirst<A extends TimedAlert>(alerts: readonly A[]): A[] {
  return alerts
    .map((alert, index) => ({ alert, index }))
    .sort(
      (a, b) =>
        Date.parse(b.alert.lastTime) - Date.parse(a.alert.lastTime) ||
        Date.parse(b.alert.firstTime) - Date.parse(a.alert.firstTime) ||
        b.index - a.index,
    )
    .map(({ alert }) => alert);
}
