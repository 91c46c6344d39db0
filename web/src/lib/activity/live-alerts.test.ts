import { describe, expect, it } from 'vitest';

import { addAlert, appendAlerts, applyDelivery, upsertDelivery } from './live-alerts.js';

interface Delivery {
  id: string;
  alertId: string;
  status: string;
  updatedAt: string;
}

const earlier = '2026-12-04T10:00:00.000Z';
const later = '2026-12-04T10:00:30.000Z';

function createAlert(id: string, deliveries: Delivery[] = []) {
  return { id, title: `alert ${id}`, deliveries };
}

describe(addAlert.name, () => {
  it('puts a new alert first', () => {
    expect(addAlert([createAlert('1')], createAlert('2')).map((alert) => alert.id)).toEqual([
      '2',
      '1',
    ]);
  });

  it('replaces an alert already listed in place', () => {
    const updated = { ...createAlert('1'), title: 'changed' };

    expect(addAlert([createAlert('2'), createAlert('1')], updated)).toEqual([
      createAlert('2'),
      updated,
    ]);
  });
});

describe(appendAlerts.name, () => {
  it('skips alerts that are already listed', () => {
    const sut = appendAlerts(
      [createAlert('3'), createAlert('2')],
      [createAlert('2'), createAlert('1')],
    );

    expect(sut.map((alert) => alert.id)).toEqual(['3', '2', '1']);
  });
});

describe(applyDelivery.name, () => {
  it('updates the status of a listed delivery', () => {
    const pending = { id: 'd1', alertId: '1', status: 'PENDING', updatedAt: earlier };
    const failed = { ...pending, status: 'FAILED', updatedAt: later };
    const alerts = [createAlert('1', [pending])];

    const sut = applyDelivery(alerts, failed);

    expect(sut[0]!.deliveries).toEqual([failed]);
    expect(alerts[0]!.deliveries[0]!.status).toBe('PENDING');
  });

  it('adds a delivery the alert did not list yet and ignores other alerts', () => {
    const alerts = [createAlert('1'), createAlert('2')];

    const success = { id: 'd9', alertId: '2', status: 'SUCCESS', updatedAt: later };

    const sut = applyDelivery(alerts, success);

    expect(sut[0]).toBe(alerts[0]);
    expect(sut[1]!.deliveries).toEqual([success]);
  });
});

describe(upsertDelivery.name, () => {
  const pending = { id: 'd1', alertId: '1', status: 'PENDING', updatedAt: earlier };

  it('replaces a listed delivery in place', () => {
    const other = { id: 'd2', alertId: '1', status: 'SUCCESS', updatedAt: earlier };
    const failed = { ...pending, status: 'FAILED', updatedAt: later };

    expect(upsertDelivery([pending, other], failed)).toEqual([failed, other]);
  });

  it('adds a delivery not listed yet last', () => {
    const added = { id: 'd3', alertId: '1', status: 'PENDING', updatedAt: earlier };

    expect(upsertDelivery([pending], added)).toEqual([pending, added]);
  });

  it('drops an update older than the listed state', () => {
    const success = { ...pending, status: 'SUCCESS', updatedAt: later };

    expect(upsertDelivery([success], pending)).toEqual([success]);
  });
});
