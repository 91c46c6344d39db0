import {
  ActionType,
  type ActionSettings,
  type PagerDutySeverity,
  type WebhookHeader,
} from './action.settings.js';

/** Secrets shorter than this are masked without showing any of their characters. */
const minRevealLength = 16;
/** Shorter path segments and query values are structure (`hooks`, `v1`), not secrets. */
const minFragmentLength = 8;
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

/**
 * Every secret of the settings as text a receiver, a library or a log line may echo, with
 * the masked form that replaces it: each secret whole; for a URL also its password and its
 * path and query, raw and percent-decoded; when 8 characters or longer, also the path and
 * query without their leading `/` or `?`, each path segment and each query value; for a
 * secret header, each word of its value of 8 characters or more (`Bearer <token>`).
 */
export function secretFragments(settings: ActionSettings): Map<string, string> {
  const fragments = new Map<string, string>();
  switch (settings.type) {
    case ActionType.EMAIL:
      if (settings.email.password) fragments.set(settings.email.password, mask);
      break;
    case ActionType.SLACK:
      addUrlFragments(fragments, settings.slack.url);
      break;
    case ActionType.PAGERDUTY:
      fragments.set(settings.pagerDuty.routingKey, maskSecret(settings.pagerDuty.routingKey));
      break;
    case ActionType.WEBHOOK:
      addUrlFragments(fragments, settings.webhook.url);
      for (const header of settings.webhook.headers.filter((each) => each.secret)) {
        for (const word of header.value.split(/\s+/)) {
          if (word.length >= minFragmentLength) fragments.set(word, mask);
        }
        fragments.set(header.value, maskSecret(header.value));
      }
      break;
  }
  fragments.delete('');
  return fragments;
}

/**
 * `text` with every secret of the action's settings replaced by its masked form: the one
 * filter for failure reasons before they reach the API or the logs.
 */
export function redactSecrets(text: string, settings: ActionSettings): string {
  // Longest first, so a whole URL is masked as one before its path could be.
  const fragments = [...secretFragments(settings)].sort(([a], [b]) => b.length - a.length);
  let redacted = text;
  for (const [secret, masked] of fragments) redacted = redacted.split(secret).join(masked);
  return redacted;
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
  return `${url.protocol}//${url.host}/${maskRest(url)}`;
}

// The path, query and fragment of a URL as the masked URL shows them.
function maskRest(url: URL): string {
  const rest = `${url.pathname}${url.search}${url.hash}`;
  return rest.length >= minRevealLength ? `${mask}${rest.slice(-4)}` : mask;
}

function addUrlFragments(fragments: Map<string, string>, value: string): void {
  const masked = maskUrl(value);
  fragments.set(value, masked);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return;
  }
  fragments.set(url.href, masked);
  for (const form of variants(url.password)) fragments.set(form, mask);

  const rest = `${url.pathname}${url.search}${url.hash}`;
  if (rest === '/') return;
  for (const form of variants(rest)) fragments.set(form, `/${maskRest(url)}`);
  // With its leading `/` or `?` a part is a piece of the URL whatever its length; without,
  // only a long one is taken for a secret, so that words like `hook` stay readable.
  const prefixed = [url.pathname === '/' ? '' : url.pathname, url.search];
  const bare = [
    rest.slice(1),
    url.pathname.slice(1),
    url.search.slice(1),
    url.hash.slice(1),
    ...url.pathname.split('/'),
    ...url.searchParams.values(),
  ].filter((part) => part.length >= minFragmentLength);
  for (const part of [...prefixed, ...bare]) {
    for (const form of variants(part)) if (!fragments.has(form)) fragments.set(form, mask);
  }
}

// A piece of a URL as written and percent-decoded.
function variants(piece: string): string[] {
  try {
    return [piece, decodeURIComponent(piece)];
  } catch {
    return [piece];
  }
}
