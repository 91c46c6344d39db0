/** Folding live updates into the alert list. Pure: new arrays, items never mutated. */

interface Identified {
  id: string;
}

interface WithDeliveries<D> extends Identified {
  deliveries: readonly D[];
}

interface DeliveryLike extends Identified {
  alertId: string;
}

interface UpdatedDelivery extends Identified {
  /** When the delivery last changed (ISO): an update older than the listed one is stale. */
  updatedAt: string;
}

/** Puts a new alert first; an alert already listed is replaced where it is. */
export function addAlert<A extends Identified>(alerts: readonly A[], alert: A): A[] {
  const index = alerts.findIndex((item) => item.id === alert.id);
  if (index === -1) return [alert, ...alerts];
  return alerts.map((item, position) => (position === index ? alert : item));
}

/** Adds more alerts (the next page) after the listed ones, skipping those already listed. */
export function appendAlerts<A extends Identified>(alerts: readonly A[], more: readonly A[]): A[] {
  const listed = new Set(alerts.map((alert) => alert.id));
  return [...alerts, ...more.filter((alert) => !listed.has(alert.id))];
}

/** Replaces or adds a delivery on its alert; alerts not listed are left alone. */
export function applyDelivery<
  D extends DeliveryLike & UpdatedDelivery,
  A extends WithDeliveries<D>,
>(alerts: readonly A[], delivery: D): A[] {
  return alerts.map((alert) =>
    alert.id === delivery.alertId
      ? { ...alert, deliveries: upsertDelivery(alert.deliveries, delivery) }
      : alert,
  );
}

/**
 * Replaces a listed delivery where it is, or adds a new one last (deliveries run oldest
 * first). An update older than the listed state is dropped: a query answer and a live
 * update may arrive in either order.
 */
export function upsertDelivery<D extends UpdatedDelivery>(
  deliveries: readonly D[],
  delivery: D,
): D[] {
  const index = deliveries.findIndex((item) => item.id === delivery.id);
  if (index === -1) return [...deliveries, delivery];
  if (Date.parse(delivery.updatedAt) < Date.parse(deliveries[index]!.updatedAt)) {
    return [...deliveries];
  }
  return deliveries.map((item, position) => (position === index ? delivery : item));
}
