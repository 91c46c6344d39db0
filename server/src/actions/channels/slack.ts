import type { SlackSettings } from '../action.settings.js';
import type { SlackMessage } from '../messages/slack.js';
import type { SendOutcome } from './channel.js';
import { postJson } from './http.js';

/**
 * Posts the message to a Slack incoming webhook.
 *
 * @remarks
 * Incoming webhooks take no idempotency key: a crash between the post and recording it
 * posts the message again on restart.
 */
export function sendSlack(
  settings: SlackSettings,
  message: SlackMessage,
  timeoutMs: number,
): Promise<SendOutcome> {
  return postJson(settings.url, message, {}, timeoutMs);
}
