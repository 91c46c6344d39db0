import {
  defaultPagerDutySeverities,
  fallbackPagerDutySeverity,
  type PagerDutySeverity,
} from '../action.settings.js';
import { alertLink, clamp, describeEvent, headline, isoTime, shownEvents } from './format.js';
import type { AlertMessageInput } from './message.js';

/** A PagerDuty Events API v2 trigger event, without the routing key the channel adds. */
export interface PagerDutyEvent {
  event_action: 'trigger';
  /** The same for every try and every PagerDuty action of one alert: it never pages twice. */
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    custom_details: Record<string, unknown>;
  };
  client: string;
  client_url?: string;
  links: { href: string; text: string }[];
}

// PagerDuty cuts summaries at 1024 characters and refuses events over 512 KB; the long
// parts (query, description, event lines) are cut well below that.
const maxSummary = 1024;
const maxSource = 255;
const maxText = 4000;

/** The dedup key of an alert's PagerDuty events. */
export function pagerDutyDedupKey(alertId: number): string {
  return `telltale-alert-${alertId}`;
}

/** Renders the PagerDuty trigger event for an alert. */
export function renderPagerDuty(input: AlertMessageInput): PagerDutyEvent {
  const { alert, rule } = input;
  const link = alertLink(input);
  const shown = shownEvents(input);
  const severities = input.pagerDutySeverities ?? defaultPagerDutySeverities;

  return {
    event_action: 'trigger',
    dedup_key: pagerDutyDedupKey(alert.id),
    payload: {
      summary: clamp(headline(input), maxSummary),
      source: clamp(source(input), maxSource),
      severity: severities[alert.severity] ?? fallbackPagerDutySeverity,
      timestamp: isoTime(alert.lastTime),
      custom_details: {
        alert_id: alert.id,
        rule_id: rule.id,
        rule_name: alert.ruleName,
        query: clamp(rule.query, maxText),
        description: clamp(rule.description, maxText),
        severity: alert.severity,
        trigger_type: alert.triggerType,
        group_key: alert.groupKey,
        hostname: alert.hostname ?? null,
        match_count: alert.matchCount,
        first_time: isoTime(alert.firstTime),
        last_time: isoTime(alert.lastTime),
        window_start: alert.windowStart === null ? null : isoTime(alert.windowStart),
        window_end: alert.windowEnd === null ? null : isoTime(alert.windowEnd),
        events: shown.events.map(describeEvent),
        events_omitted: shown.omitted,
      },
    },
    client: 'Telltale',
    ...(link ? { client_url: link } : {}),
    links: link ? [{ href: link, text: 'Open the alert in Telltale' }] : [],
  };
}

// The affected system: the host of the matched events, or the group key across hosts.
function source(input: AlertMessageInput): string {
  if (input.alert.hostname) return input.alert.hostname;
  const hosts = [...new Set(input.events.map((event) => event.hostname))];
  if (hosts.length === 1) return hosts[0]!;
  if (hosts.length > 1) return `${hosts[0]} and ${hosts.length - 1} more hosts`;
  return input.alert.groupKey ?? 'telltale';
}
