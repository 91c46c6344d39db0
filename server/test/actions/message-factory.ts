import { emptyEvent, type StoredEvent } from '../../src/events/event.js';
import type { AlertMessageInput } from '../../src/actions/messages/message.js';

/** A PROCESS STARTED event on host-1, with any field overridden. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    ...emptyEvent({
      time: Date.parse('2024-09-15T00:30:00.123Z'),
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'host-1',
      raw: '{}',
    }),
    id: 1,
    receivedAt: Date.parse('2024-09-15T00:30:01.000Z'),
    assetId: 1,
    objectKey: null,
    processName: 'powershell.exe',
    processPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    processPid: 4242,
    processCommandLine: 'powershell.exe -enc SQBFAFgA',
    ...overrides,
  };
}

/** The message input of a Single Match alert with one event, with any part overridden. */
export function alertMessageInput(
  overrides: {
    alert?: Partial<AlertMessageInput['alert']>;
    rule?: Partial<AlertMessageInput['rule']>;
  } & Partial<Omit<AlertMessageInput, 'alert' | 'rule'>> = {},
): AlertMessageInput {
  const { alert, rule, ...rest } = overrides;
  return {
    alert: {
      id: 12,
      title: null,
      ruleName: 'Encoded PowerShell',
      severity: 'HIGH',
      triggerType: 'SINGLE_MATCH',
      groupKey: null,
      matchCount: 1,
      firstTime: Date.parse('2024-09-15T00:30:00.123Z'),
      lastTime: Date.parse('2024-09-15T00:30:00.123Z'),
      windowStart: null,
      windowEnd: null,
      ...alert,
    },
    rule: {
      id: 4,
      name: 'Encoded PowerShell',
      query: 'process.name:powershell.exe AND process.command_line:*-enc*',
      description: 'PowerShell started with an encoded command.',
      ...rule,
    },
    events: [storedEvent()],
    linkBaseUrl: 'https://telltale.example.test',
    ...rest,
  };
}
