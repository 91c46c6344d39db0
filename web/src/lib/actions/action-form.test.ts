import { describe, expect, it } from 'vitest';

import {
  createActionForm,
  splitRecipients,
  toActionForm,
  toSettingsValue,
  type MaskedSettingsValue,
} from './action-form.js';

describe(toSettingsValue.name, () => {
  it('sends the SMTP settings with the recipients split', () => {
    const form = createActionForm('EMAIL');
    form.email = {
      ...form.email,
      host: 'smtp.example.org',
      port: 2525,
      password: 's3cret',
      from: 'telltale@example.org',
      to: 'soc@example.org; oncall@example.org\nlead@example.org',
    };

    expect(toSettingsValue(form)).toEqual({
      type: 'EMAIL',
      email: {
        host: 'smtp.example.org',
        port: 2525,
        secure: false,
        user: null,
        password: 's3cret',
        from: 'telltale@example.org',
        to: ['soc@example.org', 'oncall@example.org', 'lead@example.org'],
      },
    });
  });

  it('leaves out secrets that were not retyped, so the server keeps them', () => {
    const masked: MaskedSettingsValue = {
      type: 'WEBHOOK',
      webhook: {
        url: 'https://hooks.example.org/****',
        headers: [
          { name: 'Authorization', value: '****', secret: true },
          { name: 'X-Team', value: 'soc', secret: false },
        ],
      },
    };

    expect(toSettingsValue(toActionForm('Hook', masked))).toEqual({
      type: 'WEBHOOK',
      webhook: {
        headers: [
          { name: 'Authorization', secret: true },
          { name: 'X-Team', value: 'soc', secret: false },
        ],
      },
    });
  });

  it('sends a retyped PagerDuty routing key and the default endpoint', () => {
    const form = createActionForm('PAGERDUTY');
    form.pagerDuty.routingKey = 'abcdefabcdefabcdefabcdefabcdefab';
    form.pagerDuty.url = ' ';

    expect(toSettingsValue(form)).toEqual({
      type: 'PAGERDUTY',
      pagerDuty: {
        url: 'https://events.pagerduty.com/v2/enqueue',
        routingKey: 'abcdefabcdefabcdefabcdefabcdefab',
        severities: [],
      },
    });
  });
});

describe(toActionForm.name, () => {
  it('keeps masked secrets for placeholders and empties the inputs', () => {
    const sut = toActionForm('Slack SOC', {
      type: 'SLACK',
      slack: { url: 'https://hooks.slack.com/services/****' },
    });

    expect(sut.slack).toEqual({ url: '', maskedUrl: 'https://hooks.slack.com/services/****' });
    expect(toSettingsValue(sut)).toEqual({ type: 'SLACK', slack: {} });
  });
});

describe(splitRecipients.name, () => {
  it('drops empty entries', () => {
    expect(splitRecipients(' a@x.org,, b@x.org ')).toEqual(['a@x.org', 'b@x.org']);
  });
});
