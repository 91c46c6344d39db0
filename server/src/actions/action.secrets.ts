import {
  ActionType,
  type ActionSettings,
  type PagerDutySeverity,
  type WebhookHeader,
} from './action.settings.js';

/** Secrets shorter than this are masked without showing any of their characters. */
const minRevealLength = 16;
const mask = '****';

/** The two JSON columns of an action row: shown settings and secrets. */
export interface StoredSettings {
  config: string;
  secrets: string;
}

/** An action's settings as the API shows them: every secret masked. */
export type MaskedSettings =
  | {
      type: ActionType.EMAIL;
      host: string;
      port: number;
      secure: boolean;
      user: string | null;
      hasPassword: boolean;
      from: string;
      to: string[];
    }
  | { type: ActionType.SLACK; url: string }
  | {
      type: ActionType.PAGERDUTY;
      url: string;
      routingKey: string;
      severities: { severity: string; pagerDutySeverity: PagerDutySeverity }[];
    }
  | { type: ActionType.WEBHOOK; url: string; headers: WebhookHeader[] };

/** Splits settings into the `config` and `secrets` columns. */
export function storeSettings(settings: ActionSettings): StoredSettings {
  switch (settings.type) {
    case ActionType.EMAIL: {
      // `recipients` is the key the actions list's `recipient:` search reads.
      const { password, to, ...shown } = settings.email;
      return {
        config: JSON.stringify({ ...shown, recipients: to }),
        secrets: JSON.stringify({ password }),
      };
    }
    case ActionType.SLACK:
      return { config: '{}', secrets: JSON.stringify({ url: settings.slack.url }) };
    case ActionType.PAGERDUTY: {
      const { routingKey, ...shown } = settings.pagerDuty;
      return { config: JSON.stringify(shown), secrets: JSON.stringify({ routingKey }) };
    }
    case ActionType.WEBHOOK: {
      const { url, headers } = settings.webhook;
      const secretHeaders = Object.fromEntries(
        headers.filter((header) => header.secret).map((header) => [header.name, header.value]),
      );
      const shownHeaders = headers.map((header) =>
        header.secret ? { name: header.name, secret: true } : header,
      );
      return {
        config: JSON.stringify({ headers: shownHeaders }),
        secrets: JSON.stringify({ url, headers: secretHeaders }),
      };
    }
  }
}

/** Joins the `config` and `secrets` columns of an action row back into its settings. */
export function loadSettings(type: string, config: string, secrets: string): ActionSettings {
  const shown = JSON.parse(config);
  const hidden = JSON.parse(secrets);
  switch (type) {
    case ActionType.EMAIL: {
      const { recipients, ...rest } = shown;
      return { type, email: { ...rest, to: recipients, password: hidden.password ?? null } };
    }
    case ActionType.SLACK:
      return { type, slack: { url: hidden.url } };
    case ActionType.PAGERDUTY:
      return { type, pagerDuty: { ...shown, routingKey: hidden.routingKey } };
    case ActionType.WEBHOOK: {
      const headers = (shown.headers as { name: string; value?: string; secret: boolean }[]).map(
        (header): WebhookHeader => ({
          name: header.name,
          value: header.secret ? hidden.headers[header.name] : header.value!,
          secret: header.secret,
        }),
      );
      return { type, webhook: { url: hidden.url, headers } };
    }
    default:
      throw new Error(`unknown action type ${type}`);
  }
}

/** The settings with every secret masked: safe to return from the API. */
export function maskSettings(settings: ActionSettings): MaskedSettings {
  switch (settings.type) {
    case ActionType.EMAIL: {
      const { password, ...shown } = settings.email;
      return { type: settings.type, ...shown, hasPassword: password !== null };
    }
    case ActionType.SLACK:
      return { type: settings.type, url: maskUrl(settings.slack.url) };
    case ActionType.PAGERDUTY: {
      const { url, routingKey, severities } = settings.pagerDuty;
      return {
        type: settings.type,
        url,
        routingKey: maskSecret(routingKey),
        severities: Object.entries(severities).map(([severity, pagerDutySeverity]) => ({
          severity,
          pagerDutySeverity,
        })),
      };
    }
    case ActionType.WEBHOOK:
      return {
        type: settings.type,
        url: maskUrl(settings.webhook.url),
        headers: settings.webhook.headers.map((header) =>
          header.secret ? { ...header, value: maskSecret(header.value) } : header,
        ),
      };
  }
}

/** Every secret value of the settings, for redacting them from error text. */
export function secretValues(settings: ActionSettings): string[] {
  switch (settings.type) {
    case ActionType.EMAIL:
      return settings.email.password ? [settings.email.password] : [];
    case ActionType.SLACK:
      return [settings.slack.url];
    case ActionType.PAGERDUTY:
      return [settings.pagerDuty.routingKey];
    case ActionType.WEBHOOK:
      return [
        settings.webhook.url,
        ...settings.webhook.headers.filter((header) => header.secret).map((header) => header.value),
      ];
  }
}

/** `****` followed by the last 4 characters; only `****` for a short secret. */
export function maskSecret(value: string): string {
  return value.length >= minRevealLength ? `${mask}${value.slice(-4)}` : mask;
}

/** Scheme and host, then {@link maskSecret} of the rest: `https://hooks.slack.com/****x9Qa`. */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return mask;
  }
  const origin = `${url.protocol}//${url.host}`;
  const rest = `${url.pathname}${url.search}${url.hash}`;
  return `${origin}/${rest.length >= minRevealLength ? `${mask}${rest.slice(-4)}` : mask}`;
}

/** `text` with each of `secrets` replaced by its masked form. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret) redacted = redacted.split(secret).join(maskSecret(secret));
  }
  return redacted;
}
