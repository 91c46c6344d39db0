import type { StoredEvent } from '../../events/event.js';
import { actionGroupKey } from '../../rules/group.js';
import { TriggerType } from '../../rules/rule.js';
import type { AlertMessageInput } from './message.js';

/** How many matched events a message lists unless the input says otherwise. */
export const defaultMaxEvents = 10;

const maxEventLine = 300;

const triggerLabels: Record<string, string> = {
  [TriggerType.SINGLE_MATCH]: 'Single Match',
  [TriggerType.COUNT_MATCH]: 'Time-Window Count Match',
  [TriggerType.SCHEDULED_MATCH]: 'Time-Window Scheduled Match',
};

/** The events a message lists and how many of the alert's matches it leaves out. */
export interface ShownEvents {
  events: readonly StoredEvent[];
  omitted: number;
}

/** `text` cut to at most `max` characters, an ellipsis marking the cut. */
export function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An ISO 8601 UTC timestamp with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The alert's headline: its title, or the rule name with the group key. */
export function alertTitle(input: AlertMessageInput): string {
  const { alert } = input;
  if (alert.title) return oneLine(alert.title);
  return oneLine(alert.groupKey ? `${alert.ruleName} (${alert.groupKey})` : alert.ruleName);
}

/** `SEVERITY: title`, the first line of every message. */
export function headline(input: AlertMessageInput): string {
  return `${input.alert.severity}: ${alertTitle(input)}`;
}

/** The dashboard page of the alert, or null without a link base. */
export function alertLink(input: AlertMessageInput): string | null {
  if (!input.linkBaseUrl) return null;
  return `${input.linkBaseUrl.replace(/\/+$/, '')}/alerts/${input.alert.id}`;
}

/** The first `maxEvents` matched events, and the count of the alert's matches beyond them. */
export function shownEvents(input: AlertMessageInput): ShownEvents {
  const max = Math.max(0, input.maxEvents ?? defaultMaxEvents);
  const events = input.events.slice(0, max);
  const total = Math.max(input.alert.matchCount, input.events.length);
  return { events, omitted: total - events.length };
}

/** `showing 2 of 3`, or `3` when every match is shown. */
export function eventCountLabel(shown: ShownEvents): string {
  const total = shown.events.length + shown.omitted;
  return shown.omitted > 0 ? `showing ${shown.events.length} of ${total}` : String(total);
}

/** The alert's window as `start to end`, or null for alerts without one. */
export function windowLabel(input: AlertMessageInput): string | null {
  const { windowStart, windowEnd } = input.alert;
  if (windowStart === null || windowEnd === null) return null;
  return `${isoTime(windowStart)} to ${isoTime(windowEnd)}`;
}

/** The alert's facts as label and value, in the order every message shows them. */
export function alertFacts(input: AlertMessageInput): [label: string, value: string][] {
  const { alert } = input;
  const facts: [string, string][] = [
    ['Rule', `${alert.ruleName} (id ${input.rule.id})`],
    ['Severity', alert.severity],
    ['Trigger', triggerLabels[alert.triggerType] ?? alert.triggerType],
  ];
  if (alert.hostname) facts.push(['Host', alert.hostname]);
  if (alert.groupKey !== null && alert.groupKey !== actionGroupKey) {
    facts.push(['Group', alert.groupKey]);
  }
  facts.push(
    ['Matches', String(alert.matchCount)],
    ['First match', isoTime(alert.firstTime)],
    ['Last match', isoTime(alert.lastTime)],
  );
  const window = windowLabel(input);
  if (window) facts.push(['Window', window]);
  return facts;
}

/** One line about an event: time, host, type, action and what it was about. */
export function describeEvent(event: StoredEvent): string {
  const parts = [isoTime(event.time), event.hostname, event.type, event.action];
  const detail = eventDetail(event);
  if (detail) parts.push(detail);
  return clamp(oneLine(parts.join(' ')), maxEventLine);
}

/** Line breaks and runs of whitespace folded into single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function eventDetail(event: StoredEvent): string | null {
  switch (event.type) {
    case 'PROCESS':
      return event.processCommandLine ?? event.processPath ?? event.processName;
    case 'FILE':
      return event.filePath ?? event.fileName;
    case 'NETWORK': {
      const remote = event.remoteFqdn ?? event.remoteIp;
      if (event.action === 'DNS_QUERY') return remote;
      const target = event.remotePort === null ? remote : `${remote}:${event.remotePort}`;
      return event.processName ? `${event.processName} -> ${target}` : target;
    }
    case 'MUTEX':
      return event.handleName;
    case 'REGISTRY': {
      if (!event.registryKey) return null;
      const value = event.registryValueName ? `\\${event.registryValueName}` : '';
      const data = event.registryData === null ? '' : ` = ${event.registryData}`;
      return `${event.registryKey}${value}${data}`;
    }
  }
}
