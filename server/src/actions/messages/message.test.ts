import { describe, expect, it } from 'vitest';

import { alertMessageInput, storedEvent } from '../../../test/actions/message-factory.js';
import { ActionType, PagerDutySeverity } from '../action.settings.js';
import { renderAlertMessage, type AlertMessage } from './message.js';

const windowed = alertMessageInput({
  alert: {
    groupKey: 'host-1',
    matchCount: 3,
    windowStart: Date.parse('2024-09-15T00:25:00.000Z'),
    windowEnd: Date.parse('2024-09-15T00:35:00.000Z'),
  },
});

function render<T extends ActionType>(channel: T, input = windowed) {
  return renderAlertMessage(channel, input) as Extract<AlertMessage, { channel: T }>;
}

describe(renderAlertMessage.name, () => {
  it('renders the e-mail subject and text', () => {
    const sut = render(ActionType.EMAIL).email;

    expect(sut.subject).toBe('[Telltale] HIGH: Encoded PowerShell (host-1)');
    expect(sut.text).toBe(
      [
        'HIGH: Encoded PowerShell (host-1)',
        '',
        'Rule: Encoded PowerShell (id 4)',
        'Severity: HIGH',
        'Trigger: Single Match',
        'Group: host-1',
        'Matches: 3',
        'First match: 2024-09-15T00:30:00.123Z',
        'Last match: 2024-09-15T00:30:00.123Z',
        'Window: 2024-09-15T00:25:00.000Z to 2024-09-15T00:35:00.000Z',
        'Alert: https://telltale.example.test/alerts/12',
        '',
        'Query:',
        '  process.name:powershell.exe AND process.command_line:*-enc*',
        '',
        'Description:',
        '  PowerShell started with an encoded command.',
        '',
        'Events (showing 1 of 3):',
        '  2024-09-15T00:30:00.123Z host-1 PROCESS STARTED powershell.exe -enc SQBFAFgA',
        '  ... and 2 more',
        '',
      ].join('\n'),
    );
  });

  it('names the host and the trigger, and leaves out the group of a rule aggregated by action', () => {
    const input = alertMessageInput({
      alert: { hostname: 'ws1', groupKey: '*', triggerType: 'COUNT_MATCH', title: 'Burst on ws1' },
    });

    const text = render(ActionType.EMAIL, input).email.text.split('\n');
    const pagerDuty = render(ActionType.PAGERDUTY, input).pagerDuty;

    expect(text.slice(0, 6)).toEqual([
      'HIGH: Burst on ws1',
      '',
      'Rule: Encoded PowerShell (id 4)',
      'Severity: HIGH',
      'Trigger: Time-Window Count Match',
      'Host: ws1',
    ]);
    expect(text).not.toContain('Group: *');
    expect(pagerDuty.payload.source).toBe('ws1');
  });

  it('escapes markup in the e-mail HTML', () => {
    const sut = render(
      ActionType.EMAIL,
      alertMessageInput({ rule: { query: 'process.name:"<script>" & more' } }),
    ).email;

    expect(sut.html).toContain('<pre>process.name:&quot;&lt;script&gt;&quot; &amp; more</pre>');
    expect(sut.html).not.toContain('<script>');
  });

  it('renders the Slack blocks', () => {
    const sut = render(ActionType.SLACK).slack;

    expect(sut).toEqual({
      text: 'HIGH: Encoded PowerShell (host-1)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'HIGH: Encoded PowerShell (host-1)' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Rule*\nEncoded PowerShell (id 4)' },
            { type: 'mrkdwn', text: '*Severity*\nHIGH' },
            { type: 'mrkdwn', text: '*Trigger*\nSingle Match' },
            { type: 'mrkdwn', text: '*Group*\nhost-1' },
            { type: 'mrkdwn', text: '*Matches*\n3' },
            { type: 'mrkdwn', text: '*First match*\n2024-09-15T00:30:00.123Z' },
            { type: 'mrkdwn', text: '*Last match*\n2024-09-15T00:30:00.123Z' },
            {
              type: 'mrkdwn',
              text: '*Window*\n2024-09-15T00:25:00.000Z to 2024-09-15T00:35:00.000Z',
            },
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Query*\n```process.name:powershell.exe AND process.command_line:*-enc*```',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Description*\nPowerShell started with an encoded command.',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Events* (showing 1 of 3)\n```2024-09-15T00:30:00.123Z host-1 PROCESS STARTED powershell.exe -enc SQBFAFgA```\n… and 2 more',
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open alert' },
              url: 'https://telltale.example.test/alerts/12',
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Telltale alert 12 · rule 4' }] },
      ],
    });
  });

  it('keeps every Slack block within its limit and counts the events it drops', () => {
    const events = Array.from({ length: 10 }, (_, index) =>
      storedEvent({ id: index + 1, processCommandLine: `cmd.exe /c ${'A'.repeat(2_000)}` }),
    );
    const sut = render(
      ActionType.SLACK,
      alertMessageInput({
        alert: { title: `T${'x'.repeat(500)}`, matchCount: 10 },
        rule: { query: 'q'.repeat(10_000) },
        events,
      }),
    ).slack;

    const texts = sut.blocks.flatMap((block) =>
      'text' in block && block.text ? [block.text.text] : [],
    );
    expect(sut.blocks[0]).toMatchObject({ text: { text: expect.stringMatching(/^.{150}$/u) } });
    expect(Math.max(...texts.map((text) => text.length))).toBeLessThanOrEqual(3_000);
    expect(texts.find((text) => text.startsWith('*Events*'))).toMatch(
      /^\*Events\* \(showing 9 of 10\)\n[\s\S]*\n… and 1 more$/,
    );
  });

  it('renders the PagerDuty event with the mapped severity and no routing key', () => {
    const sut = render(ActionType.PAGERDUTY, {
      ...windowed,
      pagerDutySeverities: { HIGH: PagerDutySeverity.CRITICAL },
    }).pagerDuty;

    expect(sut).toEqual({
      event_action: 'trigger',
      dedup_key: 'telltale-alert-12',
      payload: {
        summary: 'HIGH: Encoded PowerShell (host-1)',
        source: 'host-1',
        severity: 'critical',
        timestamp: '2024-09-15T00:30:00.123Z',
        custom_details: {
          alert_id: 12,
          rule_id: 4,
          rule_name: 'Encoded PowerShell',
          query: 'process.name:powershell.exe AND process.command_line:*-enc*',
          description: 'PowerShell started with an encoded command.',
          severity: 'HIGH',
          trigger_type: 'SINGLE_MATCH',
          group_key: 'host-1',
          hostname: null,
          match_count: 3,
          first_time: '2024-09-15T00:30:00.123Z',
          last_time: '2024-09-15T00:30:00.123Z',
          window_start: '2024-09-15T00:25:00.000Z',
          window_end: '2024-09-15T00:35:00.000Z',
          events: ['2024-09-15T00:30:00.123Z host-1 PROCESS STARTED powershell.exe -enc SQBFAFgA'],
          events_omitted: 2,
        },
      },
      client: 'Telltale',
      client_url: 'https://telltale.example.test/alerts/12',
      links: [
        { href: 'https://telltale.example.test/alerts/12', text: 'Open the alert in Telltale' },
      ],
    });
  });

  it('keeps a PagerDuty event far below 512 KB whatever the input', () => {
    const events = Array.from({ length: 200 }, (_, index) =>
      storedEvent({ id: index + 1, processCommandLine: 'A'.repeat(100_000) }),
    );
    const sut = render(
      ActionType.PAGERDUTY,
      alertMessageInput({
        alert: { title: 'x'.repeat(5_000), matchCount: 200 },
        rule: { query: 'q'.repeat(1_000_000), description: 'd'.repeat(1_000_000) },
        events,
      }),
    ).pagerDuty;

    expect(JSON.stringify(sut).length).toBeLessThan(20_000);
    expect(sut.payload.summary).toHaveLength(1_024);
    expect(sut.payload.source).toBe('host-1');
    expect(sut.payload.custom_details.events_omitted).toBe(190);
  });

  it('maps an unknown rule severity to warning and names a multi-host source', () => {
    const sut = render(
      ActionType.PAGERDUTY,
      alertMessageInput({
        alert: { severity: 'URGENT' },
        events: [
          storedEvent(),
          storedEvent({ id: 2, hostname: 'host-2' }),
          storedEvent({ id: 3, hostname: 'host-3' }),
        ],
      }),
    ).pagerDuty;

    expect(sut.payload.severity).toBe('warning');
    expect(sut.payload.source).toBe('host-1 and 2 more hosts');
  });

  it('renders the webhook payload in its versioned schema', () => {
    const sut = render(ActionType.WEBHOOK).webhook;

    expect(sut).toEqual({
      version: 1,
      alert: {
        id: 12,
        title: 'Encoded PowerShell (host-1)',
        url: 'https://telltale.example.test/alerts/12',
        severity: 'HIGH',
        triggerType: 'SINGLE_MATCH',
        groupKey: 'host-1',
        hostname: null,
        matchCount: 3,
        firstTime: '2024-09-15T00:30:00.123Z',
        lastTime: '2024-09-15T00:30:00.123Z',
        windowStart: '2024-09-15T00:25:00.000Z',
        windowEnd: '2024-09-15T00:35:00.000Z',
      },
      rule: {
        id: 4,
        name: 'Encoded PowerShell',
        query: 'process.name:powershell.exe AND process.command_line:*-enc*',
        description: 'PowerShell started with an encoded command.',
      },
      events: [
        expect.objectContaining({
          id: 1,
          time: '2024-09-15T00:30:00.123Z',
          receivedAt: '2024-09-15T00:30:01.000Z',
          type: 'PROCESS',
          action: 'STARTED',
          hostname: 'host-1',
          processCommandLine: 'powershell.exe -enc SQBFAFgA',
          remoteIp: null,
        }),
      ],
      eventsOmitted: 2,
    });
    expect(Object.keys(sut.events[0]!).slice(0, 6)).toEqual([
      'id',
      'time',
      'receivedAt',
      'type',
      'action',
      'source',
    ]);
    expect(sut.events[0]).not.toHaveProperty('raw');
  });

  it('leaves links out without a link base and lists at most maxEvents events', () => {
    const events = Array.from({ length: 5 }, (_, index) => storedEvent({ id: index + 1 }));
    const sut = render(
      ActionType.WEBHOOK,
      alertMessageInput({ linkBaseUrl: null, maxEvents: 2, events, alert: { matchCount: 5 } }),
    ).webhook;

    expect(sut.alert.url).toBeNull();
    expect(sut.events.map((event) => event.id)).toEqual([1, 2]);
    expect(sut.eventsOmitted).toBe(3);
  });

  it.each(
    (
      [
        [
          storedEvent({ type: 'FILE', action: 'CREATED', filePath: 'C:\\t\\a.ps1' }),
          'FILE CREATED C:\\t\\a.ps1',
        ],
        [
          storedEvent({
            type: 'NETWORK',
            action: 'CONNECTED',
            remoteIp: '10.0.0.5',
            remotePort: 443,
          }),
          'NETWORK CONNECTED powershell.exe -> 10.0.0.5:443',
        ],
        [
          storedEvent({ type: 'NETWORK', action: 'DNS_QUERY', remoteFqdn: 'evil.example.test' }),
          'NETWORK DNS_QUERY evil.example.test',
        ],
        [
          storedEvent({ type: 'MUTEX', action: 'CREATED', handleName: '\\BaseNamedObjects\\m' }),
          'MUTEX CREATED \\BaseNamedObjects\\m',
        ],
        [
          storedEvent({
            type: 'REGISTRY',
            action: 'VALUE_SET',
            registryKey: 'HKLM\\Run',
            registryValueName: 'x',
            registryData: 'C:\\x.exe',
          }),
          'REGISTRY VALUE_SET HKLM\\Run\\x = C:\\x.exe',
        ],
      ] as const
    ).map(([event, line]) => ({ event, line })),
  )('describes an event as "$line"', ({ event, line }) => {
    const sut = render(ActionType.PAGERDUTY, alertMessageInput({ events: [event] })).pagerDuty;

    expect(sut.payload.custom_details.events).toEqual([`2024-09-15T00:30:00.123Z host-1 ${line}`]);
  });
});
