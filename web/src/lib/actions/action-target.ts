import type { MaskedSettingsValue } from './action-form.js';

/** Where an action delivers, in a few words: recipients, or the masked URL or key. */
export function describeTarget(settings: MaskedSettingsValue): string {
  switch (settings.type) {
    case 'EMAIL':
      return settings.email ? settings.email.to.join(', ') : '';
    case 'SLACK':
      return settings.slack?.url ?? '';
    case 'PAGERDUTY':
      return settings.pagerDuty ? `routing key ${settings.pagerDuty.routingKey}` : '';
    case 'WEBHOOK':
      return settings.webhook?.url ?? '';
  }
}
