import { describe, expect, it } from 'vitest';

import {
  ActionType,
  PagerDutySeverity,
  pagerDutyEventsUrl,
  validateSettings,
  type ActionSettingsInput,
} from './action.settings.js';

const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';

function emailInput(overrides: Partial<NonNullable<ActionSettingsInput['email']>> = {}) {
  return {
    type: ActionType.EMAIL,
    email: {
      host: 'smtp.example.test',
      port: 587,
      from: 'telltale@example.test',
      to: ['soc@example.test'],
      ...overrides,
    },
  };
}

describe(validateSettings.name, () => {
  it('completes e-mail settings with their defaults', () => {
    const sut = validateSettings(emailInput({ to: [' soc@example.test ', 'root@localhost'] }));

    expect(sut).toEqual({
      type: ActionType.EMAIL,
      email: {
        host: 'smtp.example.test',
        port: 587,
        secure: false,
        user: null,
        password: null,
        from: 'telltale@example.test',
        to: ['soc@example.test', 'root@localhost'],
      },
    });
  });

  it.each(
    (
      [
        [
          emailInput({ host: 'smtp://mail' }),
          'email.host: must be a host name or IP address, without a scheme or port',
        ],
        [emailInput({ port: 0 }), 'email.port: must be a whole number from 1 to 65535'],
        [emailInput({ port: 25.5 }), 'email.port: must be a whole number from 1 to 65535'],
        [emailInput({ user: 'mailer' }), 'email.password: required when a user is set'],
        [emailInput({ password: 'pw' }), 'email.user: required when a password is set'],
        [
          emailInput({ from: 'Telltale' }),
          'email.from: must be an e-mail address like alerts@example.com; got "Telltale"',
        ],
        [emailInput({ to: [] }), 'email.to: needs at least one recipient'],
        [
          emailInput({ to: ['soc@example.test', 'not an address'] }),
          'email.to[1]: must be an e-mail address like soc@example.com; got "not an address"',
        ],
        [
          { type: ActionType.SLACK, slack: { url: 'ftp://hooks.example.test/x' } },
          'slack.url: must be an http:// or https:// URL',
        ],
        [
          { type: ActionType.SLACK, slack: { url: 'hooks.slack.com/services/x' } },
          'slack.url: must be an http:// or https:// URL',
        ],
        [
          { type: ActionType.WEBHOOK, webhook: { url: 'http://169.254.169.254/latest/meta-data' } },
          'webhook.url: 169.254.169.254 is a link-local address, where cloud ' +
            'metadata services answer: Telltale does not send there',
        ],
        [
          { type: ActionType.SLACK, slack: { url: 'http://[fe80::1]:8080/x' } },
          'slack.url: fe80::1 is a link-local address, where cloud ' +
            'metadata services answer: Telltale does not send there',
        ],
        [
          emailInput({ host: '169.254.10.10' }),
          'email.host: 169.254.10.10 is a link-local address, where cloud ' +
            'metadata services answer: Telltale does not send there',
        ],
        [
          { type: ActionType.WEBHOOK, webhook: { url: 'http://127.0.0.1:9/hook' } },
          'webhook.url: uses port 9, which HTTP clients refuse to connect to ' +
            '(it belongs to another protocol); choose another port',
        ],
        [
          { type: ActionType.SLACK, slack: {} },
          'slack.url: required: the incoming webhook URL from Slack',
        ],
        [{ type: ActionType.SLACK }, 'slack: required for a SLACK action'],
        [{ type: ActionType.EMAIL }, 'email: required for an EMAIL action'],
        [
          {
            type: ActionType.PAGERDUTY,
            pagerDuty: {
              routingKey: 'R0123456789abcdefghijklmnopqrstu',
              severities: [{ severity: 'bogus', pagerDutySeverity: PagerDutySeverity.ERROR }],
            },
          },
          'pagerDuty.severities[0].severity: must be a rule severity: one of INFO, LOW, ' +
            'MEDIUM, HIGH, CRITICAL; got "bogus"',
        ],
        [
          {
            type: ActionType.SLACK,
            slack: { url: 'https://hooks.example.test/x' },
            webhook: { url: 'https://a.test' },
          },
          'webhook: not allowed for a SLACK action; send slack',
        ],
        [
          { type: ActionType.PAGERDUTY, pagerDuty: { routingKey: 'short' } },
          'pagerDuty.routingKey: must be 32 letters and digits (the integration key)',
        ],
        [
          { type: ActionType.PAGERDUTY, pagerDuty: {} },
          'pagerDuty.routingKey: required: the integration key of an Events API v2 integration',
        ],
        [
          {
            type: ActionType.PAGERDUTY,
            pagerDuty: {
              routingKey,
              severities: [
                { severity: 'high', pagerDutySeverity: PagerDutySeverity.CRITICAL },
                { severity: 'HIGH', pagerDutySeverity: PagerDutySeverity.ERROR },
              ],
            },
          },
          'pagerDuty.severities[1].severity: HIGH is mapped twice',
        ],
        [
          {
            type: ActionType.WEBHOOK,
            webhook: { url: 'https://a.test/hook', headers: [{ name: 'X Bad', value: '1' }] },
          },
          'webhook.headers[0].name: "X Bad" is not a valid header name',
        ],
        [
          {
            type: ActionType.WEBHOOK,
            webhook: {
              url: 'https://a.test/hook',
              headers: [{ name: 'Idempotency-Key', value: '1' }],
            },
          },
          'webhook.headers[0].name: Idempotency-Key is set by Telltale and cannot be overridden',
        ],
        [
          {
            type: ActionType.WEBHOOK,
            webhook: {
              url: 'https://a.test/hook',
              headers: [
                { name: 'X-A', value: '1' },
                { name: 'x-a', value: '2' },
              ],
            },
          },
          'webhook.headers[1].name: x-a is given twice',
        ],
        [
          {
            type: ActionType.WEBHOOK,
            webhook: {
              url: 'https://a.test/hook',
              headers: [{ name: 'X-A', value: 'a\r\nX-B: b' }],
            },
          },
          'webhook.headers[0].value: must be one line of at most 4096 characters',
        ],
        [
          {
            type: ActionType.WEBHOOK,
            webhook: { url: 'https://a.test/hook', headers: [{ name: 'X-A', secret: true }] },
          },
          'webhook.headers[0].value: required',
        ],
      ] as [ActionSettingsInput, string][]
    ).map(([input, message]) => ({ input, message })),
  )('rejects with "$message"', ({ input, message }) => {
    expect(() => validateSettings(input)).toThrow(message);
  });

  it('names the field in the error details', () => {
    try {
      validateSettings(emailInput({ to: ['x'] }));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'email.to[0]' } });
    }
  });

  it('fills the PagerDuty URL and severities, overriding the mapped ones', () => {
    const sut = validateSettings({
      type: ActionType.PAGERDUTY,
      pagerDuty: {
        routingKey,
        severities: [{ severity: 'medium', pagerDutySeverity: PagerDutySeverity.ERROR }],
      },
    });

    expect(sut).toEqual({
      type: ActionType.PAGERDUTY,
      pagerDuty: {
        url: pagerDutyEventsUrl,
        routingKey,
        severities: {
          CRITICAL: 'critical',
          HIGH: 'error',
          MEDIUM: 'error',
          LOW: 'info',
          INFO: 'info',
        },
      },
    });
  });

  it('keeps stored secrets an update omits', () => {
    const stored = validateSettings({
      type: ActionType.WEBHOOK,
      webhook: {
        url: 'https://hooks.example.test/T1/secret',
        headers: [{ name: 'Authorization', value: 'Bearer abc', secret: true }],
      },
    });

    const sut = validateSettings(
      {
        type: ActionType.WEBHOOK,
        webhook: {
          headers: [
            { name: 'authorization', secret: true },
            { name: 'X-Team', value: 'blue' },
          ],
        },
      },
      stored,
    );

    expect(sut).toEqual({
      type: ActionType.WEBHOOK,
      webhook: {
        url: 'https://hooks.example.test/T1/secret',
        headers: [
          { name: 'authorization', value: 'Bearer abc', secret: true },
          { name: 'X-Team', value: 'blue', secret: false },
        ],
      },
    });
  });

  it('keeps the stored SMTP password while the user stays the same', () => {
    const stored = validateSettings(emailInput({ user: 'mailer', password: 'pw-1' }));

    const kept = validateSettings(emailInput({ user: 'mailer', port: 465, secure: true }), stored);

    expect(kept).toMatchObject({
      email: { user: 'mailer', password: 'pw-1', port: 465, secure: true },
    });
    expect(() => validateSettings(emailInput({ user: 'other' }), stored)).toThrow(
      'email.password: required when a user is set',
    );
  });

  it('asks for the secrets again when the type changes', () => {
    const stored = validateSettings({
      type: ActionType.SLACK,
      slack: { url: 'https://hooks.example.test/x' },
    });

    expect(() => validateSettings({ type: ActionType.WEBHOOK, webhook: {} }, stored)).toThrow(
      'webhook.url: required: the URL Telltale posts alerts to',
    );
  });
});
