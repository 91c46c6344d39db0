import { describe, expect, it } from 'vitest';

import {
  loadSettings,
  maskSecret,
  maskSettings,
  maskUrl,
  redactSecrets,
  secretFragments,
  storeSettings,
} from './action.secrets.js';
import {
  ActionType,
  PagerDutySeverity,
  type ActionSettings,
  type WebhookHeader,
} from './action.settings.js';

const slackUrl = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXq9Zx';
const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';

const all: ActionSettings[] = [
  {
    type: ActionType.EMAIL,
    email: {
      host: 'smtp.example.test',
      port: 465,
      secure: true,
      user: 'mailer',
      password: 'correct horse battery staple',
      from: 'telltale@example.test',
      to: ['soc@example.test'],
    },
  },
  { type: ActionType.SLACK, slack: { url: slackUrl } },
  {
    type: ActionType.PAGERDUTY,
    pagerDuty: {
      url: 'http://127.0.0.1:39/v2/enqueue',
      routingKey,
      severities: { HIGH: PagerDutySeverity.ERROR },
    },
  },
  {
    type: ActionType.WEBHOOK,
    webhook: {
      url: 'https://hooks.example.test/in/abcdefghijklmnop',
      headers: [
        { name: 'X-Team', value: 'blue', secret: false },
        { name: 'Authorization', value: 'Bearer 0123456789abcdef', secret: true },
      ],
    },
  },
];

describe(storeSettings.name, () => {
  it.each(all)('keeps every secret of a $type action out of the config column', (settings) => {
    const sut = storeSettings(settings);

    for (const secret of secretFragments(settings).keys()) expect(sut.config).not.toContain(secret);
    expect(loadSettings(settings.type, sut.config, sut.secrets)).toEqual(settings);
  });
});

describe(loadSettings.name, () => {
  it('reads e-mail recipients from the key the list search reads', () => {
    const stored = storeSettings(all[0]!);

    expect(JSON.parse(stored.config).recipients).toEqual(['soc@example.test']);
  });
});

describe(maskSettings.name, () => {
  it('shows each secret as its last 4 characters at most', () => {
    const sut = all.map(maskSettings);

    expect(sut).toEqual([
      {
        type: ActionType.EMAIL,
        host: 'smtp.example.test',
        port: 465,
        secure: true,
        user: 'mailer',
        hasPassword: true,
        from: 'telltale@example.test',
        to: ['soc@example.test'],
      },
      { type: ActionType.SLACK, url: 'https://hooks.slack.com/****q9Zx' },
      {
        type: ActionType.PAGERDUTY,
        url: 'http://127.0.0.1:39/v2/enqueue',
        routingKey: '****CDEF',
        severities: [{ severity: 'HIGH', pagerDutySeverity: PagerDutySeverity.ERROR }],
      },
      {
        type: ActionType.WEBHOOK,
        url: 'https://hooks.example.test/****mnop',
        headers: [
          { name: 'X-Team', value: 'blue', secret: false },
          { name: 'Authorization', value: '****cdef', secret: true },
        ],
      },
    ]);
  });
});

describe(maskSecret.name, () => {
  it('reveals nothing of a secret shorter than 16 characters', () => {
    expect(maskSecret('short-secret')).toBe('****');
    expect(maskUrl('https://user:pw@example.test/x')).toBe('https://example.test/****');
  });
});

describe(redactSecrets.name, () => {
  const webhook = (url: string, headers: WebhookHeader[] = []): ActionSettings => ({
    type: ActionType.WEBHOOK as const,
    webhook: { url, headers },
  });

  it('masks every occurrence of a routing key', () => {
    const sut = redactSecrets(`failed: ${routingKey} (${routingKey})`, all[2]!);

    expect(sut).toBe('failed: ****CDEF (****CDEF)');
  });

  it('masks a URL whole, and its path echoed alone the way the API shows it', () => {
    const settings = webhook('http://127.0.0.1:18082/hooks/very-secret-path-123456');

    const sut = redactSecrets(
      'bad request to /hooks/very-secret-path-123456 ' +
        '(http://127.0.0.1:18082/hooks/very-secret-path-123456)',
      settings,
    );

    expect(sut).toBe('bad request to /****3456 (http://127.0.0.1:18082/****3456)');
  });

  it('masks the path without its slash, decoded, and a long segment on its own', () => {
    const settings = webhook('https://hooks.example.test/in/secret%20room/A1B2C3D4E5');

    const sut = redactSecrets(
      'no in/secret%20room/A1B2C3D4E5; no /in/secret room/A1B2C3D4E5; token A1B2C3D4E5',
      settings,
    );

    expect(sut).toBe('no ****; no /****D4E5; token ****');
  });

  it('masks the query, its long values and a password in the URL', () => {
    const settings = webhook(
      'https://bot:pa55word@hooks.example.test/in?team=blue&token=tok3n-value-99',
    );

    const sut = redactSecrets(
      'refused ?team=blue&token=tok3n-value-99 | team=blue&token=tok3n-value-99 | ' +
        'token tok3n-value-99 | login pa55word',
      settings,
    );

    expect(sut).toBe('refused **** | **** | token **** | login ****');
  });

  it('leaves short path words readable', () => {
    const sut = redactSecrets('no such hook at /hook', webhook('http://127.0.0.1:39/hook'));

    expect(sut).toBe('no such hook at /****');
  });

  it('masks a secret header value and the token of its value', () => {
    const settings = webhook('http://127.0.0.1:39/hook', [
      { name: 'X-Team', value: 'blue', secret: false },
      { name: 'Authorization', value: 'Bearer s3cr3t-token-value', secret: true },
    ]);

    const sut = redactSecrets(
      'team blue sent Bearer s3cr3t-token-value, then s3cr3t-token-value',
      settings,
    );

    expect(sut).toBe('team blue sent ****alue, then ****');
  });

  it('masks the SMTP password', () => {
    const sut = redactSecrets('AUTH failed for correct horse battery staple', all[0]!);

    expect(sut).toBe('AUTH failed for ****');
  });
});
