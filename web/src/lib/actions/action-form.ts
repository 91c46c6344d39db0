/**
 * The action editor's state and its conversion to the API's settings input. Secrets come
 * back from the API masked: a secret field left empty is omitted, so the server keeps the
 * stored value.
 */

export const actionTypeNames = ['EMAIL', 'SLACK', 'PAGERDUTY', 'WEBHOOK'] as const;
export type ActionTypeName = (typeof actionTypeNames)[number];

export const actionTypeLabels: Record<ActionTypeName, string> = {
  EMAIL: 'Email',
  SLACK: 'Slack',
  PAGERDUTY: 'PagerDuty',
  WEBHOOK: 'Webhook',
};

export const pagerDutySeverityNames = ['CRITICAL', 'ERROR', 'WARNING', 'INFO'] as const;
export type PagerDutySeverityName = (typeof pagerDutySeverityNames)[number];

/** The PagerDuty Events API v2 endpoint the server uses when none is given. */
export const defaultPagerDutyUrl = 'https://events.pagerduty.com/v2/enqueue';

export interface HeaderForm {
  name: string;
  /** Empty for a stored secret header left unchanged. */
  value: string;
  secret: boolean;
  /** The masked value the API returned, shown as a placeholder. */
  masked: string | null;
}

export interface ActionForm {
  name: string;
  type: ActionTypeName;
  email: {
    host: string;
    port: number;
    secure: boolean;
    user: string;
    password: string;
    hasPassword: boolean;
    from: string;
    /** Recipients separated by commas, semicolons or new lines. */
    to: string;
  };
  slack: { url: string; maskedUrl: string | null };
  pagerDuty: {
    url: string;
    routingKey: string;
    maskedRoutingKey: string | null;
    severities: {
      severity: string;
      pagerDutySeverity: PagerDutySeverityName;
    }[];
  };
  webhook: { url: string; maskedUrl: string | null; headers: HeaderForm[] };
}

/** Settings as the API returns them, every secret masked. */
export interface MaskedSettingsValue {
  type: ActionTypeName;
  email?: {
    host: string;
    port: number;
    secure: boolean;
    user: string | null;
    hasPassword: boolean;
    from: string;
    to: readonly string[];
  } | null;
  slack?: { url: string } | null;
  pagerDuty?: {
    url: string;
    routingKey: string;
    severities: readonly { severity: string; pagerDutySeverity: string }[];
  } | null;
  webhook?: {
    url: string;
    headers: readonly {
      name: string;
      value?: string | null;
      secret: boolean;
    }[];
  } | null;
}

/** Settings as the API takes them; a secret left out is kept on update. */
export interface SettingsValue {
  type: ActionTypeName;
  email?: {
    host: string;
    port: number;
    secure: boolean;
    user: string | null;
    password?: string;
    from: string;
    to: string[];
  };
  slack?: { url?: string };
  pagerDuty?: {
    url: string;
    routingKey?: string;
    severities: {
      severity: string;
      pagerDutySeverity: PagerDutySeverityName;
    }[];
  };
  webhook?: {
    url?: string;
    headers: { name: string; value?: string; secret: boolean }[];
  };
}

/** A new action's form. */
export function createActionForm(type: ActionTypeName = 'EMAIL'): ActionForm {
  return {
    name: '',
    type,
    email: {
      host: '',
      port: 587,
      secure: false,
      user: '',
      password: '',
      hasPassword: false,
      from: '',
      to: '',
    },
    slack: { url: '', maskedUrl: null },
    pagerDuty: {
      url: defaultPagerDutyUrl,
      routingKey: '',
      maskedRoutingKey: null,
      severities: [],
    },
    webhook: { url: '', maskedUrl: null, headers: [] },
  };
}

/** A stored action in the form: secrets empty, their masked values kept for placeholders. */
export function toActionForm(name: string, settings: MaskedSettingsValue): ActionForm {
  const form = createActionForm(settings.type);
  form.name = name;
  if (settings.email) {
    form.email = {
      ...settings.email,
      user: settings.email.user ?? '',
      password: '',
      to: settings.email.to.join(', '),
    };
  }
  if (settings.slack) form.slack = { url: '', maskedUrl: settings.slack.url };
  if (settings.pagerDuty) {
    form.pagerDuty = {
      url: settings.pagerDuty.url,
      routingKey: '',
      maskedRoutingKey: settings.pagerDuty.routingKey,
      severities: settings.pagerDuty.severities.map((entry) => ({
        severity: entry.severity,
        pagerDutySeverity: entry.pagerDutySeverity as PagerDutySeverityName,
      })),
    };
  }
  if (settings.webhook) {
    form.webhook = {
      url: '',
      maskedUrl: settings.webhook.url,
      headers: settings.webhook.headers.map((header) => ({
        name: header.name,
        value: header.secret ? '' : (header.value ?? ''),
        secret: header.secret,
        masked: header.secret ? (header.value ?? '****') : null,
      })),
    };
  }
  return form;
}

/** The form's settings for its type, as the API takes them. */
export function toSettingsValue(form: ActionForm): SettingsValue {
  switch (form.type) {
    case 'EMAIL': {
      const { host, port, secure, user, password, from, to } = form.email;
      return {
        type: 'EMAIL',
        email: {
          host: host.trim(),
          port,
          secure,
          user: user.trim() || null,
          ...(password ? { password } : {}),
          from: from.trim(),
          to: splitRecipients(to),
        },
      };
    }
    case 'SLACK':
      return { type: 'SLACK', slack: secret('url', form.slack.url.trim()) };
    case 'PAGERDUTY':
      return {
        type: 'PAGERDUTY',
        pagerDuty: {
          url: form.pagerDuty.url.trim() || defaultPagerDutyUrl,
          ...secret('routingKey', form.pagerDuty.routingKey.trim()),
          severities: form.pagerDuty.severities,
        },
      };
    case 'WEBHOOK':
      return {
        type: 'WEBHOOK',
        webhook: {
          ...secret('url', form.webhook.url.trim()),
          headers: form.webhook.headers
            .filter((header) => header.name.trim())
            .map((header) => ({
              name: header.name.trim(),
              ...secret('value', header.value),
              secret: header.secret,
            })),
        },
      };
  }
}

/** Recipients typed with commas, semicolons, spaces or new lines between them. */
export function splitRecipients(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

function secret<K extends string>(key: K, value: string): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
