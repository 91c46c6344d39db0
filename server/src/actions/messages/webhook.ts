import type { StoredEvent } from '../../events/event.js';
import { eventColumns } from '../../events/event.row.js';
import { alertLink, alertTitle, isoTime, shownEvents } from './format.js';
import type { AlertMessageInput } from './message.js';

/** The version of {@link WebhookPayload}; it changes only when a field changes meaning. */
export const webhookPayloadVersion = 1;

/** A matched event as the webhook sends it: the stored event without `raw`, times in ISO. */
export type WebhookEvent = Omit<StoredEvent, 'raw' | 'platform' | 'time' | 'receivedAt'> & {
  time: string;
  receivedAt: string;
};

/** The JSON body posted to a generic webhook (schema in docs/semantics.md, section 6). */
export interface WebhookPayload {
  version: number;
  alert: {
    id: number;
    title: string;
    url: string | null;
    severity: string;
    triggerType: string;
    groupKey: string | null;
    hostname: string | null;
    matchCount: number;
    firstTime: string;
    lastTime: string;
    windowStart: string | null;
    windowEnd: string | null;
  };
  rule: { id: number; name: string; query: string; description: string };
  events: WebhookEvent[];
  /** Matches of the alert not listed in `events`. */
  eventsOmitted: number;
}

/** Renders the generic webhook body for an alert. */
export function renderWebhook(input: AlertMessageInput): WebhookPayload {
  const { alert, rule } = input;
  const shown = shownEvents(input);

  return {
    version: webhookPayloadVersion,
    alert: {
      id: alert.id,
      title: alertTitle(input),
      url: alertLink(input),
      severity: alert.severity,
      triggerType: alert.triggerType,
      groupKey: alert.groupKey,
      hostname: alert.hostname ?? null,
      matchCount: alert.matchCount,
      firstTime: isoTime(alert.firstTime),
      lastTime: isoTime(alert.lastTime),
      windowStart: alert.windowStart === null ? null : isoTime(alert.windowStart),
      windowEnd: alert.windowEnd === null ? null : isoTime(alert.windowEnd),
    },
    rule: { id: rule.id, name: rule.name, query: rule.query, description: rule.description },
    events: shown.events.map(toWebhookEvent),
    eventsOmitted: shown.omitted,
  };
}

// The stored columns' order, so every payload lists the fields the same way.
function toWebhookEvent(event: StoredEvent): WebhookEvent {
  const entries = eventColumns
    .filter(([, property]) => property !== 'raw')
    .map(([, property]) => {
      const value = event[property as keyof StoredEvent];
      return property === 'time' || property === 'receivedAt'
        ? [property, isoTime(value as number)]
        : [property, value ?? null];
    });
  return Object.fromEntries(entries) as WebhookEvent;
}
