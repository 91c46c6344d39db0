import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { Topic } from '../pubsub/topics.js';
import type { Db } from '../store/db.js';
import { ActionType } from './action.settings.js';
import {
  deliveryIdempotencyKey,
  sendMessage,
  type SendOutcome,
  type SendRequest,
} from './channels/channel.js';
import { decideOutcome, DeliveryStatus, type RetryPolicy } from './delivery.policy.js';
import { renderAlertMessage } from './messages/message.js';
import {
  claimDueDeliveries,
  findDeliveryAction,
  loadAlertMessageInput,
  recordDeliveryOutcome,
  type ClaimedDelivery,
} from './outbox.repository.js';
import { SecretsLockedError, type SecretBox } from '../store/secret-box.js';

/** How the dispatcher works; every option has a default. */
export interface DispatcherOptions extends RetryPolicy {
  /**
   * How long one send may take, connecting included.
   * @default 10000
   */
  timeoutMs: number;
  /**
   * How long a claimed delivery is held before another dispatcher may claim it again.
   * Must exceed `timeoutMs`.
   * @default 60000 more than timeoutMs
   */
  leaseMs: number;
  /**
   * Sends in flight at once.
   * @default 8
   */
  concurrency: number;
  /**
   * How often the outbox is read without a wake-up.
   * @default 2000
   */
  pollIntervalMs: number;
  /**
   * Events listed in a message.
   * @default 10
   */
  maxEvents: number;
  /** The dashboard's public URL for links in messages; null leaves links out. */
  linkBaseUrl: string | null;
}

export interface DispatcherDeps {
  db: Db;
  /** Opens the secrets of the actions it sends through. */
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  pubsub: PubSub;
  /** The channels; replaceable for tests of the loop itself. */
  send?: (request: SendRequest) => Promise<SendOutcome>;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 15 * 60_000,
  timeoutMs: 10_000,
  leaseMs: 70_000,
  concurrency: 8,
  pollIntervalMs: 2_000,
  maxEvents: 10,
  linkBaseUrl: null,
};

/**
 * Works off the deliveries outbox: claims due rows, sends them through their channel and
 * records each outcome, retrying with exponential backoff.
 *
 * @remarks
 * Delivery is at least once (docs/semantics.md, section 6): a crash after a send and
 * before its outcome is recorded sends again once the claim's lease runs out, with the
 * same idempotency key. No database transaction is open while a message is on the wire.
 * Sends run side by side, so one unreachable endpoint holds one of `concurrency` slots
 * for at most `timeoutMs`.
 */
export class Dispatcher {
  readonly options: DispatcherOptions;
  readonly #db: Db;
  readonly #secrets: SecretBox;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #pubsub: PubSub;
  readonly #send: (request: SendRequest) => Promise<SendOutcome>;

  #running = false;
  #pumping: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #timerDue = Infinity;
  readonly #inFlight = new Set<Promise<void>>();
  #alerts: AsyncIterator<unknown> | null = null;

  constructor(deps: DispatcherDeps, options: Partial<DispatcherOptions> = {}) {
    this.options = { ...defaultDispatcherOptions, ...options };
    if (options.leaseMs === undefined) this.options.leaseMs = this.options.timeoutMs + 60_000;
    if (this.options.leaseMs <= this.options.timeoutMs) {
      throw new Error('the dispatcher lease must be longer than the send timeout');
    }
    this.#db = deps.db;
    this.#secrets = deps.secrets;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#pubsub = deps.pubsub;
    this.#send = deps.send ?? sendMessage;
  }

  /** Starts working off the outbox; wakes on every AlertTriggered, from any replica. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#alerts = this.#pubsub.subscribe(Topic.AlertTriggered)[Symbol.asyncIterator]();
    void this.#followAlerts(this.#alerts);
    this.#schedule(0);
  }

  /** Looks at the outbox now instead of at the next poll: new deliveries were committed. */
  wake(): void {
    if (this.#running) this.#schedule(0);
  }

  /** Stops claiming and resolves once the sends in flight are recorded. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#alerts?.return?.();
    this.#alerts = null;
    await this.#pumping;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #followAlerts(alerts: AsyncIterator<unknown>): Promise<void> {
    try {
      while (!(await alerts.next()).done) this.wake();
    } catch (error) {
      this.#logger.warn('stopped following alerts; the outbox is polled', { error });
    }
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    const due = Date.now() + Math.max(0, delayMs);
    if (this.#timer && this.#timerDue <= due) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerDue = due;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerDue = Infinity;
      this.#pump();
    }, delayMs);
  }

  #pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#claimAndSend().finally(() => {
      this.#pumping = null;
      this.#schedule(this.#again ? 0 : this.options.pollIntervalMs);
      this.#again = false;
    });
  }

  async #claimAndSend(): Promise<void> {
    do {
      this.#again = false;
      const free = this.options.concurrency - this.#inFlight.size;
      if (!this.#running || free <= 0) return;

      const now = this.#clock.now();
      let claims: ClaimedDelivery[];
      try {
        claims = await claimDueDeliveries(this.#db, now, now + this.options.leaseMs, free);
      } catch (error) {
        this.#logger.warnOnce(`claim:${String(error)}`, 'cannot read the deliveries outbox', {
          error,
        });
        return;
      }

      for (const claim of claims) {
        const work: Promise<void> = this.#deliver(claim).finally(() => {
          this.#inFlight.delete(work);
          this.wake();
        });
        this.#inFlight.add(work);
      }
      // A full batch suggests more are due.
      if (claims.length === free) this.#again = true;
    } while (this.#again);
  }

  async #deliver(claim: ClaimedDelivery): Promise<void> {
    const logger = this.#logger.child('delivery');
    let sent: SendOutcome;
    try {
      const prepared = await this.#prepare(claim);
      if ('reason' in prepared) {
        sent = { ok: false, reason: prepared.reason, retryable: false };
      } else {
        sent = await this.#send(prepared);
      }
    } catch (error) {
      if (error instanceof SecretsLockedError) {
        // A replica without the right key: another replica may send it, so it stays due.
        logger.warn(error.message, { deliveryId: claim.id });
        sent = { ok: false, reason: error.message, retryable: true };
      } else {
        logger.error('delivery try failed unexpectedly', { deliveryId: claim.id, error });
        sent = { ok: false, reason: 'internal error; see the server log', retryable: true };
      }
    }

    const now = this.#clock.now();
    const outcome = decideOutcome(sent, claim.attempts, now, this.options);

    try {
      const recorded = await recordDeliveryOutcome(this.#db, claim, outcome, now);
      if (!recorded) {
        logger.warn('a delivery outcome came after its lease ran out; it was tried again', {
          deliveryId: claim.id,
          attempts: claim.attempts,
        });
        return;
      }
    } catch (error) {
      logger.error('cannot record a delivery outcome; it is sent again after its lease', {
        deliveryId: claim.id,
        error,
      });
      return;
    }

    if (outcome.status === DeliveryStatus.FAILED) {
      logger.warn('delivery failed', { deliveryId: claim.id, reason: outcome.lastError });
    }
    if (outcome.nextAttemptAt !== null) this.#schedule(outcome.nextAttemptAt - now);
    this.#pubsub.publish(Topic.DeliveryUpdated, {
      deliveryId: claim.id,
      alertId: claim.alertId,
      status: outcome.status,
    });
  }

  async #prepare(claim: ClaimedDelivery): Promise<SendRequest | { reason: string }> {
    const action = await findDeliveryAction(this.#db, this.#secrets, claim.actionId);
    if (!action) return { reason: `action ${claim.actionId} does not exist` };
    if (action.deleted) return { reason: 'the action was deleted before the delivery was sent' };

    const input = await loadAlertMessageInput(this.#db, claim.alertId, {
      maxEvents: this.options.maxEvents,
      linkBaseUrl: this.options.linkBaseUrl,
    });
    if (!input) return { reason: `alert ${claim.alertId} does not exist` };

    const { settings } = action;
    if (settings.type === ActionType.PAGERDUTY) {
      input.pagerDutySeverities = settings.pagerDuty.severities;
    }
    return {
      settings,
      message: renderAlertMessage(settings.type, input),
      idempotencyKey: deliveryIdempotencyKey(claim.alertId, claim.actionId),
      timeoutMs: this.options.timeoutMs,
    };
  }
}
