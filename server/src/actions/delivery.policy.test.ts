import { describe, expect, it } from 'vitest';

import { backoffDelay, decideOutcome, DeliveryStatus } from './delivery.policy.js';

const policy = { maxAttempts: 3, backoffBaseMs: 1_000, backoffMaxMs: 3_000 };

describe(backoffDelay.name, () => {
  it('doubles the wait after each try up to the longest wait', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy))).toEqual([
      1_000, 2_000, 3_000, 3_000,
    ]);
  });
});

describe(decideOutcome.name, () => {
  it('records the time of a success and keeps the last failure', () => {
    expect(decideOutcome({ ok: true }, 2, 5_000, policy)).toEqual({
      status: DeliveryStatus.SUCCESS,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: 5_000,
    });
  });

  it('schedules a retryable failure while tries are left', () => {
    const sent = { ok: false as const, reason: 'HTTP 503', retryable: true };

    expect(decideOutcome(sent, 2, 5_000, policy)).toEqual({
      status: DeliveryStatus.PENDING,
      lastError: 'HTTP 503',
      nextAttemptAt: 7_000,
      deliveredAt: null,
    });
    expect(decideOutcome(sent, 3, 5_000, policy).status).toBe(DeliveryStatus.FAILED);
  });

  it('fails a final failure on the first try', () => {
    const sent = { ok: false as const, reason: 'HTTP 404', retryable: false };

    expect(decideOutcome(sent, 1, 5_000, policy)).toEqual({
      status: DeliveryStatus.FAILED,
      lastError: 'HTTP 404',
      nextAttemptAt: null,
      deliveredAt: null,
    });
  });

  it('cuts a long reason to 1000 characters', () => {
    const sent = { ok: false as const, reason: 'x'.repeat(5_000), retryable: false };

    expect(decideOutcome(sent, 1, 0, policy).lastError).toHaveLength(1_000);
  });
});
