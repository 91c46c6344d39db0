import { ActionType } from '../action.settings.js';
import { renderAlertMessage, type AlertMessage } from './message.js';

/** What the Test button sends: a message with no alert behind it and a fresh key. */
export interface TestMessage {
  message: AlertMessage;
  /** Unique per test, so PagerDuty opens a new incident and webhooks see a new key. */
  idempotencyKey: string;
}

/**
 * Renders the test message of an action: the channel's usual layout, marked as a test,
 * with no events.
 */
export function renderTestMessage(
  type: ActionType,
  action: { id: number; name: string },
  now: number,
): TestMessage {
  const idempotencyKey = `telltale-test-action-${action.id}-${now}`;
  const message = renderAlertMessage(type, {
    alert: {
      id: 0,
      title: `Test message for the action "${action.name}"`,
      ruleName: 'Telltale test',
      severity: 'INFO',
      triggerType: 'SINGLE_MATCH',
      groupKey: null,
      hostname: null,
      matchCount: 0,
      firstTime: now,
      lastTime: now,
      windowStart: null,
      windowEnd: null,
    },
    rule: {
      id: 0,
      name: 'Telltale test',
      query: '',
      description: 'Sent from the action page to check the settings; no rule triggered.',
    },
    events: [],
    linkBaseUrl: null,
  });

  if (message.channel === ActionType.PAGERDUTY) message.pagerDuty.dedup_key = idempotencyKey;
  return { message, idempotencyKey };
}
