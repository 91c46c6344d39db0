import type { StoredEvent } from '../../events/event.js';
import { ActionType, type PagerDutySeverity } from '../action.settings.js';
import { renderEmail, type EmailMessage } from './email.js';
import { renderPagerDuty, type PagerDutyEvent } from './pagerduty.js';
import { renderSlack, type SlackMessage } from './slack.js';
import { renderWebhook, type WebhookPayload } from './webhook.js';

/** What a message says about an alert: the alert, its rule and its matched events. */
export interface AlertMessageInput {
  alert: {
    id: number;
    /** The evaluator's headline; the rule name (and group key) when absent. */
    title?: string | null;
    /** The rule's name when it triggered. */
    ruleName: string;
    severity: string;
    triggerType: string;
    /** The aggregation group's key; `*` for a rule aggregated by action. */
    groupKey: string | null;
    /** The host of the matched events when they all share one. */
    hostname?: string | null;
    matchCount: number;
    /** Event times of the first and last match, ms UTC. */
    firstTime: number;
    lastTime: number;
    windowStart: number | null;
    windowEnd: number | null;
  };
  rule: { id: number; name: string; query: string; description: string };
  /** Matched events in sequence order; more than `maxEvents` may be given. */
  events: readonly StoredEvent[];
  /** The dashboard's public URL; messages link to `<base>/alerts/<id>`. Null: no link. */
  linkBaseUrl: string | null;
  /** How many events a message lists (default 10); the rest are counted, not listed. */
  maxEvents?: number;
  /** The PagerDuty action's severity mapping; the default mapping when absent. */
  pagerDutySeverities?: Readonly<Record<string, PagerDutySeverity>>;
}

/** A rendered message, one shape per channel. */
export type AlertMessage =
  | { channel: ActionType.EMAIL; email: EmailMessage }
  | { channel: ActionType.SLACK; slack: SlackMessage }
  | { channel: ActionType.PAGERDUTY; pagerDuty: PagerDutyEvent }
  | { channel: ActionType.WEBHOOK; webhook: WebhookPayload };

/**
 * Renders what `channel` sends for an alert. Pure: the same input gives the same message.
 *
 * @remarks
 * The PagerDuty event has no `routing_key` (the channel adds the action's key), and the
 * e-mail has no recipients or Message-ID (the channel adds them).
 */
export function renderAlertMessage(channel: ActionType, input: AlertMessageInput): AlertMessage {
  switch (channel) {
    case ActionType.EMAIL:
      return { channel, email: renderEmail(input) };
    case ActionType.SLACK:
      return { channel, slack: renderSlack(input) };
    case ActionType.PAGERDUTY:
      return { channel, pagerDuty: renderPagerDuty(input) };
    case ActionType.WEBHOOK:
      return { channel, webhook: renderWebhook(input) };
  }
}
