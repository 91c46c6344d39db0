import { describe, expect, it } from 'vitest';

import { addAlert, appendAlerts, applyDelivery } from './live-alerts.js';

interface Delivery {
  id: string;
  alertId: string;
  status: string;
}

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
    const alerts = [createAlert('1', [{ id: 'd1', alertId: '1', status: 'PENDING' }])];

    const sut = applyDelivery(alerts, { id: 'd1', alertId: '1', status: 'FAILED' });

    expect(sut[0]!.deliveries).toEqual([{ id: 'd1', alertId: '1', status: 'FAILED' }]);
    expect(alerts[0]!.deliveries[0]!.status).toBe('PENDING');
  });

  it('adds a delivery the alert did not list yet and ignores other alerts', () => {
    const alerts = [createAlert('1'), createAlert('2')];

    const sut = applyDelivery(alerts, { id: 'd9', alertId: '2', status: 'SUCCESS' });

    expect(sut[0]).toBe(alerts[0]);
    expect(sut[1]!.deliveries).toEqual([{ id: 'd9', alertId: '2', status: 'SUCCESS' }]);
  });
});
