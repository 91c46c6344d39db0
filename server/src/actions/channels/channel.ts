import { redactSecrets } from '../action.secrets.js';
import { ActionType, type ActionSettings } from '../action.settings.js';
import type { AlertMessage } from '../messages/message.js';
import { sendEmail } from './email.js';
import { sendPagerDuty } from './pagerduty.js';
import { sendSlack } from './slack.js';
import { sendWebhook } from './webhook.js';

/** One message to send through one action. */
export interface SendRequest {
  /** The action's settings, secrets included. */
  settings: ActionSettings;
  /** The message rendered for `settings.type`. */
  message: AlertMessage;
  /** The same on every try of one delivery: the webhook's Idempotency-Key, the Message-ID. */
  idempotencyKey: string;
  /** How long the whole send may take, connecting included. */
  timeoutMs: number;
}

/**
 * What a channel made of a send. Expected failures are values: `reason` says what
 * happened (an HTTP status and the start of the body, an SMTP reply, a connection error,
 * a timeout); `retryable` is false when sending again cannot help.
 */
export type SendOutcome = { ok: true } | { ok: false; reason: string; retryable: boolean };

/** The idempotency key of the delivery of one alert through one action. */
export function deliveryIdempotencyKey(alertId: number, actionId: number): string {
  return `telltale-alert-${alertId}-action-${actionId}`;
}

/**
 * Sends a message through the channel of its action. A failure's reason has every secret
 * of the action masked, whatever the channel or the receiver's answer put in it.
 */
export async function sendMessage(request: SendRequest): Promise<SendOutcome> {
  const outcome = await sendThroughChannel(request);
  if (outcome.ok) return outcome;
  return { ...outcome, reason: redactSecrets(outcome.reason, request.settings) };
}

function sendThroughChannel(request: SendRequest): Promise<SendOutcome> {
  const { settings, message, idempotencyKey, timeoutMs } = request;
  if (settings.type !== message.channel) {
    throw new Error(`a ${message.channel} message cannot go through a ${settings.type} action`);
  }

  switch (settings.type) {
    case ActionType.EMAIL:
      return sendEmail(settings.email, pick(message, ActionType.EMAIL).email, {
        idempotencyKey,
        timeoutMs,
      });
    case ActionType.SLACK:
      return sendSlack(settings.slack, pick(message, ActionType.SLACK).slack, timeoutMs);
    case ActionType.PAGERDUTY:
      return sendPagerDuty(
        settings.pagerDuty,
        pick(message, ActionType.PAGERDUTY).pagerDuty,
        timeoutMs,
      );
    case ActionType.WEBHOOK:
      return sendWebhook(settings.webhook, pick(message, ActionType.WEBHOOK).webhook, {
        idempotencyKey,
        timeoutMs,
      });
  }
}

function pick<T extends ActionType>(
  message: AlertMessage,
  channel: T,
): Extract<AlertMessage, { channel: T }> {
  if (message.channel !== channel) throw new Error(`expected a ${channel} message`);
  return message as Extract<AlertMessage, { channel: T }>;
}
