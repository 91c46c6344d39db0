import { describe, expect, it } from 'vitest';

import {
  loadSettings,
  maskSecret,
  maskSettings,
  maskUrl,
  redactSecrets,
  secretValues,
  storeSettings,
} from './action.secrets.js';
import { ActionType, PagerDutySeverity, type ActionSettings } from './action.settings.js';

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
      url: 'http://127.0.0.1:9/v2/enqueue',
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

    for (const secret of secretValues(settings)) expect(sut.config).not.toContain(secret);
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
        url: 'http://127.0.0.1:9/v2/enqueue',
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
  it('masks every occurrence of every secret', () => {
    const sut = redactSecrets(`failed: ${routingKey} (${routingKey})`, [routingKey, '']);

    expect(sut).toBe('failed: ****CDEF (****CDEF)');
  });
});
