import type { SendOutcome } from './channels/channel.js';

/** The states of a delivery; the value is stored in `deliveries.status`. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  SUCCESS = 'SUCCESS',
  FAILED = 'FAILED',
}

/** How the dispatcher retries. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The wait after the first failed try; it doubles after each further one. */
  backoffBaseMs: number;
  /** The longest wait between two tries. */
  backoffMaxMs: number;
}

/** What a try ended in, as written to the delivery row. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  /** The reason of this try's failure; null on success keeps the last one recorded. */
  lastError: string | null;
  /** When to try again (PENDING only); null keeps the stored time. */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
}

const maxErrorLength = 1000;

/** The wait before try `attempt + 1` after try `attempt` (1-based) failed. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
}

/**
 * What to record after try number `attempt` ended in `sent` at `now`: SUCCESS, PENDING
 * with the next try's time, or FAILED when the failure is final or the tries are used up.
 */
export function decideOutcome(
  sent: SendOutcome,
  attempt: number,
  now: number,
  policy: RetryPolicy,
): DeliveryOutcome {
  if (sent.ok) {
    return {
      status: DeliveryStatus.SUCCESS,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: now,
    };
  }

  const lastError =
    sent.reason.length <= maxErrorLength
      ? sent.reason
      : `${sent.reason.slice(0, maxErrorLength - 1)}…`;
  if (sent.retryable && attempt < policy.maxAttempts) {
    return {
      status: DeliveryStatus.PENDING,
      lastError,
      nextAttemptAt: now + backoffDelay(attempt, policy),
      deliveredAt: null,
    };
  }
  return { status: DeliveryStatus.FAILED, lastError, nextAttemptAt: null, deliveredAt: null };
}
