import { isIP } from 'node:net';

import { ValidationError } from '../errors.js';
import { severities as ruleSeverities } from '../rules/rule.js';
import { refusedAddress } from './channels/destination.js';

/** The channels an action delivers through; the value is stored in `actions.type`. */
export enum ActionType {
  EMAIL = 'EMAIL',
  SLACK = 'SLACK',
  PAGERDUTY = 'PAGERDUTY',
  WEBHOOK = 'WEBHOOK',
}

/** PagerDuty Events API v2 severities; the value is what the API receives. */
export enum PagerDutySeverity {
  CRITICAL = 'critical',
  ERROR = 'error',
  WARNING = 'warning',
  INFO = 'info',
}

/** The PagerDuty Events API v2 endpoint, used when an action names none. */
export const pagerDutyEventsUrl = 'https://events.pagerduty.com/v2/enqueue';

/** How rule severities map to PagerDuty severities unless an action says otherwise. */
export const defaultPagerDutySeverities: Readonly<Record<string, PagerDutySeverity>> = {
  CRITICAL: PagerDutySeverity.CRITICAL,
  HIGH: PagerDutySeverity.ERROR,
  MEDIUM: PagerDutySeverity.WARNING,
  LOW: PagerDutySeverity.INFO,
  INFO: PagerDutySeverity.INFO,
};

/** The PagerDuty severity of a rule severity the mapping does not name. */
export const fallbackPagerDutySeverity = PagerDutySeverity.WARNING;

/** Header names the webhook channel sets itself. */
const reservedHeaders = new Set([
  'connection',
  'content-length',
  'content-type',
  'expect',
  'host',
  'idempotency-key',
  'keep-alive',
  'te',
  'transfer-encoding',
  'upgrade',
  'user-agent',
]);

const maxHeaders = 20;
const maxUrlLength = 2048;
const maxRecipients = 50;
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const emailPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const hostnamePattern =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const routingKeyPattern = /^[A-Za-z0-9]{32}$/;

export interface EmailSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
}

export interface SlackSettings {
  /** The incoming webhook URL; it carries the token, so it is a secret. */
  url: string;
}

export interface PagerDutySettings {
  url: string;
  routingKey: string;
  /** Rule severity -> PagerDuty severity, defaults included. */
  severities: Record<string, PagerDutySeverity>;
}

export interface WebhookHeader {
  name: string;
  value: string;
  /** A secret header's value is stored with the secrets and masked in the API. */
  secret: boolean;
}

export interface WebhookSettings {
  url: string;
  headers: WebhookHeader[];
}

/** An action's complete settings, secrets included: what the channels send with. */
export type ActionSettings =
  | { type: ActionType.EMAIL; email: EmailSettings }
  | { type: ActionType.SLACK; slack: SlackSettings }
  | { type: ActionType.PAGERDUTY; pagerDuty: PagerDutySettings }
  | { type: ActionType.WEBHOOK; webhook: WebhookSettings };

export interface EmailSettingsInput {
  host: string;
  port: number;
  secure?: boolean | null;
  user?: string | null;
  /** Omitted on update: the stored password is kept. */
  password?: string | null;
  from: string;
  to: string[];
}

export interface SlackSettingsInput {
  /** Omitted on update: the stored URL is kept. */
  url?: string | null;
}

export interface PagerDutySeverityInput {
  severity: string;
  pagerDutySeverity: PagerDutySeverity;
}

export interface PagerDutySettingsInput {
  url?: string | null;
  /** Omitted on update: the stored key is kept. */
  routingKey?: string | null;
  /** Overrides of {@link defaultPagerDutySeverities}. */
  severities?: PagerDutySeverityInput[] | null;
}

export interface WebhookHeaderInput {
  name: string;
  /** Omitted on update: the stored value of the header with this name is kept. */
  value?: string | null;
  secret?: boolean | null;
}

export interface WebhookSettingsInput {
  /** Omitted on update: the stored URL is kept. */
  url?: string | null;
  headers?: WebhookHeaderInput[] | null;
}

/** Settings as the API receives them: `type` and the one matching group. */
export interface ActionSettingsInput {
  type: ActionType;
  email?: EmailSettingsInput | null;
  slack?: SlackSettingsInput | null;
  pagerDuty?: PagerDutySettingsInput | null;
  webhook?: WebhookSettingsInput | null;
}

const groupOf = {
  [ActionType.EMAIL]: 'email',
  [ActionType.SLACK]: 'slack',
  [ActionType.PAGERDUTY]: 'pagerDuty',
  [ActionType.WEBHOOK]: 'webhook',
} as const;

/**
 * Checks settings from the API and completes them into {@link ActionSettings}.
 *
 * @remarks
 * `previous` is what is stored when an action is updated: a secret the input omits keeps
 * its stored value, as long as the type is unchanged. Throws {@link ValidationError}
 * naming the offending field (`email.to[1]`, `webhook.headers[0].name`).
 */
export function validateSettings(
  input: ActionSettingsInput,
  previous: ActionSettings | null = null,
): ActionSettings {
  if (!Object.values(ActionType).includes(input.type)) {
    throw new ValidationError('type', `must be one of ${Object.values(ActionType).join(', ')}`);
  }
  const group = groupOf[input.type];
  for (const other of Object.values(groupOf)) {
    if (other !== group && input[other] != null) {
      throw new ValidationError(
        other,
        `not allowed for ${article(input.type)} ${input.type} action; send ${group}`,
      );
    }
  }
  if (input[group] == null) {
    throw new ValidationError(group, `required for ${article(input.type)} ${input.type} action`);
  }

  switch (input.type) {
    case ActionType.EMAIL:
      return {
        type: input.type,
        email: email(input.email!, previous?.type === input.type ? previous.email : null),
      };
    case ActionType.SLACK:
      return {
        type: input.type,
        slack: slack(input.slack!, previous?.type === input.type ? previous.slack : null),
      };
    case ActionType.PAGERDUTY:
      return {
        type: input.type,
        pagerDuty: pagerDuty(
          input.pagerDuty!,
          previous?.type === input.type ? previous.pagerDuty : null,
        ),
      };
    case ActionType.WEBHOOK:
      return {
        type: input.type,
        webhook: webhook(input.webhook!, previous?.type === input.type ? previous.webhook : null),
      };
  }
}

/** Checks an http(s) URL; returns it trimmed. */
export function checkHttpUrl(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > maxUrlLength) {
    throw new ValidationError(field, `must be at most ${maxUrlLength} characters`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ValidationError(field, 'must be an http:// or https:// URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new ValidationError(field, 'must be an http:// or https:// URL');
  }
  const refused = refusedAddress(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (refused) throw new ValidationError(field, refused);
  if (url.port && blockedPorts.has(Number(url.port))) {
    throw new ValidationError(
      field,
      `uses port ${url.port}, which HTTP clients refuse to connect to ` +
        '(it belongs to another protocol); choose another port',
    );
  }
  return trimmed;
}

// The ports the Fetch standard blocks ("bad ports"): Node's fetch fails on them at once.
const blockedPorts = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/** Whether `value` is a plain e-mail address (`local@domain`, ASCII). */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && emailPattern.test(value);
}

function email(input: EmailSettingsInput, previous: EmailSettings | null): EmailSettings {
  const host = input.host.trim();
  if (!host || !(isIP(host) || hostnamePattern.test(host))) {
    throw new ValidationError(
      'email.host',
      'must be a host name or IP address, without a scheme or port',
    );
  }
  const refused = refusedAddress(host);
  if (refused) throw new ValidationError('email.host', refused);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    throw new ValidationError('email.port', 'must be a whole number from 1 to 65535');
  }

  const user = input.user?.trim() || null;
  const password = input.password || (user && user === previous?.user ? previous.password : null);
  if (user && !password) {
    throw new ValidationError('email.password', 'required when a user is set');
  }
  if (!user && input.password) {
    throw new ValidationError('email.user', 'required when a password is set');
  }

  const from = input.from.trim();
  if (!isEmailAddress(from)) {
    throw new ValidationError(
      'email.from',
      `must be an e-mail address like alerts@example.com; got "${from}"`,
    );
  }
  if (input.to.length === 0) {
    throw new ValidationError('email.to', 'needs at least one recipient');
  }
  if (input.to.length > maxRecipients) {
    throw new ValidationError('email.to', `may hold at most ${maxRecipients} recipients`);
  }
  const to = input.to.map((address, index) => {
    const trimmed = address.trim();
    if (!isEmailAddress(trimmed)) {
      throw new ValidationError(
        `email.to[${index}]`,
        `must be an e-mail address like soc@example.com; got "${trimmed}"`,
      );
    }
    return trimmed;
  });

  return { host, port: input.port, secure: input.secure ?? false, user, password, from, to };
}

function slack(input: SlackSettingsInput, previous: SlackSettings | null): SlackSettings {
  const url = input.url ? checkHttpUrl('slack.url', input.url) : previous?.url;
  if (!url) throw new ValidationError('slack.url', 'required: the incoming webhook URL from Slack');
  return { url };
}

function pagerDuty(
  input: PagerDutySettingsInput,
  previous: PagerDutySettings | null,
): PagerDutySettings {
  const url = input.url ? checkHttpUrl('pagerDuty.url', input.url) : pagerDutyEventsUrl;

  const routingKey = input.routingKey?.trim() || previous?.routingKey;
  if (!routingKey) {
    throw new ValidationError(
      'pagerDuty.routingKey',
      'required: the integration key of an Events API v2 integration',
    );
  }
  if (!routingKeyPattern.test(routingKey)) {
    throw new ValidationError(
      'pagerDuty.routingKey',
      'must be 32 letters and digits (the integration key)',
    );
  }

  let severities = previous?.severities ?? { ...defaultPagerDutySeverities };
  if (input.severities) {
    severities = { ...defaultPagerDutySeverities };
    const seen = new Set<string>();
    input.severities.forEach((entry, index) => {
      const field = `pagerDuty.severities[${index}]`;
      const severity = entry.severity.trim().toUpperCase();
      if (!(ruleSeverities as readonly string[]).includes(severity)) {
        throw new ValidationError(
          `${field}.severity`,
          `must be a rule severity: one of ${ruleSeverities.join(', ')}; got "${entry.severity}"`,
        );
      }
      if (seen.has(severity)) {
        throw new ValidationError(`${field}.severity`, `${severity} is mapped twice`);
      }
      if (!Object.values(PagerDutySeverity).includes(entry.pagerDutySeverity)) {
        throw new ValidationError(
          `${field}.pagerDutySeverity`,
          'must be critical, error, warning or info',
        );
      }
      seen.add(severity);
      severities[severity] = entry.pagerDutySeverity;
    });
  }

  return { url, routingKey, severities };
}

function webhook(input: WebhookSettingsInput, previous: WebhookSettings | null): WebhookSettings {
  const url = input.url ? checkHttpUrl('webhook.url', input.url) : previous?.url;
  if (!url) throw new ValidationError('webhook.url', 'required: the URL Telltale posts alerts to');

  const headers = input.headers ?? [];
  if (headers.length > maxHeaders) {
    throw new ValidationError('webhook.headers', `may hold at most ${maxHeaders} headers`);
  }
  const seen = new Set<string>();
  const checked = headers.map((header, index): WebhookHeader => {
    const field = `webhook.headers[${index}]`;
    const name = header.name.trim();
    const key = name.toLowerCase();
    if (!headerNamePattern.test(name)) {
      throw new ValidationError(`${field}.name`, `"${name}" is not a valid header name`);
    }
    if (reservedHeaders.has(key)) {
      throw new ValidationError(
        `${field}.name`,
        `${name} is set by Telltale and cannot be overridden`,
      );
    }
    if (seen.has(key)) {
      throw new ValidationError(`${field}.name`, `${name} is given twice`);
    }
    seen.add(key);

    const value =
      header.value ?? previous?.headers.find((stored) => stored.name.toLowerCase() === key)?.value;
    if (value === undefined || value === '') {
      throw new ValidationError(`${field}.value`, 'required');
    }
    if (hasControlCharacter(value) || value.length > 4096) {
      throw new ValidationError(`${field}.value`, 'must be one line of at most 4096 characters');
    }
    return { name, value, secret: header.secret ?? false };
  });

  return { url, headers: checked };
}

// Tab is allowed in a header value; every other control character would break the line.
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

// "an EMAIL action", "a SLACK action": the type names are read as words.
function article(type: string): string {
  return /^[AEIOU]/.test(type) ? 'an' : 'a';
}
