import type { PagerDutySettings } from '../action.settings.js';
import type { PagerDutyEvent } from '../messages/pagerduty.js';
import type { SendOutcome } from './channel.js';
import { postJson } from './http.js';

/**
 * Sends a trigger event to the PagerDuty Events API v2 with the action's routing key.
 *
 * @remarks
 * The event's `dedup_key` comes from the alert id, so a retry, or a second PagerDuty
 * action on the same service, adds to the open incident instead of paging again.
 */
export function sendPagerDuty(
  settings: PagerDutySettings,
  event: PagerDutyEvent,
  timeoutMs: number,
): Promise<SendOutcome> {
  return postJson(settings.url, { routing_key: settings.routingKey, ...event }, {}, timeoutMs);
}
