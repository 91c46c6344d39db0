import type { WebhookSettings } from '../action.settings.js';
import type { WebhookPayload } from '../messages/webhook.js';
import type { SendOutcome } from './channel.js';
import { postJson } from './http.js';

/** POSTs the payload to the webhook with its headers and an `Idempotency-Key`. */
export function sendWebhook(
  settings: WebhookSettings,
  payload: WebhookPayload,
  options: { idempotencyKey: string; timeoutMs: number },
): Promise<SendOutcome> {
  const headers: Record<string, string> = {};
  for (const header of settings.headers) headers[header.name] = header.value;
  headers['idempotency-key'] = options.idempotencyKey;
  return postJson(settings.url, payload, headers, options.timeoutMs);
}
